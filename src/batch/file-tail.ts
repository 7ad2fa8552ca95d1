/**
 * Reading a file from its end: where its last complete line ends, and its lines last to first.
 * Resuming needs only the last request of an output that may be gigabytes long.
 */
import type { FileHandle } from 'node:fs/promises';

const BLOCK = 64 * 1024;
const NEWLINE = 10;

/** A complete line: its text without the newline, and the byte offset it starts at. */
export interface FileLine {
  text: string;
  start: number;
}

async function read(handle: FileHandle, start: number, end: number): Promise<Buffer> {
  const buffer = Buffer.alloc(end - start);
  let done = 0;
  while (done < buffer.length) {
    const { bytesRead } = await handle.read(buffer, done, buffer.length - done, start + done);
    if (bytesRead === 0) break;
    done += bytesRead;
  }
  return buffer.subarray(0, done);
}

/** The offset just after the last newline of the first `size` bytes (0 when there is none). */
export async function completeLength(handle: FileHandle, size: number): Promise<number> {
  for (let end = size; end > 0; end -= BLOCK) {
    const start = Math.max(0, end - BLOCK);
    const at = (await read(handle, start, end)).lastIndexOf(NEWLINE);
    if (at !== -1) return start + at + 1;
  }
  return 0;
}

/** The complete lines of the first `end` bytes (which end in a newline), from the last to the first. */
export async function* linesFromEnd(handle: FileHandle, end: number): AsyncGenerator<FileLine> {
  if (end === 0) return;
  // `rest` holds the bytes from `pos` up to the newline that ends the line being assembled.
  let pos = end - 1;
  let rest = Buffer.alloc(0);
  while (pos > 0) {
    const start = Math.max(0, pos - BLOCK);
    const buffer = Buffer.concat([await read(handle, start, pos), rest]);
    let stop = buffer.length;
    for (let i = buffer.length - 1; i >= 0; i--) {
      if (buffer[i] !== NEWLINE) continue;
      yield { text: buffer.toString('utf8', i + 1, stop), start: start + i + 1 };
      stop = i;
    }
    rest = buffer.subarray(0, stop);
    pos = start;
  }
  yield { text: rest.toString('utf8'), start: 0 };
}

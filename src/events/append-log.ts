/**
 * An append-only JSONL file that acknowledges a write only after fsync, for the event store's
 * file mode and its Redis spool.
 *
 * Writes are serialised (one at a time, in call order) so a batch is one contiguous run of lines.
 * A crash can leave a torn last line that was never acknowledged; opening the log cuts it off, so
 * the next append never glues a good record onto half a line.
 */
import { createReadStream } from 'node:fs';
import { type FileHandle, mkdir, open, rename, stat, truncate } from 'node:fs/promises';
import { dirname } from 'node:path';
import { createInterface } from 'node:readline';

/** The operations of a log, run unqueued inside `exclusive`. */
export interface LogOps {
  /** Appends one line per record and resolves once they are on disk (fsync). */
  write(records: readonly unknown[]): Promise<void>;
  /** Moves the whole file to `to` (later writes start a new file); false, moving nothing, when empty. */
  moveTo(to: string): Promise<boolean>;
}

/** An open append-only log; every operation waits for the ones called before it. */
export interface AppendLog extends LogOps {
  readonly path: string;
  /** Runs `task` alone: after every pending operation and before any later one. */
  exclusive<T>(task: (ops: LogOps) => Promise<T>): Promise<T>;
  close(): Promise<void>;
}

/** Opens (creating lazily) the log at `path`, first cutting off a torn last line if any. */
export async function openAppendLog(path: string): Promise<AppendLog> {
  await cutTornTail(path);
  let handle: FileHandle | undefined;
  let queue: Promise<unknown> = Promise.resolve();

  const exclusive = <T>(task: () => Promise<T>): Promise<T> => {
    const run = queue.then(task, task);
    queue = run.catch(() => undefined);
    return run;
  };
  const fileHandle = async (): Promise<FileHandle> => {
    if (handle) return handle;
    await mkdir(dirname(path), { recursive: true });
    handle = await open(path, 'a');
    // The file's directory entry must be durable too, or a crash could lose a new file.
    await syncDirectory(dirname(path));
    return handle;
  };

  const ops: LogOps = {
    async write(records) {
      if (records.length === 0) return;
      const text = records.map((record) => `${JSON.stringify(record)}\n`).join('');
      const file = await fileHandle();
      const { size } = await file.stat();
      try {
        await file.appendFile(text, 'utf8');
        await file.sync();
      } catch (error) {
        // A half-written batch (disk full) was not acknowledged: cut it off so the next write
        // starts on a clean line; if even that fails, the torn tail is cut at the next start.
        await file.truncate(size).catch(() => undefined);
        throw error;
      }
    },
    async moveTo(to) {
      await handle?.close();
      handle = undefined;
      const size = await stat(path).then(
        (s) => s.size,
        () => 0,
      );
      if (size === 0) return false;
      await rename(path, to);
      await syncDirectory(dirname(path));
      return true;
    },
  };

  return {
    path,
    exclusive: (task) => exclusive(() => task(ops)),
    write: (records) => exclusive(() => ops.write(records)),
    moveTo: (to) => exclusive(() => ops.moveTo(to)),
    close: () =>
      exclusive(async () => {
        await handle?.close();
        handle = undefined;
      }),
  };
}

/** Streams the records of a JSONL file (nothing when it does not exist); errors name file and line. */
export async function* readLog<T>(path: string): AsyncGenerator<T> {
  const exists = await stat(path).then(
    () => true,
    () => false,
  );
  if (!exists) return;
  const lines = createInterface({
    input: createReadStream(path, 'utf8'),
    crlfDelay: Number.POSITIVE_INFINITY,
  });
  let line = 0;
  try {
    for await (const text of lines) {
      line += 1;
      if (text.trim() === '') continue;
      try {
        yield JSON.parse(text) as T;
      } catch (error) {
        throw new Error(`${path}:${line}: malformed event record: ${(error as Error).message}`);
      }
    }
  } finally {
    lines.close();
  }
}

/** fsync of a directory, so renames and new files in it survive a crash (a no-op where unsupported). */
export async function syncDirectory(dir: string): Promise<void> {
  try {
    const handle = await open(dir, 'r');
    try {
      await handle.sync();
    } finally {
      await handle.close();
    }
  } catch {
    // Some platforms (Windows) cannot open or sync a directory; nothing more can be done there.
  }
}

/** Truncates the file after its last newline when a crash left a partial line behind. */
async function cutTornTail(path: string): Promise<void> {
  let handle: FileHandle;
  try {
    handle = await open(path, 'r');
  } catch {
    return; // no file yet
  }
  try {
    const { size } = await handle.stat();
    if (size === 0) return;
    // Scan back in blocks for the last newline.
    const block = Buffer.alloc(64 * 1024);
    let end = size;
    while (end > 0) {
      const start = Math.max(0, end - block.length);
      const { bytesRead } = await handle.read(block, 0, end - start, start);
      const last = block.subarray(0, bytesRead).lastIndexOf(0x0a);
      if (last >= 0) {
        const keep = start + last + 1;
        if (keep < size) await truncate(path, keep);
        return;
      }
      end = start;
    }
    await truncate(path, 0); // not one complete line
  } finally {
    await handle.close();
  }
}

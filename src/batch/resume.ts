/**
 * Where a re-run continues. Both files are written in input order, one file at a time, each write
 * finished before the other file is written (output-writer.ts); so everything before the last
 * request in either file is done. The last request of the output may be cut short (a kill between
 * or inside rows): unless a later line sits in the error file, it is dropped and scored again.
 * A torn last line is cut off. `force` (or no output yet) starts over. A shard's files must hold
 * only its own lines: one written for another shard (or another input) is refused, not cut.
 */
import { existsSync } from 'node:fs';
import { type FileHandle, open, rm, truncate, writeFile } from 'node:fs/promises';
import { MultirankError } from '../errors.js';
import { completeLength, linesFromEnd } from './file-tail.js';
import type { RowFormat } from './output-format.js';
import { ALL_LINES, type LineRange } from './shard.js';

/** Where the run starts. */
export interface ResumePoint {
  /** Input lines up to this one are done (0: none). */
  after: number;
}

const errorLineOf = (text: string): number | null => {
  const match = /^\{"line":(\d+)[,}]/.exec(text);
  return match?.[1] === undefined ? null : Number(match[1]);
};

/** Prepares `out` and `errors` for a run and says after which input line it starts. */
export async function prepareOutputs(options: {
  out: string;
  errors: string;
  format: RowFormat;
  force: boolean;
  /** The input lines this run scores (a shard's); by default all. */
  lines?: LineRange;
}): Promise<ResumePoint> {
  const { out, errors, format, lines = ALL_LINES } = options;
  if (options.force || !existsSync(out)) {
    await writeFile(out, format.header);
    await rm(errors, { force: true });
    return { after: 0 };
  }
  const last = await lastRequest(out, format);
  const failed = existsSync(errors) ? await lastError(errors) : null;
  const lastFailed = failed?.line ?? null;
  // Checked before anything is cut: resuming with another --shard would mix two shards' lines.
  if (last.line !== null) checkInRange(out, last.line, lines);
  if (lastFailed !== null) checkInRange(errors, lastFailed, lines);
  if (last.line === null) {
    // No complete row: at most a header, perhaps cut short by a kill as it was written.
    await writeFile(out, format.header);
    if (failed) await truncate(errors, failed.end);
    return { after: lastFailed ?? 0 };
  }
  if (lastFailed !== null && lastFailed > last.line && !last.torn) {
    // An error written after the output's last request proves that request complete.
    if (failed) await truncate(errors, failed.end);
    return { after: lastFailed };
  }
  await truncate(out, last.blockStart);
  if (failed) await truncate(errors, await errorsBefore(errors, failed.end, last.line));
  return { after: last.line - 1 };
}

const notOurs = (file: string, what: string): MultirankError =>
  new MultirankError(
    'BAD_REQUEST',
    `${file}: ${what}; cannot resume into it (use --force to start over, or another file)`,
  );

function checkInRange(file: string, line: number, lines: LineRange): void {
  if (line > lines.after && line <= lines.through) return;
  const through = lines.through === Number.POSITIVE_INFINITY ? 'the end' : String(lines.through);
  throw notOurs(
    file,
    `it holds input line ${line}, outside this run's lines ${lines.after + 1}–${through} (another --shard?)`,
  );
}

async function withFile<T>(file: string, use: (handle: FileHandle, size: number) => Promise<T>): Promise<T> {
  const handle = await open(file, 'r');
  try {
    return await use(handle, (await handle.stat()).size);
  } finally {
    await handle.close();
  }
}

/** The output's last request: its line, where its rows start, where the complete rows end. */
async function lastRequest(out: string, format: RowFormat) {
  return withFile(out, async (handle, size) => {
    const headerLength = Buffer.byteLength(format.header);
    const head = Buffer.alloc(Math.min(size, headerLength));
    await handle.read(head, 0, head.length, 0);
    if (!format.header.startsWith(head.toString('utf8'))) {
      throw notOurs(out, `its header is not "${format.header.trimEnd()}" (this model's output columns)`);
    }
    if (size <= headerLength) return { line: null, blockStart: size, end: size, torn: false };
    const end = Math.max(headerLength, await completeLength(handle, size));
    let line: number | null = null;
    let blockStart = headerLength;
    for await (const row of linesFromEnd(handle, end)) {
      if (row.start < headerLength) break;
      const rowLine = format.lineOf(row.text);
      if (rowLine === null) throw notOurs(out, `the row at byte ${row.start} is not a score row`);
      if (line !== null && rowLine !== line) break;
      line = rowLine;
      blockStart = row.start;
    }
    return { line, blockStart, end, torn: end < size };
  });
}

/** The error file's last line number and the end of its complete lines. */
async function lastError(errors: string): Promise<{ line: number | null; end: number }> {
  return withFile(errors, async (handle, size) => {
    const end = await completeLength(handle, size);
    for await (const entry of linesFromEnd(handle, end)) {
      const line = errorLineOf(entry.text);
      if (line === null) throw notOurs(errors, `the line at byte ${entry.start} is not a score error`);
      return { line, end };
    }
    return { line: null, end };
  });
}

/** The length of the error file's lines before input line `line`. */
async function errorsBefore(errors: string, end: number, line: number): Promise<number> {
  return withFile(errors, async (handle) => {
    for await (const entry of linesFromEnd(handle, end)) {
      if ((errorLineOf(entry.text) ?? 0) < line) return entry.start + Buffer.byteLength(entry.text) + 1;
    }
    return 0;
  });
}

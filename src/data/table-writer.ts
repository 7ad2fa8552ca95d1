/**
 * Streaming table writers for JSONL and CSV.
 *
 * Rows are encoded to text at once and buffered into chunks of ~64 KiB before they reach the
 * file stream; the stream's backpressure is passed on to the caller (write() returns false,
 * then await drain()), so a multi-million-row log never sits in memory.
 */
import { once } from 'node:events';
import { createWriteStream, type WriteStream } from 'node:fs';
import { finished } from 'node:stream/promises';

/** A cell value: text, a number, missing (null), or a list of ids. */
export type Cell = string | number | null | readonly string[];

/** The two text formats the simulator writes. */
export type TableFormat = 'jsonl' | 'csv';

/** A file of rows with fixed columns. */
export interface TableWriter {
  readonly path: string;
  /** Rows written so far (header excluded). */
  readonly rows: number;
  /** Adds one row (cells in column order); false means: await drain() before writing more. */
  write(cells: readonly Cell[]): boolean;
  /** Resolves once the file stream has taken the buffered chunks. */
  drain(): Promise<void>;
  /** Flushes and closes the file. */
  close(): Promise<void>;
  /** Closes the file at once, dropping buffered rows (after a failure elsewhere). */
  abort(): void;
}

const CHUNK_CHARS = 1 << 16;
const CSV_NEEDS_QUOTES = /[",\r\n]/;

/** Quotes a CSV field when RFC 4180 requires it (comma, quote or line break inside). */
export function csvField(text: string): string {
  return CSV_NEEDS_QUOTES.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

/**
 * Formats a number exactly as String(x) would, faster for the simulator's common case of
 * values rounded to at most 6 decimals (integer arithmetic instead of shortest-digit search).
 */
export function formatNumber(x: number): string {
  if (Number.isInteger(x)) return String(x);
  const k = Math.round(x * 1e6);
  // Only take the fast path when x is exactly k / 1e6 and small enough for digits to be unique.
  if (Math.abs(x) >= 1e6 || k / 1e6 !== x) return String(x);
  const abs = Math.abs(k);
  const whole = Math.floor(abs / 1e6);
  let frac = abs - whole * 1e6;
  let width = 6;
  while (frac % 10 === 0) {
    frac /= 10;
    width--;
  }
  return `${x < 0 ? '-' : ''}${whole}.${String(frac).padStart(width, '0')}`;
}

/**
 * Remembers the text of the last list it encoded. A request's history list is the same array
 * on every row of its slate, so it is encoded once rather than once per position.
 */
function listMemo(encodeList: (list: readonly string[]) => string): (list: readonly string[]) => string {
  let last: readonly string[] | undefined;
  let text = '';
  return (list) => {
    if (list !== last) {
      last = list;
      text = encodeList(list);
    }
    return text;
  };
}

/** Builds a CSV record encoder (no line ending): null is an empty field, lists are joined with "|". */
export function csvEncoder(): (cells: readonly Cell[]) => string {
  const list = listMemo((ids) => csvField(ids.join('|')));
  return (cells) => {
    let line = '';
    for (let k = 0; k < cells.length; k++) {
      const cell = cells[k] ?? null;
      if (k > 0) line += ',';
      if (cell === null) continue;
      if (typeof cell === 'number') line += Number.isFinite(cell) ? formatNumber(cell) : '';
      else line += typeof cell === 'string' ? csvField(cell) : list(cell);
    }
    return line;
  };
}

/** A JSON string literal; ids and names need no escaping, so skip JSON.stringify for them. */
export function jsonString(text: string): string {
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    // Control characters, quote, backslash and surrogates take the careful path.
    if (c < 0x20 || c === 0x22 || c === 0x5c || (c >= 0xd800 && c <= 0xdfff)) return JSON.stringify(text);
  }
  return `"${text}"`;
}

/** Builds a JSON object encoder (no line ending) for fixed keys; null stays null. */
export function jsonEncoder(keys: readonly string[]): (cells: readonly Cell[]) => string {
  // Key prefixes are encoded once per file rather than once per row.
  const prefixes = keys.map((key, k) => `${k === 0 ? '{' : ','}${jsonString(key)}:`);
  const list = listMemo((ids) => `[${ids.map(jsonString).join(',')}]`);
  return (cells) => {
    let line = '';
    for (let k = 0; k < prefixes.length; k++) {
      const cell = cells[k] ?? null;
      line += prefixes[k];
      if (cell === null) line += 'null';
      else if (typeof cell === 'number') line += Number.isFinite(cell) ? formatNumber(cell) : 'null';
      else if (typeof cell === 'string') line += jsonString(cell);
      else line += list(cell);
    }
    return `${line}}`;
  };
}

/** Opens `path` for writing rows in `format`; a CSV file starts with the header row. */
export function openTableWriter(path: string, format: TableFormat, columns: readonly string[]): TableWriter {
  const stream: WriteStream = createWriteStream(path, { encoding: 'utf8' });
  let failure: Error | undefined;
  stream.on('error', (err) => {
    failure = err;
  });
  const encode = format === 'csv' ? csvEncoder() : jsonEncoder(columns);
  let buffer = format === 'csv' ? `${columns.map(csvField).join(',')}\n` : '';
  let blocked = false;
  let rows = 0;

  const flush = (): void => {
    if (buffer.length === 0) return;
    if (!stream.write(buffer)) blocked = true;
    buffer = '';
  };

  return {
    path,
    get rows() {
      return rows;
    },
    write(cells) {
      if (failure) throw failure;
      buffer += `${encode(cells)}\n`;
      rows++;
      if (buffer.length >= CHUNK_CHARS) flush();
      return !blocked;
    },
    async drain() {
      if (failure) throw failure;
      if (!blocked) return;
      await once(stream, 'drain');
      blocked = false;
    },
    async close() {
      if (failure) throw failure;
      flush();
      stream.end();
      await finished(stream);
    },
    abort() {
      buffer = '';
      stream.destroy();
    },
  };
}

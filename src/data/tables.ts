/**
 * Item and user tables: read once into memory, keyed by id, for joining onto log rows.
 *
 * Tables are small next to the log (one row per item or user), so a Map is the right shape;
 * the log itself is never held in memory.
 */
import { DataError } from './errors.js';
import { type ReadOptions, readRows } from './read-rows.js';
import { cell, type RawRecord } from './records.js';

/** A table of records keyed by their id (ids compared as text, see `idOf`). */
export type Table = ReadonlyMap<string, RawRecord>;

/**
 * Turns an id cell into the text used as a key, or undefined when missing.
 * JSON 42 and CSV "42" both become "42", so a JSONL log joins onto a CSV table.
 */
export function idOf(value: unknown): string | undefined {
  if (typeof value === 'string') return value === '' ? undefined : value;
  if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  if (typeof value === 'bigint' || typeof value === 'boolean') return String(value);
  return undefined;
}

/** Loads a JSONL or CSV table into a Map keyed by `keyColumn`; a missing or repeated id is an error. */
export async function loadTable(path: string, keyColumn: string, options: ReadOptions = {}): Promise<Table> {
  const table = new Map<string, RawRecord>();
  const firstLine = new Map<string, number>();
  for await (const row of readRows(path, options)) {
    const origin = { file: row.file, line: row.line };
    const id = idOf(cell(row.record, keyColumn));
    if (id === undefined)
      throw new DataError(origin, keyColumn, 'missing id (every table row needs its key)');
    const seenAt = firstLine.get(id);
    if (seenAt !== undefined) {
      throw new DataError(origin, keyColumn, `duplicate id "${id}" (first at line ${seenAt})`);
    }
    firstLine.set(id, row.line);
    table.set(id, row.record);
  }
  return table;
}

/**
 * The item and user tables a bundle carries for serving (items.jsonl, users.jsonl): the training
 * tables cut to the columns the model reads, so `serve` ranks with the item features and user
 * features training saw without being pointed at the training data.
 *
 * They are data, not model: left out of the content hash, so a fresher table can be dropped in
 * beside an unchanged model.
 */

import { once } from 'node:events';
import { createWriteStream } from 'node:fs';
import { join } from 'node:path';
import type { Table } from '../data/tables.js';
import type { FittedFeatures } from '../features/fitted.js';

/** File names of the serving tables inside a bundle. */
export const SERVING_TABLE_FILES = { item: 'items.jsonl', user: 'users.jsonl' } as const;

/** The columns one side's table contributes to a model: its key and its features' columns, or null without a table. */
export function tableColumns(
  fitted: FittedFeatures,
  side: 'item' | 'user',
): { key: string; columns: string[] } | null {
  const key = (side === 'item' ? fitted.layout.itemTable : fitted.layout.userTable)?.key;
  if (key === undefined) return null;
  const columns = fitted.features.filter((f) => f.spec.source === side).map((f) => f.spec.column);
  return { key, columns: [...new Set([key, ...columns])] };
}

/** Keeps only `columns` of a record (absent ones stay absent). */
export function pickColumns(record: Readonly<Record<string, unknown>>, columns: readonly string[]) {
  const out: Record<string, unknown> = {};
  for (const column of columns) if (Object.hasOwn(record, column)) out[column] = record[column];
  return out;
}

/** Writes the item and user tables the model reads into `dir`, cut to its columns; sides without a table are skipped. */
export async function writeServingTables(
  dir: string,
  fitted: FittedFeatures,
  tables: { items: Table | null; users: Table | null },
): Promise<void> {
  for (const side of ['item', 'user'] as const) {
    const table = side === 'item' ? tables.items : tables.users;
    const wanted = tableColumns(fitted, side);
    if (!table || !wanted) continue;
    await writeJsonl(join(dir, SERVING_TABLE_FILES[side]), table.values(), (record) =>
      pickColumns(record, wanted.columns),
    );
  }
}

async function writeJsonl<T>(path: string, rows: Iterable<T>, shape: (row: T) => unknown): Promise<void> {
  const out = createWriteStream(path);
  const done = once(out, 'finish');
  const failed = once(out, 'error').then(([error]) => {
    throw error;
  });
  failed.catch(() => undefined); // observed through the races below; never left unhandled
  for (const row of rows) {
    // Respect backpressure: a user table can hold millions of rows.
    if (!out.write(`${JSON.stringify(shape(row))}\n`)) await Promise.race([once(out, 'drain'), failed]);
  }
  out.end();
  await Promise.race([done, failed]);
}

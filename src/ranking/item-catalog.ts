/**
 * The item catalog the ranker reads candidates' item features from: the item table (JSONL or CSV,
 * the same readers and id rules as training's join) held in memory, keyed by item id.
 *
 * Records keep only the columns the model's item features read (plus the key), so a wide item
 * table costs no more memory than the model needs; values are kept exactly as read, so serving
 * parses them with the same rules training did.
 */
import type { ReadOptions } from '../data/read-rows.js';
import type { RawRecord } from '../data/records.js';
import { loadTable, type Table } from '../data/tables.js';
import { MultirankError } from '../errors.js';
import type { FittedFeatures } from '../features/fitted.js';
import { pickColumns, tableColumns } from '../model/serving-tables.js';

/** Item records by id, as the ranker needs them. */
export interface ItemCatalog {
  /** Number of items. */
  readonly size: number;
  /** The item's record (only the columns the model reads), or undefined for an unknown id. */
  get(itemId: string): RawRecord | undefined;
  /** Whether the id is in the catalog. */
  has(itemId: string): boolean;
  /** Every item id with its record (for encoding the catalog once, at load). */
  entries(): IterableIterator<[string, RawRecord]>;
}

/** The item-table columns a model reads: its item key and the columns of its item-source features. */
export function itemColumns(fitted: FittedFeatures): { key: string; columns: string[] } {
  const columns = tableColumns(fitted, 'item');
  if (columns === null) {
    throw new MultirankError(
      'BAD_REQUEST',
      'this model reads no item table (its item features come from the request), so it has no item catalog',
    );
  }
  return columns;
}

/** Wraps a loaded table; with `columns`, each record is cut down to those columns (absent ones stay absent). */
export function createItemCatalog(table: Table, columns?: readonly string[]): ItemCatalog {
  const records = new Map<string, RawRecord>();
  for (const [id, record] of table) records.set(id, columns ? pickColumns(record, columns) : record);
  return {
    size: records.size,
    get: (itemId) => records.get(itemId),
    has: (itemId) => records.has(itemId),
    entries: () => records.entries(),
  };
}

/**
 * A change to a live catalog (live-catalog.ts): a record (an item added or replaced), null (taken
 * down: absent even when the bundle has it), or undefined (back to the bundle's own record, if any).
 */
export type CatalogChange = readonly [itemId: string, record: RawRecord | null | undefined];

/**
 * Loads the item table at `path` for a model: keyed by the model's item-table key, records cut to
 * the columns its item features read. Errors name the file and line (missing or repeated ids too).
 */
export async function loadItemCatalog(
  path: string,
  fitted: FittedFeatures,
  options: ReadOptions = {},
): Promise<ItemCatalog> {
  const { key, columns } = itemColumns(fitted);
  return createItemCatalog(await loadTable(path, key, options), columns);
}

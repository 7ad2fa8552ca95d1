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
 * A change to a live catalog: a record (an item added or replaced), null (taken down: absent even
 * when the bundle has it), or undefined (back to the bundle's own record, if any).
 */
export type CatalogChange = readonly [itemId: string, record: RawRecord | null | undefined];

/** An item id and what the catalog answers for it after a change (null: absent). */
export type EffectiveItem = readonly [itemId: string, record: RawRecord | null];

/** The bundle's catalog with live changes over it (items pushed through the API, takedowns). */
export interface LiveItemCatalog extends ItemCatalog {
  /** Applies `changes` in order; returns each changed id with what `get` now answers. */
  apply(changes: readonly CatalogChange[]): EffectiveItem[];
  /** Every change held over the bundle's items: what a new copy (a worker) needs to catch up. */
  changes(): IterableIterator<CatalogChange>;
}

/** The overlay's marker of an item taken down. */
const TAKEN_DOWN: RawRecord = Object.freeze({});

/** `record` cut to `columns`; the record itself when it has no other key (no copy for a million items). */
function cut(record: RawRecord, columns: readonly string[] | undefined): RawRecord {
  if (!columns) return record;
  for (const key of Object.keys(record)) if (!columns.includes(key)) return pickColumns(record, columns);
  return record;
}

/**
 * A live catalog over `base`. Changed records are cut to `columns` (the model's item columns), as
 * the bundle's were; the bundle's records are never modified, so `undefined` restores them.
 */
export function createLiveCatalog(base: ItemCatalog, columns?: readonly string[]): LiveItemCatalog {
  // A takedown is a marker rather than null, so a lookup costs one probe of the (large) overlay.
  const overlay = new Map<string, RawRecord>();
  let size = base.size;
  const get = (itemId: string): RawRecord | undefined => {
    const over = overlay.get(itemId);
    if (over === undefined) return base.get(itemId);
    return over === TAKEN_DOWN ? undefined : over;
  };
  return {
    get size() {
      return size;
    },
    get,
    has: (itemId) => get(itemId) !== undefined,
    *entries() {
      for (const entry of base.entries()) if (!overlay.has(entry[0])) yield entry;
      for (const [id, record] of overlay) if (record !== TAKEN_DOWN) yield [id, record];
    },
    apply(changes) {
      const effective: EffectiveItem[] = [];
      for (const [itemId, record] of changes) {
        const before = get(itemId) !== undefined;
        if (record === undefined) overlay.delete(itemId);
        else overlay.set(itemId, record === null ? TAKEN_DOWN : cut(record, columns));
        const now = get(itemId);
        size += (now !== undefined ? 1 : 0) - (before ? 1 : 0);
        effective.push([itemId, now ?? null]);
      }
      return effective;
    },
    *changes() {
      for (const [id, record] of overlay) yield [id, record === TAKEN_DOWN ? null : record];
    },
  };
}

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

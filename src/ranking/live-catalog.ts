/**
 * The item catalog a served model ranks with: the bundle's items with the live catalog's changes
 * over them (items pushed through the API, takedowns), held compactly for a million items. Every
 * item the catalog answers for, or holds taken down, has a slot (util/slot-index.ts): a state
 * byte, its record in columns when it changed (record-columns.ts; the bundle's own records stay
 * as loaded) and its encoded row (features/item-rows.ts), written when it changes. A ranking
 * resolves each candidate with one probe (`slotOf`) and copies the rows out (`gather`), to the
 * scoring worker too, which holds no catalog: nothing is encoded per request, and nothing is held
 * per item in more than one thread.
 */
import type { RawRecord } from '../data/records.js';
import type { FittedFeatures } from '../features/fitted.js';
import { createItemRows, type GatheredItems, type ItemRows, itemLayout } from '../features/item-rows.js';
import { isPlain } from '../features/request-encoder.js';
import { tableColumns } from '../model/serving-tables.js';
import { createSlotIndex, withRoom } from '../util/slot-index.js';
import type { CatalogChange, ItemCatalog } from './item-catalog.js';
import { createRecordColumns } from './record-columns.js';
import type { ScoreJob } from './scorer.js';

/** The bundle's catalog with live changes over it. */
export interface LiveItemCatalog extends ItemCatalog {
  /** The item's slot, or -1 when the catalog does not answer for it (unknown or taken down). */
  slotOf(itemId: string): number;
  /** The encoded rows of `slots` (slotOf; -1: none), in order, for one request's candidates. */
  gather(slots: Int32Array): GatheredItems;
  /** Applies `changes` in order (the last change to an item wins). */
  apply(changes: readonly CatalogChange[]): void;
  /** Every change held over the bundle's items: what another model's catalog needs to catch up. */
  changes(): IterableIterator<CatalogChange>;
}

/** A slot's state. */
const FREE = 0;
const BUNDLE = 1;
const LIVE = 2;
const DOWN = 3;

/** Whether `catalog` is live (a served model's) rather than a plain table. */
export function isLiveCatalog(catalog: ItemCatalog): catalog is LiveItemCatalog {
  return 'gather' in catalog;
}

/**
 * A live catalog over `base` for the model of `fitted`: changed records are held cut to its item
 * columns, as the bundle's were; the bundle's records are never modified, so `undefined` restores
 * them. Every item is encoded here, the bundle's now and each changed one as it changes.
 */
export function createLiveCatalog(base: ItemCatalog, fitted: FittedFeatures): LiveItemCatalog {
  const index = createSlotIndex();
  const columns = createRecordColumns(tableColumns(fitted, 'item')?.columns ?? []);
  const layout = itemLayout(fitted);
  const rows: ItemRows | null = layout && createItemRows(layout);
  let state = new Uint8Array(0);
  let size = 0;

  const setState = (slot: number, to: number) => {
    state = withRoom(state, slot + 1);
    const present = (s: number | undefined) => (s === BUNDLE || s === LIVE ? 1 : 0);
    size += present(to) - present(state[slot]);
    state[slot] = to;
  };

  const recordAt = (itemId: string, slot: number): RawRecord | undefined => {
    const at = state[slot];
    if (at === LIVE) return columns.read(slot);
    return at === BUNDLE ? base.get(itemId) : undefined;
  };

  const apply = (changes: Iterable<CatalogChange>) => {
    /** Each touched slot's item and the record to encode into it (null: no row), the last change winning. */
    const touched = new Map<number, readonly [string, RawRecord | null]>();
    for (const [itemId, record] of changes) {
      const original = record === undefined ? base.get(itemId) : undefined;
      if (record === undefined && !original) {
        const slot = index.remove(itemId);
        if (slot < 0) continue;
        setState(slot, FREE);
        columns.clear(slot);
        touched.set(slot, [itemId, null]);
        continue;
      }
      const slot = index.add(itemId);
      setState(slot, record === undefined ? BUNDLE : record === null ? DOWN : LIVE);
      if (record) columns.write(slot, record);
      else columns.clear(slot);
      touched.set(slot, [itemId, record ?? original ?? null]);
    }
    if (!rows) return;
    const encode: [number, string, RawRecord][] = [];
    for (const [slot, [itemId, record]] of touched) {
      if (record) encode.push([slot, itemId, record]);
      else rows.clear(slot);
    }
    rows.write(encode);
  };

  apply(
    (function* () {
      for (const [itemId] of base.entries()) yield [itemId, undefined] as const;
    })(),
  );

  return {
    get size() {
      return size;
    },
    slotOf(itemId) {
      const slot = index.slotOf(itemId);
      return slot >= 0 && state[slot] !== DOWN ? slot : -1;
    },
    get: (itemId) => {
      const slot = index.slotOf(itemId);
      return slot < 0 ? undefined : recordAt(itemId, slot);
    },
    has: (itemId) => {
      const slot = index.slotOf(itemId);
      return slot >= 0 && state[slot] !== DOWN;
    },
    *entries() {
      for (const [itemId, slot] of index.entries()) {
        const record = recordAt(itemId, slot);
        if (record) yield [itemId, record];
      }
    },
    gather: (slots) =>
      rows?.gather(slots) ?? { found: new Uint8Array(slots.length), words: new Int32Array(0) },
    apply,
    *changes() {
      for (const [itemId, slot] of index.entries()) {
        if (state[slot] === LIVE) yield [itemId, columns.read(slot)];
        else if (state[slot] === DOWN) yield [itemId, null];
      }
    },
  };
}

/**
 * The catalog's part of a scoring job: the rows of the candidates' `slots` (slotOf, one probe
 * each, already taken by the caller) copied out, and the record set on each candidate the rows
 * cannot stand for (its own features over it, or a value that does not encode: the row path
 * needs it). Synchronous, so no change lands between the lookups and the copy.
 */
export function gatherJob(
  catalog: LiveItemCatalog,
  candidates: ScoreJob['candidates'],
  slots: Int32Array,
): GatheredItems {
  const items = catalog.gather(slots);
  candidates.forEach((c, i) => {
    if (slots[i]! >= 0 && (items.found[i] !== 1 || !isPlain(c))) c.item = catalog.get(c.itemId);
  });
  return items;
}

/**
 * Catalog items' encoded features, one row per slot (util/slot-index.ts), written when an item
 * changes and copied out per request, so a ranking never encodes a catalog item.
 *
 * A row holds every input read from the item table, side by side (`itemLayout`): a request reads
 * a few hundred items at random out of up to a million, and one row is one cache line where a
 * column per feature would cost one per feature. Rows are 32-bit words (an index, or a float's
 * bits), so one buffer holds them all and one copy moves them: to a scoring worker too, which
 * then needs no catalog of its own (GatheredItems).
 */
import type { RawRecord } from '../data/records.js';
import { withRoom } from '../util/slot-index.js';
import { encodeRows } from './encode.js';
import type { FittedFeatures } from './fitted.js';
import type { RawRow } from './rows.js';
import type { FeatureDef, RowLayout } from './spec.js';

/** Where a feature's value comes from at serving: the request, the catalog item, or neither alone. */
export type Scope = 'request' | 'item' | 'candidate';

/**
 * Where `feature` is read from, given how rows are built (features/rows.ts): a table-backed user
 * or item record, else the request context, which also holds both ids and each candidate's own
 * features (those candidates take the row path).
 */
export function scopeOf(feature: FeatureDef, layout: RowLayout): Scope {
  if (feature.source === 'user' && layout.userTable) return 'request';
  if (feature.source === 'item' && layout.itemTable) return 'item';
  return feature.column === layout.itemKey ? 'candidate' : 'request';
}

/** An item-table input's place in a row: `width` words from `offset`. */
export interface ItemField {
  /** Its index among the fitted features (the batch's order). */
  feature: number;
  offset: number;
  /** 1 (an index, a number), 2 (a number and its missing flag), or a bag's maxLength. */
  width: number;
}

/** The row shape of a model's item-table inputs. */
export interface ItemLayout {
  fields: ItemField[];
  /** Words a row. */
  width: number;
  /** The fitted features cut to the item-table inputs: what rows are encoded with. */
  fitted: FittedFeatures;
}

const NOTHING: RawRecord = Object.freeze({});
const ORIGIN = Object.freeze({ file: 'items' });

/** Records encoded per encodeRows call: bounds the rows built at once when a catalog loads. */
const CHUNK = 4096;

const layouts = new WeakMap<FittedFeatures, ItemLayout | null>();

/** The row shape of `fitted`'s item-table inputs; null when it reads none (no item table). */
export function itemLayout(fitted: FittedFeatures): ItemLayout | null {
  const known = layouts.get(fitted);
  if (known !== undefined) return known;
  const fields: ItemField[] = [];
  let width = 0;
  fitted.features.forEach((f, feature) => {
    if (scopeOf(f.spec, fitted.layout) !== 'item') return;
    const words =
      f.type === 'bag' ? f.spec.maxLength : f.type === 'numeric' && f.spec.missing.indicator ? 2 : 1;
    fields.push({ feature, offset: width, width: words });
    width += words;
  });
  const layout =
    fields.length === 0
      ? null
      : {
          fields,
          width,
          fitted: {
            ...fitted,
            features: fields.map((f) => fitted.features[f.feature]!),
            tasks: [],
            bias: null,
          },
        };
  layouts.set(fitted, layout);
  return layout;
}

/** The encoded rows of one request's candidates, in candidate order. */
export interface GatheredItems {
  /** 1 where the candidate's row was copied (its item is in the catalog and encodes). */
  found: Uint8Array;
  /** `found.length` rows of `ItemLayout.width` words; floats are read through a Float32Array of the same buffer. */
  words: Int32Array;
}

/** Encoded rows by slot. */
export interface ItemRows {
  readonly layout: ItemLayout;
  /** Slots holding a row. */
  readonly size: number;
  /**
   * Encodes each record into its slot (the last one wins when a slot repeats); a record with a
   * bad value leaves its slot without a row, so its candidates take the row path, which names it.
   */
  write(entries: readonly (readonly [slot: number, itemId: string, record: RawRecord])[]): void;
  /** Drops the slot's row. */
  clear(slot: number): void;
  /** Copies the rows of `slots` (-1: none) out, in order. */
  gather(slots: Int32Array): GatheredItems;
}

/** Empty rows of `layout`. */
export function createItemRows(layout: ItemLayout): ItemRows {
  const { width } = layout;
  const key = layout.fitted.layout.itemTable?.key ?? '';
  let words = new Int32Array(0);
  let floats = new Float32Array(0);
  let valid = new Uint8Array(0);
  let size = 0;

  const setValid = (slot: number, to: 0 | 1) => {
    valid = withRoom(valid, slot + 1);
    size += to - valid[slot]!;
    valid[slot] = to;
  };

  /** Encodes entries of distinct slots into their rows (encodeRows: the one definition). */
  const encode = (entries: readonly (readonly [number, string, RawRecord])[]) => {
    // Only `item` is read (the layout holds item-table inputs only); a bad value is skipped, not
    // reported, so the rows share one origin.
    const rows: RawRow[] = entries.map(([, id, record]) => ({
      context: NOTHING,
      user: NOTHING,
      item: { ...record, [key]: id },
      origin: ORIGIN,
    }));
    const batch = encodeRows(layout.fitted, rows, { labels: false, badValues: 'skip' });
    for (const [slot] of entries) setValid(slot, 0);
    batch.rows.forEach((input, row) => {
      const slot = entries[input]![0];
      layout.fields.forEach((field, f) => {
        const column = batch.features[f]!;
        const at = slot * width + field.offset;
        if (column.kind === 'numeric') {
          floats[at] = column.values[row]!;
          if (field.width === 2) floats[at + 1] = column.missing?.[row] ?? 0;
        } else words.set(column.indices.subarray(row * field.width, (row + 1) * field.width), at);
      });
      setValid(slot, 1);
    });
  };

  return {
    layout,
    get size() {
      return size;
    },
    write(entries) {
      const last = new Map<number, (typeof entries)[number]>();
      for (const entry of entries) last.set(entry[0], entry);
      const todo = [...last.values()];
      const highest = todo.reduce((most, [slot]) => Math.max(most, slot), -1);
      if ((highest + 1) * width > words.length) {
        words = withRoom(words, (highest + 1) * width);
        floats = new Float32Array(words.buffer);
      }
      for (let from = 0; from < todo.length; from += CHUNK) encode(todo.slice(from, from + CHUNK));
    },
    clear(slot) {
      if (slot < valid.length) setValid(slot, 0);
    },
    gather(slots) {
      const n = slots.length;
      const found = new Uint8Array(n);
      const out = new Int32Array(n * width);
      for (let i = 0; i < n; i++) {
        const slot = slots[i]!;
        if (slot < 0 || valid[slot] !== 1) continue;
        found[i] = 1;
        // Words, not floats: a float's bits are copied as they are.
        for (let k = 0, from = slot * width, to = i * width; k < width; k++) out[to + k] = words[from + k]!;
      }
      return { found, words: out };
    },
  };
}

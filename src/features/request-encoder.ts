/**
 * Encoding a ranking request without a row object per candidate. A request's user and context
 * features are the same on every candidate row, and a catalog item's features are the same in
 * every request, so: the item features of every catalog item are encoded once, when the model
 * loads (columnar, like a batch); a request encodes its user and context features once; the batch
 * is then gathered from the two. Only candidates that bring their own `features`, or are not in
 * the catalog, go through the row path (rowFromRequest + encodeRows), which stays the definition:
 * `encode` returns exactly what encodeRows returns for the same rows, and any bad value sends the
 * whole request down the row path so its error names the same candidate and column.
 */
import type { RawRecord } from '../data/records.js';
import { type EncodedBatch, type EncodedFeature, encodeRows } from './encode.js';
import type { FittedFeatures } from './fitted.js';
import { type CandidateView, type RawRow, type RequestView, rowFromRequest } from './rows.js';
import type { FeatureDef, RowLayout } from './spec.js';

/** Where a feature's value comes from at serving: the request, the catalog item, or neither alone. */
type Scope = 'request' | 'item' | 'candidate';

/** Encodes a request's candidates as encodeRows would encode their rows. */
export interface RequestEncoder {
  /** Items whose features are encoded ahead of requests (catalog items without a bad value). */
  readonly preEncodedItems: number;
  encode(view: RequestView, candidates: readonly IndexedCandidate[]): EncodedBatch;
  /**
   * Catalog items that changed (the live catalog): their rows are dropped, and an item still in
   * the catalog is encoded again the first time a request names it (so a million pushed items
   * cost nothing here until they are ranked). Rows are reused; the table grows by doubling.
   */
  update(items: Iterable<readonly [string, RawRecord | null]>): void;
}

/** A candidate and its place in the request (`candidates[index]` in error messages; default: its position). */
export type IndexedCandidate = CandidateView & { index?: number };

/**
 * Where `feature` is read from, given how rows are built (features/rows.ts): a table-backed user
 * or item record, else the request context, which also holds both ids and each candidate's own
 * features (those candidates take the row path).
 */
function scopeOf(feature: FeatureDef, layout: RowLayout): Scope {
  if (feature.source === 'user' && layout.userTable) return 'request';
  if (feature.source === 'item' && layout.itemTable) return 'item';
  return feature.column === layout.itemKey ? 'candidate' : 'request';
}

/** Pre-encoded item rows (columns of `capacity` rows), the row of each item id, and rows to reuse. */
interface ItemTable {
  features: EncodedFeature[];
  capacity: number;
  /** Rows handed out so far (free ones included). */
  used: number;
  rowOf: Map<string, number>;
  free: number[];
  /** Catalog items whose current record has a bad value (not encoded; the row path names it). */
  failed: Set<string>;
}

/** Encodes catalog records: the batch and, for each encoded row, its item id. */
function encodeItems(
  fitted: FittedFeatures,
  records: Iterable<readonly [string, RawRecord]>,
): { batch: EncodedBatch; ids: string[] } {
  const key = fitted.layout.itemTable?.key ?? '';
  const ids: string[] = [];
  const rows: RawRow[] = [];
  for (const [id, record] of records) {
    ids.push(id);
    rows.push({ context: {}, user: {}, item: { ...record, [key]: id }, origin: { file: `items[${id}]` } });
  }
  // A catalog item with a bad value is left out: its requests take the row path and fail there.
  const batch = encodeRows(fitted, rows, { labels: false, badValues: 'skip' });
  return { batch, ids: Array.from(batch.rows, (input) => ids[input]!) };
}

function encodeCatalog(fitted: FittedFeatures, catalog: Iterable<[string, RawRecord]>): ItemTable {
  const { batch, ids } = encodeItems(fitted, catalog);
  const rowOf = new Map<string, number>(ids.map((id, row) => [id, row]));
  return {
    features: batch.features,
    capacity: batch.size,
    used: batch.size,
    rowOf,
    free: [],
    failed: new Set(),
  };
}

/** A row for a new item: a freed one, else the next, doubling the columns when full. */
function allocateRow(table: ItemTable): number {
  const reused = table.free.pop();
  if (reused !== undefined) return reused;
  if (table.used === table.capacity) {
    const capacity = Math.max(64, table.capacity * 2);
    table.features = table.features.map((column) => {
      const grown = emptyLike(column, capacity);
      if (grown.kind === 'numeric' && column.kind === 'numeric') {
        grown.values.set(column.values);
        if (grown.missing && column.missing) grown.missing.set(column.missing);
      } else if (grown.kind !== 'numeric' && column.kind !== 'numeric') grown.indices.set(column.indices);
      return grown;
    });
    table.capacity = capacity;
  }
  return table.used++;
}

/** Forgets the rows of changed items (see RequestEncoder.update): they are encoded again on first use. */
function releaseRows(table: ItemTable, ids: Iterable<string>): void {
  for (const id of ids) {
    table.failed.delete(id);
    const row = table.rowOf.get(id);
    if (row === undefined) continue;
    table.rowOf.delete(id);
    table.free.push(row);
  }
}

/**
 * Encodes catalog records into the table (each id once); a record with a bad value is remembered
 * as such and left out, so its candidates take the row path, which names the bad value.
 */
function encodeInto(fitted: FittedFeatures, table: ItemTable, records: Map<string, RawRecord>): void {
  const { batch, ids } = encodeItems(fitted, records);
  const encoded = new Set(ids);
  for (const id of records.keys()) if (!encoded.has(id)) table.failed.add(id);
  ids.forEach((id, from) => {
    let to = table.rowOf.get(id);
    if (to === undefined) {
      to = allocateRow(table);
      table.rowOf.set(id, to);
    }
    table.features.forEach((column, f) => {
      copyRow(column, to, batch.features[f]!, from);
    });
  });
}

/** Copies row `from` of `source` into row `to` of `target` (same feature kind and width). */
function copyRow(target: EncodedFeature, to: number, source: EncodedFeature, from: number): void {
  if (target.kind === 'numeric' && source.kind === 'numeric') {
    target.values[to] = source.values[from]!;
    if (target.missing && source.missing) target.missing[to] = source.missing[from]!;
  } else if (target.kind === 'bag' && source.kind === 'bag') {
    const width = target.maxLength;
    target.indices.set(source.indices.subarray(from * width, (from + 1) * width), to * width);
  } else if (target.kind === 'index' && source.kind === 'index') {
    target.indices[to] = source.indices[from]!;
  }
}

/** An empty column shaped like `like`, for `n` rows. */
function emptyLike(like: EncodedFeature, n: number): EncodedFeature {
  if (like.kind === 'index') return { name: like.name, kind: 'index', indices: new Int32Array(n) };
  if (like.kind === 'bag')
    return {
      name: like.name,
      kind: 'bag',
      indices: new Int32Array(n * like.maxLength),
      maxLength: like.maxLength,
    };
  return {
    name: like.name,
    kind: 'numeric',
    values: new Float32Array(n),
    missing: like.missing ? new Float32Array(n) : null,
  };
}

/**
 * The encoder of one model and catalog. `catalog` lists the item records by id (null: the model
 * reads no item table, or has no catalog): they are encoded here, once.
 */
export function createRequestEncoder(
  fitted: FittedFeatures,
  catalog: Iterable<[string, RawRecord]> | null,
): RequestEncoder {
  const { layout } = fitted;
  const scopes = fitted.features.map((f) => scopeOf(f.spec, layout));
  const items = catalog && layout.itemTable ? encodeCatalog(fitted, catalog) : null;
  const gatherable = !scopes.includes('candidate');
  const readsItems = scopes.includes('item');

  const rowPath = (view: RequestView, candidates: readonly IndexedCandidate[]) =>
    encodeRows(
      fitted,
      candidates.map((c, i) => rowFromRequest(layout, view, c, c.index ?? i)),
      { labels: false },
    );

  return {
    get preEncodedItems() {
      return items?.rowOf.size ?? 0;
    },
    update(changed) {
      if (items)
        releaseRows(
          items,
          Array.from(changed, ([id]) => id),
        );
    },
    encode(view, candidates) {
      const n = candidates.length;
      if (n === 0 || !gatherable) return rowPath(view, candidates);
      const plain = (c: CandidateView) => c.features === undefined || Object.keys(c.features).length === 0;
      const itemRow = (c: CandidateView): number | undefined => items?.rowOf.get(c.itemId);
      if (items && readsItems) {
        // Catalog items changed since they were encoded (or never encoded): encode them now, once.
        const due = new Map<string, RawRecord>();
        for (const c of candidates) {
          if (c.item && plain(c) && itemRow(c) === undefined && !items.failed.has(c.itemId))
            due.set(c.itemId, c.item);
        }
        if (due.size > 0) encodeInto(fitted, items, due);
      }
      // Each candidate's item row, looked up once (the table may hold a million items).
      const rowOfCandidate = Int32Array.from(candidates, (c) => itemRow(c) ?? -1);
      // A candidate with its own features, or an item not encoded, takes the row path.
      const own: number[] = [];
      candidates.forEach((c, i) => {
        if (!plain(c) || (readsItems && rowOfCandidate[i]! < 0)) own.push(i);
      });
      let request: EncodedBatch;
      let owned: EncodedBatch;
      try {
        // Request-level values as the first candidate's row has them, minus its own features.
        const first = candidates[0]!;
        request = rowPath(view, [{ itemId: first.itemId, item: first.item, index: first.index ?? 0 }]);
        owned = rowPath(
          view,
          own.map((i) => candidates[i]!),
        );
      } catch {
        // The row path names the first bad candidate and column exactly as before.
        return rowPath(view, candidates);
      }
      // Each candidate's row in `owned`, -1 for the gathered ones.
      const ownRow = new Int32Array(n).fill(-1);
      own.forEach((i, j) => {
        ownRow[i] = j;
      });
      const features = request.features.map((column, f) => {
        const out = emptyLike(column, n);
        for (let i = 0; i < n; i++) {
          const j = ownRow[i]!;
          if (j >= 0) copyRow(out, i, owned.features[f]!, j);
          else if (scopes[f] === 'item') copyRow(out, i, items!.features[f]!, rowOfCandidate[i]!);
          else copyRow(out, i, column, 0);
        }
        return out;
      });
      const perRow = (of: (batch: EncodedBatch) => Int32Array) =>
        Int32Array.from({ length: n }, (_, i) => {
          const j = ownRow[i]!;
          return j < 0 ? of(request)[0]! : of(owned)[j]!;
        });
      return {
        size: n,
        rows: Int32Array.from({ length: n }, (_, i) => i),
        features,
        labels: null,
        position: perRow((b) => b.position),
        device: perRow((b) => b.device),
      };
    },
  };
}

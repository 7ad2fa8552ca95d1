/**
 * Encoding a ranking request without a row object per candidate. A request's user and context
 * features are the same on every candidate row, and a catalog item's features are the same in
 * every request, so: catalog items are encoded when they enter the catalog, one row each
 * (item-rows.ts), and a request's rows are gathered by whoever holds the catalog (GatheredItems);
 * a request encodes its user and context features once; the batch is then assembled from the two.
 * Only candidates that bring their own `features`, or whose item has no row (unknown, or a bad
 * value), go through the row path (rowFromRequest + encodeRows), which stays the definition:
 * `encode` returns exactly what encodeRows returns for the same rows, and any bad value sends the
 * whole request down the row path so its error names the same candidate and column.
 */
import type { RawRecord } from '../data/records.js';
import { createSlotIndex } from '../util/slot-index.js';
import { type EncodedBatch, type EncodedFeature, encodeRows } from './encode.js';
import type { FittedFeatures } from './fitted.js';
import {
  createItemRows,
  type GatheredItems,
  type ItemField,
  type ItemLayout,
  itemLayout,
  scopeOf,
} from './item-rows.js';
import { type CandidateView, type RequestView, rowFromRequest } from './rows.js';

/** Encodes a request's candidates as encodeRows would encode their rows. */
export interface RequestEncoder {
  /** Items of the encoder's own catalog encoded ahead of requests (those without a bad value). */
  readonly preEncodedItems: number;
  /**
   * `items`: the candidates' catalog rows, gathered by the caller (its catalog); without it, from
   * the catalog the encoder was made with, by id.
   */
  encode(
    view: RequestView,
    candidates: readonly IndexedCandidate[],
    items?: GatheredItems | null,
  ): EncodedBatch;
}

/** A candidate and its place in the request (`candidates[index]` in error messages; default: its position). */
export type IndexedCandidate = CandidateView & { index?: number };

/** Whether a candidate brings no features of its own (so its catalog row can stand for its item). */
export function isPlain(candidate: CandidateView): boolean {
  return candidate.features === undefined || Object.keys(candidate.features).length === 0;
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

/** Copies gathered row `from` (its `field`) into row `to` of `target`. */
function copyGathered(
  target: EncodedFeature,
  to: number,
  field: ItemField,
  words: Int32Array,
  floats: Float32Array,
  at: number,
): void {
  if (target.kind === 'numeric') {
    target.values[to] = floats[at]!;
    if (target.missing) target.missing[to] = floats[at + 1]!;
  } else if (target.kind === 'index') target.indices[to] = words[at]!;
  else target.indices.set(words.subarray(at, at + field.width), to * field.width);
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
 * The encoder of one model. `catalog` lists item records by id, encoded here once for callers
 * that gather nothing themselves (null: rows come with each request, or the model has no catalog).
 */
export function createRequestEncoder(
  fitted: FittedFeatures,
  catalog: Iterable<[string, RawRecord]> | null,
): RequestEncoder {
  const { layout } = fitted;
  const scopes = fitted.features.map((f) => scopeOf(f.spec, layout));
  const gatherable = !scopes.includes('candidate');
  const items = itemLayout(fitted);
  const fieldOf = new Map(items?.fields.map((field) => [field.feature, field]));
  const own = catalog && items ? ownCatalog(items, catalog) : null;

  const rowPath = (view: RequestView, candidates: readonly IndexedCandidate[]) =>
    encodeRows(
      fitted,
      candidates.map((c, i) => rowFromRequest(layout, view, c, c.index ?? i)),
      { labels: false },
    );

  return {
    get preEncodedItems() {
      return own?.rows.size ?? 0;
    },
    encode(view, candidates, given) {
      const n = candidates.length;
      if (n === 0 || !gatherable) return rowPath(view, candidates);
      const gathered =
        given ?? (own ? own.rows.gather(Int32Array.from(candidates, (c) => own.slotOf(c.itemId))) : null);
      // A candidate with its own features, or whose item has no row, takes the row path.
      const owned: number[] = [];
      candidates.forEach((c, i) => {
        if (!isPlain(c) || (items && gathered?.found[i] !== 1)) owned.push(i);
      });
      let request: EncodedBatch;
      let ownedBatch: EncodedBatch;
      try {
        // Request-level values as the first candidate's row has them, minus its own features.
        const first = candidates[0]!;
        request = rowPath(view, [{ itemId: first.itemId, item: first.item, index: first.index ?? 0 }]);
        ownedBatch = rowPath(
          view,
          owned.map((i) => candidates[i]!),
        );
      } catch {
        // The row path names the first bad candidate and column exactly as before.
        return rowPath(view, candidates);
      }
      // Each candidate's row in `ownedBatch`, -1 for the assembled ones.
      const ownRow = new Int32Array(n).fill(-1);
      owned.forEach((i, j) => {
        ownRow[i] = j;
      });
      const words = gathered?.words ?? new Int32Array(0);
      const floats = new Float32Array(words.buffer, words.byteOffset, words.length);
      const width = items?.width ?? 0;
      const features = request.features.map((column, f) => {
        const out = emptyLike(column, n);
        const field = fieldOf.get(f);
        for (let i = 0; i < n; i++) {
          const j = ownRow[i]!;
          if (j >= 0) copyRow(out, i, ownedBatch.features[f]!, j);
          else if (field) copyGathered(out, i, field, words, floats, i * width + field.offset);
          else copyRow(out, i, column, 0);
        }
        return out;
      });
      const perRow = (of: (batch: EncodedBatch) => Int32Array) =>
        Int32Array.from({ length: n }, (_, i) => {
          const j = ownRow[i]!;
          return j < 0 ? of(request)[0]! : of(ownedBatch)[j]!;
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

/** A catalog of the encoder's own (bench, tests, a scorer used alone): its items encoded once, found by id. */
function ownCatalog(layout: ItemLayout, catalog: Iterable<[string, RawRecord]>) {
  const index = createSlotIndex();
  const rows = createItemRows(layout);
  const entries: [number, string, RawRecord][] = [];
  for (const [id, record] of catalog) entries.push([index.add(id), id, record]);
  rows.write(entries);
  return { rows, slotOf: index.slotOf };
}

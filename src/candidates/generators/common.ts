/**
 * What every generator shares: its signature, the empty answer, id lookups that ignore unknown
 * ids, and zero-copy views into the index's lists. Generators answer with `RankedItems` so a
 * list read straight from the index (a CSR row, the popular list) costs two subarray views and
 * no copying.
 */
import type { CandidateIndex, CandidateRequest, Csr, RankedItems } from '../types.js';

/** One candidate source: up to `limit` item indices with scores, best first (read only: may be views into the index). */
export type Generator = (index: CandidateIndex, request: CandidateRequest, limit: number) => RankedItems;

/** The answer of a generator with nothing to say (unknown item, no history, missing segment). */
export const EMPTY_ITEMS: RankedItems = Object.freeze({
  items: new Int32Array(0),
  scores: new Float32Array(0),
});

/** The index of an item id, or -1 when the id is absent or not in the index (unknown ids are not errors). */
export function itemIndexOf(index: CandidateIndex, id: string | undefined): number {
  if (id === undefined) return -1;
  return index.indexOf.get(id) ?? -1;
}

/** The request's recent items that the index knows, newest first, without repeats, at most `max`. */
export function knownRecentItems(index: CandidateIndex, request: CandidateRequest, max: number): number[] {
  const known: number[] = [];
  for (const id of request.recentItems ?? []) {
    if (known.length >= max) break;
    const item = itemIndexOf(index, id);
    // A repeated watch would count its neighbours twice; the newest occurrence keeps its weight.
    if (item >= 0 && !known.includes(item)) known.push(item);
  }
  return known;
}

/** Row `row` of a CSR list, cut to `limit`, as views (no copy). */
export function csrRow(csr: Csr, row: number, limit: number): RankedItems {
  if (row < 0 || row + 1 >= csr.offsets.length || limit <= 0) return EMPTY_ITEMS;
  const start = csr.offsets[row] ?? 0;
  const end = Math.min(csr.offsets[row + 1] ?? start, start + limit);
  if (end <= start) return EMPTY_ITEMS;
  return { items: csr.targets.subarray(start, end), scores: csr.scores.subarray(start, end) };
}

/** A ranked list cut to `limit`, as views (no copy). */
export function headOf(list: RankedItems, limit: number): RankedItems {
  if (limit <= 0 || list.items.length === 0) return EMPTY_ITEMS;
  if (list.items.length <= limit) return list;
  return { items: list.items.subarray(0, limit), scores: list.scores.subarray(0, limit) };
}

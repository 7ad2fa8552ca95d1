/**
 * The history source: items near the user's recent watches in the item embedding space
 * (`similar`). It personalises where co-watch cannot (a home page, a current item nobody else
 * watched). Newer watches say more about what the user wants now, so each older one weighs
 * less, and an item close to several watches collects all their scores.
 */
import type { CandidateIndex, CandidateRequest, RankedItems } from '../types.js';
import { sumRows } from './accumulate.js';
import { EMPTY_ITEMS, knownRecentItems } from './common.js';

/** How many recent watches (newest first) the history source reads. */
export const HISTORY_ITEMS = 20;
/** Weight of the i-th newest watch is HISTORY_DECAY^i: 1, 0.8, 0.64, ... */
export const HISTORY_DECAY = 0.8;

/** `similar` neighbours of the recent watches, weighted HISTORY_DECAY^i by age rank and summed per item. */
export function historyCandidates(
  index: CandidateIndex,
  request: CandidateRequest,
  limit: number,
): RankedItems {
  if (limit <= 0) return EMPTY_ITEMS;
  const recent = knownRecentItems(index, request, HISTORY_ITEMS);
  if (recent.length === 0) return EMPTY_ITEMS;
  const sum = sumRows(index);
  let weight = 1;
  for (const item of recent) {
    sum.add(index.similar, item, weight);
    weight *= HISTORY_DECAY;
  }
  return sum.top(limit);
}

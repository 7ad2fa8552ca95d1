/**
 * The co-watch source: what people watched after or with the item being watched. It is the
 * strongest watch-next signal, so the current item counts fully; the newest few watches add
 * their neighbours at a falling weight, which keeps the list on topic for the current video
 * while bending it towards the session (and still answers when there is no current item).
 */
import type { CandidateIndex, CandidateRequest, RankedItems } from '../types.js';
import { sumRows } from './accumulate.js';
import { csrRow, EMPTY_ITEMS, itemIndexOf, knownRecentItems } from './common.js';

/** How many recent watches add their co-watch neighbours. */
export const COWATCH_RECENT_ITEMS = 3;
/** Weight of the newest recent watch relative to the current item; each older one gets half the one before. */
export const COWATCH_RECENT_WEIGHT = 0.5;

/** Co-watch neighbours of the current item (weight 1) plus those of the newest recent watches (0.5, 0.25, 0.125), summed. */
export function cowatchCandidates(
  index: CandidateIndex,
  request: CandidateRequest,
  limit: number,
): RankedItems {
  if (limit <= 0) return EMPTY_ITEMS;
  const current = itemIndexOf(index, request.currentItem);
  // The current item is often also the newest watch; counting it twice would only inflate its row.
  const recent = knownRecentItems(index, request, COWATCH_RECENT_ITEMS + 1)
    .filter((item) => item !== current)
    .slice(0, COWATCH_RECENT_ITEMS);
  // One row alone is already ranked in the index: answer with a view, no summing.
  if (recent.length === 0) return csrRow(index.cowatch, current, limit);
  if (current < 0 && recent.length === 1) return csrRow(index.cowatch, recent[0] ?? -1, limit);
  const sum = sumRows(index);
  if (current >= 0) sum.add(index.cowatch, current, 1);
  let weight = COWATCH_RECENT_WEIGHT;
  for (const item of recent) {
    sum.add(index.cowatch, item, weight);
    weight /= 2;
  }
  return sum.top(limit);
}

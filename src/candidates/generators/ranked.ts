/**
 * The list sources that do not depend on the user: popular, trending and fresh. They answer
 * every request, which makes them the cold-start backfill; popular and trending are kept per
 * segment so a TV user gets what TV users watch.
 */
import type { CandidateIndex, CandidateRequest, RankedItems } from '../types.js';
import { EMPTY_ITEMS, headOf } from './common.js';

/** The segment every index has; more specific segments fall back to it. */
export const ALL_SEGMENT = 'all';

/** The list of the first request segment the map holds, else of "all", else none. */
function segmentList(lists: Map<string, RankedItems>, request: CandidateRequest): RankedItems {
  for (const segment of request.segments ?? []) {
    const list = lists.get(segment);
    if (list) return list;
  }
  return lists.get(ALL_SEGMENT) ?? EMPTY_ITEMS;
}

/** The most popular items of the request's most specific known segment (decayed clicks over the whole log). */
export function popularCandidates(
  index: CandidateIndex,
  request: CandidateRequest,
  limit: number,
): RankedItems {
  return headOf(segmentList(index.popular, request), limit);
}

/** The trending items of the request's most specific known segment (clicks with a short half-life). */
export function trendingCandidates(
  index: CandidateIndex,
  request: CandidateRequest,
  limit: number,
): RankedItems {
  return headOf(segmentList(index.trending, request), limit);
}

/** The most recent uploads, for exploration and for new items nobody has clicked yet. */
export function freshCandidates(
  index: CandidateIndex,
  _request: CandidateRequest,
  limit: number,
): RankedItems {
  return headOf(index.fresh, limit);
}

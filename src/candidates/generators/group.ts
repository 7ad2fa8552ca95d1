/**
 * The topic and creator sources: other items of the current item's group, best quality first,
 * as the index stores them. A group row is read as a view, so a large topic costs nothing more
 * than a small one.
 */
import type { CandidateIndex, CandidateRequest, Csr, RankedItems } from '../types.js';
import { csrRow, EMPTY_ITEMS, itemIndexOf } from './common.js';

/** The members of the current item's group in `groups` (group of item i = groupOf[i], -1 for none). */
function groupMembers(
  index: CandidateIndex,
  request: CandidateRequest,
  limit: number,
  groupOf: Int32Array,
  groups: Csr,
): RankedItems {
  const current = itemIndexOf(index, request.currentItem);
  if (current < 0 || limit <= 0) return EMPTY_ITEMS;
  return csrRow(groups, groupOf[current] ?? -1, limit);
}

/** Members of the current item's topic, best quality first (the current item itself may be among them; the merge drops it). */
export function topicCandidates(
  index: CandidateIndex,
  request: CandidateRequest,
  limit: number,
): RankedItems {
  return groupMembers(index, request, limit, index.topicOf, index.topics);
}

/** Other items of the current item's creator, best quality first (the current item itself may be among them). */
export function creatorCandidates(
  index: CandidateIndex,
  request: CandidateRequest,
  limit: number,
): RankedItems {
  return groupMembers(index, request, limit, index.creatorOf, index.creators);
}

/**
 * The topic and creator sources: other items of the current item's group (and, for topics, of
 * the newest watches' groups), best first as the index stores them. A group row is read as a view, so a large topic costs nothing more
 * than a small one.
 */
import type { CandidateIndex, CandidateRequest, Csr, RankedItems } from '../types.js';
import { csrRow, EMPTY_ITEMS, itemIndexOf, knownRecentItems } from './common.js';

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

/** How many of the newest watches lend their topics to the topic source. */
export const TOPIC_RECENT_ITEMS = 3;

/**
 * Members of the current item's topic and of the topics of the newest watches, best first: the
 * current topic fills half the list (all of it when it is the only topic), the other topics
 * share the rest evenly, in watch order. A watch-next page serves the video at hand and the
 * user's other recent interests; without a current item, recent topics alone answer.
 */
export function topicCandidates(
  index: CandidateIndex,
  request: CandidateRequest,
  limit: number,
): RankedItems {
  if (limit <= 0) return EMPTY_ITEMS;
  const current = itemIndexOf(index, request.currentItem);
  const currentTopic = current >= 0 ? (index.topicOf[current] ?? -1) : -1;
  const others: number[] = [];
  for (const item of knownRecentItems(index, request, TOPIC_RECENT_ITEMS)) {
    const topic = index.topicOf[item] ?? -1;
    if (topic >= 0 && topic !== currentTopic && !others.includes(topic)) others.push(topic);
  }
  if (others.length === 0) return csrRow(index.topics, currentTopic, limit);
  const currentShare = currentTopic >= 0 ? Math.ceil(limit / 2) : 0;
  const rows = [csrRow(index.topics, currentTopic, currentShare)];
  // The rest is shared evenly; the first topics (newest watches) take the remainder.
  const rest = limit - rows[0]!.items.length;
  others.forEach((topic, t) => {
    const share = Math.floor(rest / others.length) + (t < rest % others.length ? 1 : 0);
    rows.push(csrRow(index.topics, topic, share));
  });
  const total = rows.reduce((n, row) => n + row.items.length, 0);
  const items = new Int32Array(total);
  const scores = new Float32Array(total);
  let at = 0;
  for (const row of rows) {
    items.set(row.items, at);
    // Rank-based scores: members of different topics are not comparable by their stored scores.
    for (let r = 0; r < row.items.length; r++) scores[at + r] = 1 / (1 + at + r);
    at += row.items.length;
  }
  return { items, scores };
}

/** Other items of the current item's creator, best quality first (the current item itself may be among them). */
export function creatorCandidates(
  index: CandidateIndex,
  request: CandidateRequest,
  limit: number,
): RankedItems {
  return groupMembers(index, request, limit, index.creatorOf, index.creators);
}

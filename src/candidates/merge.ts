/**
 * The merge: one candidate list from the sources' ranked lists. Each source fills up to its
 * quota with items no earlier source proposed (an item it shares with an earlier source costs it
 * nothing and adds it to that item's sources), so quotas buy distinct candidates. Excluded items
 * and the current item never enter. Past the cap the list is cut by score; short of it
 * (cold start: no current item, no history) popular and then fresh fill the rest.
 *
 * Generator scores are on unrelated scales (co-click ratios, cosines, decayed counts, upload
 * times), so a candidate's score is rank-based: 1 / (1 + r) for the best rank r any source gave
 * it. Dedup uses a per-index generation-stamped scratch, so no per-item objects are made until
 * the final candidates.
 */
import {
  CANDIDATE_SOURCES,
  type Candidate,
  type CandidateIndex,
  type CandidateSource,
  type RankedItems,
} from './types.js';

/** The order sources take their quotas in: the most request-specific first. */
export const MERGE_ORDER: readonly CandidateSource[] = [
  'cowatch',
  'history',
  'topic',
  'creator',
  'trending',
  'popular',
  'fresh',
];
/** Where the leftover of the cap goes when the sources come up short, in order. */
export const BACKFILL_ORDER: readonly CandidateSource[] = ['popular', 'fresh'];

/** What the merge needs: per-source quotas and the total cap. */
export interface MergeLimits {
  quotas: Readonly<Record<CandidateSource, number>>;
  cap: number;
}

/** Each source's ranked list (absent = nothing proposed). */
export type SourceLists = Partial<Record<CandidateSource, RankedItems>>;

const EXCLUDED = 0x80;
const BIT = Object.fromEntries(CANDIDATE_SOURCES.map((s, i) => [s, 1 << i])) as Record<
  CandidateSource,
  number
>;
/** Source mask → its source names in CANDIDATE_SOURCES order, shared and frozen so 500 candidates make no arrays. */
const SOURCES_OF: readonly (readonly CandidateSource[])[] = Array.from(
  { length: 1 << CANDIDATE_SOURCES.length },
  (_, mask) => Object.freeze(CANDIDATE_SOURCES.filter((s) => (mask & BIT[s]) !== 0)),
);

interface Scratch {
  stamp: Uint32Array;
  mask: Uint8Array;
  rank: Int32Array;
  generation: number;
}
const scratches = new WeakMap<CandidateIndex, Scratch>();

function freshScratch(index: CandidateIndex): Scratch {
  let s = scratches.get(index);
  // Items appended to a live index (live-lists.ts) need room: a new scratch, grown with slack.
  if (!s || s.stamp.length < index.itemIds.length) {
    const n = s ? Math.ceil(index.itemIds.length * 1.25) : index.itemIds.length;
    s = { stamp: new Uint32Array(n), mask: new Uint8Array(n), rank: new Int32Array(n), generation: 0 };
    scratches.set(index, s);
  }
  if (++s.generation === 0xffffffff) {
    s.stamp.fill(0);
    s.generation = 1;
  }
  return s;
}

/**
 * Merges the sources' lists into at most `limits.cap` candidates, best score first (ties by item
 * index); `excluded` holds item indices never to return (the request's exclusions and current item).
 */
export function mergeCandidates(
  index: CandidateIndex,
  lists: SourceLists,
  limits: MergeLimits,
  excluded: Iterable<number>,
): Candidate[] {
  const s = freshScratch(index);
  const { stamp, mask, rank, generation } = s;
  const n = stamp.length;
  for (const item of excluded) {
    if (item < 0 || item >= n) continue;
    stamp[item] = generation;
    mask[item] = EXCLUDED;
  }
  let quotaTotal = 0;
  for (const source of MERGE_ORDER) quotaTotal += limits.quotas[source];
  const chosen = new Int32Array(Math.max(quotaTotal, limits.cap));
  let count = 0;
  const walked: Partial<Record<CandidateSource, number>> = {};

  /** Walks `source`'s list from where it stopped, adding up to `take` new items; returns how many it added. */
  const walk = (source: CandidateSource, take: number): number => {
    const list = lists[source];
    if (!list || take <= 0) return 0;
    const { items } = list;
    const bit = BIT[source];
    let pos = walked[source] ?? 0;
    let added = 0;
    for (; pos < items.length && added < take; pos++) {
      const item = items[pos] ?? -1;
      if (item < 0 || item >= n) continue;
      if (stamp[item] === generation) {
        const m = mask[item] ?? 0;
        if (m & EXCLUDED) continue;
        mask[item] = m | bit;
        if (pos < (rank[item] ?? pos)) rank[item] = pos;
        continue;
      }
      stamp[item] = generation;
      mask[item] = bit;
      rank[item] = pos;
      chosen[count++] = item;
      added++;
    }
    walked[source] = pos;
    return added;
  };

  for (const source of MERGE_ORDER) walk(source, limits.quotas[source]);
  for (const source of BACKFILL_ORDER) walk(source, limits.cap - count);

  const order = byRankThenItem(chosen.subarray(0, count), rank);
  const size = Math.min(count, limits.cap);
  const candidates: Candidate[] = new Array(size);
  for (let i = 0; i < size; i++) {
    const item = order[i] ?? 0;
    const r = rank[item] ?? 0;
    candidates[i] = {
      itemId: index.itemIds[item] ?? '',
      sources: SOURCES_OF[mask[item] ?? 0] as CandidateSource[],
      score: 1 / (1 + r),
    };
  }
  return candidates;
}

/**
 * Items ordered by best rank, then by item index: a deterministic order and a fair cut across
 * sources. Ranks are small integers, so a counting sort places them in linear time; at most one
 * item per source shares a rank, so the insertion pass that orders ties moves each item a few
 * places at most.
 */
function byRankThenItem(items: Int32Array, rank: Int32Array): Int32Array {
  let maxRank = 0;
  for (const item of items) maxRank = Math.max(maxRank, rank[item] ?? 0);
  const next = new Int32Array(maxRank + 2);
  for (const item of items) {
    const slot = (rank[item] ?? 0) + 1;
    next[slot] = (next[slot] ?? 0) + 1;
  }
  for (let r = 1; r <= maxRank + 1; r++) next[r] = (next[r] ?? 0) + (next[r - 1] ?? 0);
  const order = new Int32Array(items.length);
  for (const item of items) {
    const r = rank[item] ?? 0;
    const at = next[r] ?? 0;
    order[at] = item;
    next[r] = at + 1;
  }
  for (let i = 1; i < order.length; i++) {
    const item = order[i] ?? 0;
    const r = rank[item] ?? 0;
    let j = i - 1;
    for (; j >= 0 && (rank[order[j] ?? 0] ?? 0) === r && (order[j] ?? 0) > item; j--)
      order[j + 1] = order[j] ?? 0;
    order[j + 1] = item;
  }
  return order;
}

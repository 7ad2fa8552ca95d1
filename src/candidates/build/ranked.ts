/** Turning per-item scores into the index's ranked lists and group member lists. */
import type { Csr, RankedItems } from '../types.js';

/** Item indices ordered by score, best first, ties by index so rebuilds are byte-identical. */
function orderByScore(indices: number[], scores: Float64Array): number[] {
  return indices.sort((a, b) => (scores[b] ?? 0) - (scores[a] ?? 0) || a - b);
}

/** The `k` best items with a score above 0 (an item never clicked is not "popular"). */
export function topItems(scores: Float64Array, k: number): RankedItems {
  const indices: number[] = [];
  for (let i = 0; i < scores.length; i++) if ((scores[i] ?? 0) > 0) indices.push(i);
  return rankedOf(orderByScore(indices, scores).slice(0, k), scores);
}

/** The `k` most recent items by a time per item (NaN when unknown, left out), scored in unix days. */
export function newestItems(times: Float64Array, k: number): RankedItems {
  const indices: number[] = [];
  for (let i = 0; i < times.length; i++) if (Number.isFinite(times[i])) indices.push(i);
  const top = orderByScore(indices, times).slice(0, k);
  // Float32 cannot hold unix seconds to the second; unix days keep ~minute precision.
  const days = Float64Array.from(times, (t) => t / 86_400);
  return rankedOf(top, days);
}

function rankedOf(top: number[], scores: Float64Array): RankedItems {
  return { items: Int32Array.from(top), scores: Float32Array.from(top, (i) => scores[i] ?? 0) };
}

/** Group → members (every item with `groupOf[i] === g`), best quality first, as a Csr. */
export function groupMembers(groupOf: Int32Array, nGroups: number, quality: Float64Array): Csr {
  const members: number[][] = Array.from({ length: nGroups }, () => []);
  for (let i = 0; i < groupOf.length; i++) {
    const g = groupOf[i] ?? -1;
    if (g >= 0) members[g]?.push(i);
  }
  const offsets = new Int32Array(nGroups + 1);
  const targets = new Int32Array(groupOf.length);
  const scores = new Float32Array(groupOf.length);
  let at = 0;
  members.forEach((list, g) => {
    for (const i of orderByScore(list, quality)) {
      targets[at] = i;
      scores[at] = quality[i] ?? 0;
      at += 1;
    }
    offsets[g + 1] = at;
  });
  return { offsets, targets: targets.slice(0, at), scores: scores.slice(0, at) };
}

/**
 * Each item's click-through rate smoothed towards the global rate:
 * (clicks + m·p̄) / (impressions + m), with p̄ = all clicks / all impressions and m pseudo-impressions.
 * An item shown 3 times and clicked once does not outrank one at 30% over 10,000 impressions, and
 * items never shown get p̄. CTR rather than like rate because every log that trains the ranker
 * has a click column, while likes are optional.
 */
export function smoothedCtr(clicks: Float64Array, impressions: Float64Array, m: number): Float64Array {
  let totalClicks = 0;
  let totalImpressions = 0;
  for (let i = 0; i < clicks.length; i++) {
    totalClicks += clicks[i] ?? 0;
    totalImpressions += impressions[i] ?? 0;
  }
  const prior = totalImpressions > 0 ? totalClicks / totalImpressions : 0;
  return Float64Array.from(clicks, (c, i) => {
    const n = impressions[i] ?? 0;
    return n + m > 0 ? (c + m * prior) / (n + m) : prior;
  });
}

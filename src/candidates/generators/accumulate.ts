/**
 * A sparse score accumulator for generators that sum several weighted CSR rows (co-watch over the
 * current and recent items, history over the recent items). Allocating and zeroing an n-sized
 * array per request would cost more than the whole generation at 100k items, so one scratch per
 * index is kept and reset with a generation stamp: an entry counts only when its stamp is the
 * current one. Generation is synchronous, so one scratch per index is never used by two requests
 * at once.
 */
import type { CandidateIndex, Csr, RankedItems } from '../types.js';
import { EMPTY_ITEMS } from './common.js';

interface Scratch {
  stamp: Uint32Array;
  score: Float64Array;
  /** Items touched in the current generation, in first-touch order. */
  touched: Int32Array;
  count: number;
  /** Work space of `top` (scores to sort, items kept), kept to avoid new arrays per request. */
  values: Float64Array;
  kept: Int32Array;
  generation: number;
}

const scratches = new WeakMap<CandidateIndex, Scratch>();

/** The index's scratch, reset for a new sum (old entries become stale by their stamp). */
function freshScratch(index: CandidateIndex): Scratch {
  let scratch = scratches.get(index);
  if (!scratch) {
    const n = index.itemIds.length;
    scratch = {
      stamp: new Uint32Array(n),
      score: new Float64Array(n),
      touched: new Int32Array(256),
      count: 0,
      values: new Float64Array(256),
      kept: new Int32Array(256),
      generation: 0,
    };
    scratches.set(index, scratch);
  }
  scratch.generation++;
  // After 2^32 - 1 sums the stamp would wrap onto live values: clear once and start over.
  if (scratch.generation === 0xffffffff) {
    scratch.stamp.fill(0);
    scratch.generation = 1;
  }
  scratch.count = 0;
  return scratch;
}

/** A weighted sum of CSR rows in progress: `add` rows, then `top` once (a new sumRows on the same index invalidates it). */
export interface RowSum {
  add(csr: Csr, row: number, weight: number): void;
  top(limit: number): RankedItems;
}

/** Starts a weighted sum of CSR rows over the index's items. */
export function sumRows(index: CandidateIndex): RowSum {
  const s = freshScratch(index);
  return {
    add(csr, row, weight) {
      if (row < 0 || row + 1 >= csr.offsets.length) return;
      const start = csr.offsets[row] ?? 0;
      const end = csr.offsets[row + 1] ?? start;
      for (let p = start; p < end; p++) {
        const item = csr.targets[p] ?? -1;
        if (item < 0 || item >= s.stamp.length) continue;
        const value = weight * (csr.scores[p] ?? 0);
        if (s.stamp[item] === s.generation) {
          s.score[item] = (s.score[item] ?? 0) + value;
          continue;
        }
        s.stamp[item] = s.generation;
        s.score[item] = value;
        if (s.count === s.touched.length) {
          const grown = new Int32Array(s.touched.length * 2);
          grown.set(s.touched);
          s.touched = grown;
        }
        s.touched[s.count++] = item;
      }
    },
    top(limit) {
      if (s.count === 0 || limit <= 0) return EMPTY_ITEMS;
      const n = Math.min(limit, s.count);
      // Sorting 2,000 touched items to keep 200 costs most of a request: select the best n
      // first, then sort only those.
      const best = n * 4 >= s.count ? s.touched.subarray(0, s.count) : selectBest(s, n);
      const items = sortBest(best, s.score, n);
      const scores = new Float32Array(n);
      for (let i = 0; i < n; i++) scores[i] = s.score[items[i] ?? 0] ?? 0;
      return { items, scores };
    },
  };
}

const f32 = new Float32Array(1);
const f32Bits = new Uint32Array(f32.buffer);
/** Item indices below this pack with a 32-bit score key into one exact double (2^21 · 2^32 = 2^53). */
const PACKABLE_ITEMS = 2 ** 21;

/**
 * The first n of `items` by score (as stored: Float32) descending, then item index. Each pair is
 * packed into one exact double key so the sort is the native numeric one, several times faster
 * than a comparator; indexes too large to pack fall back to the comparator.
 */
function sortBest(items: Int32Array, score: Float64Array, n: number): Int32Array {
  const size = score.length;
  if (size > PACKABLE_ITEMS) {
    const byRank = (a: number, b: number) => Math.fround(score[b] ?? 0) - Math.fround(score[a] ?? 0) || a - b;
    return items.sort(byRank).slice(0, n);
  }
  const keys = new Float64Array(items.length);
  for (let i = 0; i < items.length; i++) {
    const item = items[i] ?? 0;
    f32[0] = score[item] ?? 0;
    const bits = f32Bits[0] ?? 0;
    // Float bits made monotone as unsigned (negatives flipped), then inverted for best first.
    const ordered = bits & 0x80000000 ? ~bits >>> 0 : (bits | 0x80000000) >>> 0;
    keys[i] = (0xffffffff - ordered) * size + item;
  }
  keys.sort();
  const out = new Int32Array(n);
  for (let i = 0; i < n; i++) out[i] = (keys[i] ?? 0) % size;
  return out;
}

/**
 * The `n` best touched items (unordered): the n-th best score is found by quickselect over the
 * scores alone (linear, and far cheaper than any sort of 2,000 items), then one pass keeps
 * everything above it and, of the items tied at it, the lowest indices.
 */
function selectBest(s: Scratch, n: number): Int32Array {
  if (s.values.length < s.count) s.values = new Float64Array(s.touched.length);
  if (s.kept.length < s.count) s.kept = new Int32Array(s.touched.length);
  const { score, touched, kept: out } = s;
  const values = s.values;
  // Compared as Float32, the precision the scores are returned and ordered in.
  for (let p = 0; p < s.count; p++) values[p] = Math.fround(score[touched[p] ?? 0] ?? 0);
  const threshold = kthSmallest(values, s.count, s.count - n);
  let kept = 0;
  let tiedFrom = s.count;
  for (let p = 0; p < s.count; p++) {
    const item = touched[p] ?? 0;
    const value = Math.fround(score[item] ?? 0);
    if (value > threshold) out[kept++] = item;
    else if (value === threshold) out[--tiedFrom] = item;
  }
  // Items tied at the threshold fill the remaining places lowest index first.
  const tied = out.subarray(tiedFrom, s.count).sort();
  for (let i = 0; kept < n && i < tied.length; i++) out[kept++] = tied[i] ?? 0;
  return out.subarray(0, n);
}

/** The k-th smallest (0-based) of values[0..length), by Hoare quickselect; reorders values. */
function kthSmallest(values: Float64Array, length: number, k: number): number {
  let lo = 0;
  let hi = length - 1;
  while (lo < hi) {
    const pivot = values[(lo + hi) >> 1] ?? 0;
    let i = lo;
    let j = hi;
    while (i <= j) {
      while ((values[i] ?? 0) < pivot) i++;
      while ((values[j] ?? 0) > pivot) j--;
      if (i <= j) {
        const t = values[i] ?? 0;
        values[i++] = values[j] ?? 0;
        values[j--] = t;
      }
    }
    // Now [lo..j] <= pivot <= [i..hi] and everything between equals the pivot.
    if (k <= j) hi = j;
    else if (k >= i) lo = i;
    else return pivot;
  }
  return values[k] ?? 0;
}

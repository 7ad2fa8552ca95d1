/**
 * Weighted sampling in constant time (Vose's alias method).
 *
 * The simulator draws users by activity and items by popularity millions of times from
 * tables of up to ~1e6 entries; a binary search per draw would be the hot spot.
 */
import type { Rng } from '../util/random.js';

/** A frozen discrete distribution over 0..n-1 that samples in O(1). */
export class AliasTable {
  private readonly prob: Float64Array;
  private readonly alias: Int32Array;

  /** Builds the table from non-negative weights (at least one must be positive). */
  constructor(weights: ArrayLike<number>) {
    const n = weights.length;
    if (n === 0) throw new Error('AliasTable needs at least one weight');
    let total = 0;
    for (let i = 0; i < n; i++) total += weights[i] ?? 0;
    if (!(total > 0)) throw new Error('AliasTable needs a positive total weight');
    this.prob = new Float64Array(n);
    this.alias = new Int32Array(n);
    const scaled = new Float64Array(n);
    const small = new Int32Array(n);
    const large = new Int32Array(n);
    let ns = 0;
    let nl = 0;
    for (let i = 0; i < n; i++) {
      scaled[i] = ((weights[i] ?? 0) * n) / total;
      if ((scaled[i] ?? 0) < 1) small[ns++] = i;
      else large[nl++] = i;
    }
    // Pair each under-full slot with an over-full one until one list runs out.
    while (ns > 0 && nl > 0) {
      const s = small[--ns] ?? 0;
      const l = large[--nl] ?? 0;
      this.prob[s] = scaled[s] ?? 0;
      this.alias[s] = l;
      scaled[l] = (scaled[l] ?? 0) + (scaled[s] ?? 0) - 1;
      if ((scaled[l] ?? 0) < 1) small[ns++] = l;
      else large[nl++] = l;
    }
    // What is left is full up to rounding error.
    while (nl > 0) this.prob[large[--nl] ?? 0] = 1;
    while (ns > 0) this.prob[small[--ns] ?? 0] = 1;
  }

  /** Number of outcomes. */
  get size(): number {
    return this.prob.length;
  }

  /** Draws one index. */
  sample(rng: Rng): number {
    const i = rng.int(this.prob.length);
    return rng.uniform() < (this.prob[i] ?? 1) ? i : (this.alias[i] ?? i);
  }
}

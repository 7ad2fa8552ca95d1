/**
 * Deterministic bucketing for experiments: MurmurHash3 (x86, 32-bit) of the UTF-8 text
 * `salt + ":" + userId`, modulo 10 000. Two slices of the same input, hashed with different
 * seeds, answer two independent questions: is the user in the experiment (traffic slice), and
 * which variant (variant slice). Because the slices are independent, raising the traffic share
 * only adds users and never moves anyone between variants.
 *
 * The hash itself lives in src/util/murmur3.ts (one implementation for features and experiments);
 * test/experiments/bucketing.test.ts pins its reference vectors as bucketing uses them.
 */
import { murmur3 } from '../util/murmur3.js';

export { murmur3 };

/** Buckets per slice; traffic shares and allocations resolve to 1/10 000 steps. */
export const BUCKETS = 10_000;

/** Seed of the variant slice; 0, so `mmh3.hash(f"{salt}:{user}", 0, signed=False) % 10000` reproduces it. */
export const VARIANT_SEED = 0;

/** Seed of the traffic slice ("traf" in ASCII), independent of the variant slice. */
export const TRAFFIC_SEED = 0x74726166;

/** The bucket in [0, BUCKETS) of `salt:userId` under a seed. */
export function bucketOf(salt: string, userId: string, seed: number): number {
  return murmur3(`${salt}:${userId}`, seed) % BUCKETS;
}

/** The variant-slice bucket (the one reported as an assignment's `bucket`). */
export function variantBucket(salt: string, userId: string): number {
  return bucketOf(salt, userId, VARIANT_SEED);
}

/** The traffic-slice bucket, deciding whether the user is in the experiment at all. */
export function trafficBucket(salt: string, userId: string): number {
  return bucketOf(salt, userId, TRAFFIC_SEED);
}

/**
 * Buckets of the traffic slice that are in the experiment: traffic 0 → none, 1 → all. Definitions
 * take traffic on the 1/10 000 grid only; the rounding serves ones stored before that was checked.
 */
export function trafficCutoff(traffic: number): number {
  return Math.min(BUCKETS, Math.max(0, Math.round(traffic * BUCKETS)));
}

/**
 * The border rule: upper bucket bounds (exclusive) of each variant laid out in variant order,
 * round(Cᵢ / T · BUCKETS) for the allocations Cᵢ summed up to variant i over their total T; the
 * last bound is BUCKETS. A zero allocation gets an empty range. Bucket counts, and the layout of a
 * definition stored without bucket ranges, follow from it (bucket-ranges.ts).
 */
export function allocationBounds(allocations: readonly number[]): number[] {
  const total = allocations.reduce((sum, a) => sum + a, 0);
  let cumulative = 0;
  return allocations.map((allocation, i) => {
    cumulative += allocation;
    return i === allocations.length - 1 ? BUCKETS : Math.round((cumulative / total) * BUCKETS);
  });
}

/** The index of the variant whose range holds `bucket` (bounds from `allocationBounds`). */
export function variantIndex(bounds: readonly number[], bucket: number): number {
  for (let i = 0; i < bounds.length; i++) {
    if (bucket < bounds[i]!) return i;
  }
  return bounds.length - 1;
}

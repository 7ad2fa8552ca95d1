/**
 * Experiment bucketing: the hash against reference vectors, pinned buckets, uniformity of both
 * slices (chi-squared against the p = 0.001 critical value) and their independence.
 */
import { describe, expect, it } from 'vitest';
import {
  allocationBounds,
  BUCKETS,
  bucketOf,
  murmur3,
  TRAFFIC_SEED,
  trafficBucket,
  trafficCutoff,
  variantBucket,
  variantIndex,
} from '../../src/experiments/bucketing.js';

/** Upper tail of the standard normal, by Simpson's rule over [z, z + 12] (the rest is < 1e-30). */
function normalUpperTail(z: number): number {
  const steps = 4000;
  const h = 12 / steps;
  const density = (x: number) => Math.exp((-x * x) / 2) / Math.sqrt(2 * Math.PI);
  let sum = density(z) + density(z + 12);
  for (let i = 1; i < steps; i++) sum += (i % 2 === 1 ? 4 : 2) * density(z + i * h);
  return (sum * h) / 3;
}

/** The z with upper tail p, by bisection. */
function normalQuantileUpper(p: number): number {
  let lo = 0;
  let hi = 10;
  for (let i = 0; i < 60; i++) {
    const mid = (lo + hi) / 2;
    if (normalUpperTail(mid) > p) lo = mid;
    else hi = mid;
  }
  return (lo + hi) / 2;
}

/** Wilson–Hilferty: χ²(k) upper-p critical value ≈ k (1 − 2/(9k) + z_p √(2/(9k)))³. */
function chiSquaredCritical(k: number, p: number): number {
  const z = normalQuantileUpper(p);
  const a = 2 / (9 * k);
  return k * (1 - a + z * Math.sqrt(a)) ** 3;
}

function chiSquaredUniform(counts: Uint32Array, total: number): number {
  const expected = total / counts.length;
  let statistic = 0;
  for (const count of counts) statistic += (count - expected) ** 2 / expected;
  return statistic;
}

describe('murmur3 as bucketing uses it', () => {
  // Checked against the reference C implementation (SMHasher MurmurHash3_x86_32).
  it.each([
    ['', 0, 0],
    ['', 1, 0x514e28b7],
    ['hello', 0, 0x248bfa47],
    ['The quick brown fox jumps over the lazy dog', 0x9747b28c, 0x2fa826cd],
    ['vé:✓', 0, 0xd6673f6a],
  ])('murmur3_32(%j, %i) is the reference value', (input, seed, expected) => {
    expect(murmur3(input, seed)).toBe(expected);
  });

  it('pins buckets of salt:userId in both slices (reference C values modulo 10 000)', () => {
    // murmur3("more-likes-2024:user-1", 0) = 0x54ebc602, seed "traf" = 0xc0e9302d, and so on.
    expect(variantBucket('more-likes-2024', 'user-1')).toBe(7794);
    expect(trafficBucket('more-likes-2024', 'user-1')).toBe(7693);
    expect(variantBucket('more-likes-2024', 'user-42')).toBe(1864);
    expect(trafficBucket('more-likes-2024', 'user-42')).toBe(9790);
    expect(variantBucket('more-likes-2024', 'ué-✓')).toBe(6712);
    expect(bucketOf('more-likes-2024', 'ué-✓', TRAFFIC_SEED)).toBe(5673);
  });
});

describe('bucket uniformity', () => {
  it('checks the critical value approximation against known quantiles', () => {
    expect(normalQuantileUpper(0.001)).toBeCloseTo(3.0902, 3);
    // Tables: χ²(100) upper 0.1% = 149.449.
    expect(chiSquaredCritical(100, 0.001)).toBeCloseTo(149.449, 0);
  });

  it.each([
    ['variant', variantBucket],
    ['traffic', trafficBucket],
  ])('spreads 1M user ids evenly over the 10 000 %s buckets', (_slice, bucket) => {
    const n = 1_000_000;
    const counts = new Uint32Array(BUCKETS);
    for (let i = 0; i < n; i++) counts[bucket('uniformity', `user-${i}`)]! += 1;
    const statistic = chiSquaredUniform(counts, n);
    expect(statistic).toBeLessThan(chiSquaredCritical(BUCKETS - 1, 0.001));
  });

  it('keeps the traffic and variant slices independent (chi-squared on a 10×10 table)', () => {
    const n = 200_000;
    const table = new Uint32Array(100);
    for (let i = 0; i < n; i++) {
      const t = Math.floor(trafficBucket('independence', `u${i}`) / 1000);
      const v = Math.floor(variantBucket('independence', `u${i}`) / 1000);
      table[t * 10 + v]! += 1;
    }
    const rows = new Array<number>(10).fill(0);
    const cols = new Array<number>(10).fill(0);
    table.forEach((count, cell) => {
      rows[Math.floor(cell / 10)]! += count;
      cols[cell % 10]! += count;
    });
    let statistic = 0;
    table.forEach((count, cell) => {
      const expected = (rows[Math.floor(cell / 10)]! * cols[cell % 10]!) / n;
      statistic += (count - expected) ** 2 / expected;
    });
    expect(statistic).toBeLessThan(chiSquaredCritical(81, 0.001));
  });
});

describe('traffic cutoff and allocation bounds', () => {
  it('turns traffic shares into bucket counts', () => {
    expect(trafficCutoff(0)).toBe(0);
    expect(trafficCutoff(1)).toBe(BUCKETS);
    expect(trafficCutoff(0.25)).toBe(2500);
    expect(trafficCutoff(0.00004)).toBe(0);
  });

  it('normalises allocations into contiguous ranges ending at 10 000', () => {
    expect(allocationBounds([1, 1])).toEqual([5000, 10_000]);
    expect(allocationBounds([1, 0, 3])).toEqual([2500, 2500, 10_000]);
    expect(allocationBounds([0.5, 0.5, 0])).toEqual([5000, 10_000, 10_000]);
    expect(allocationBounds([1, 1, 1])).toEqual([3333, 6667, 10_000]);
  });

  it('never picks a variant with an empty range', () => {
    const bounds = allocationBounds([1, 0, 3]);
    expect(variantIndex(bounds, 0)).toBe(0);
    expect(variantIndex(bounds, 2499)).toBe(0);
    expect(variantIndex(bounds, 2500)).toBe(2);
    expect(variantIndex(bounds, 9999)).toBe(2);
  });
});

/**
 * Bucket ranges: the border rule, the contiguous layout of definitions stored without ranges
 * (today's assignment, bucket for bucket), minimal movement when allocations change, and the
 * validation of stored ranges.
 */
import { describe, expect, it } from 'vitest';
import {
  bucketCounts,
  contiguousRanges,
  parseBucketRanges,
  rebalanceRanges,
  variantTable,
} from '../../src/experiments/bucket-ranges.js';
import { allocationBounds, BUCKETS, variantIndex } from '../../src/experiments/bucketing.js';
import type { BucketRanges, Variant } from '../../src/experiments/types.js';
import { rejection } from '../helpers/rejection.js';

const profile = { form: 'sum' as const, weights: { click: 1 } };

/** Variants named by the keys, with those allocations. */
const arms = (allocations: Record<string, number>): Variant[] =>
  Object.entries(allocations).map(([name, allocation]) => ({ name, allocation, profile }));

/** Bucket → owning variant name. */
function owners(ranges: BucketRanges, variants: Variant[]): string[] {
  const table = variantTable(ranges, variants);
  return Array.from(table, (i) => variants[i]!.name);
}

/** Seeded LCG in [0, 1), so the randomised sequences are the same on every run. */
function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    return state / 2 ** 32;
  };
}

describe('the border rule', () => {
  it('gives each variant round(Cᵢ/T·10 000) − round(Cᵢ₋₁/T·10 000) buckets', () => {
    expect(bucketCounts([1, 1, 1])).toEqual([3333, 3334, 3333]);
    expect(bucketCounts([2, 1, 1])).toEqual([5000, 2500, 2500]);
    expect(bucketCounts([1, 0, 3])).toEqual([2500, 0, 7500]);
    expect(bucketCounts([1, 1, 1, 1])).toEqual([2500, 2500, 2500, 2500]);
  });

  it('lays a definition without stored ranges out exactly as allocationBounds did', () => {
    for (const allocations of [
      [1, 1],
      [1, 0, 3],
      [0.5, 0.5, 0],
      [1, 1, 1],
      [3, 7, 11, 13, 0, 2],
    ]) {
      const variants = arms(Object.fromEntries(allocations.map((a, i) => [`v${i}`, a])));
      const bounds = allocationBounds(allocations);
      const before = Array.from({ length: BUCKETS }, (_, bucket) => variantIndex(bounds, bucket));
      expect(Array.from(variantTable(contiguousRanges(variants), variants))).toEqual(before);
    }
  });
});

describe('rebalancing', () => {
  const three = arms({ a: 1, b: 1, c: 1 });

  it('[1,1,1] → [2,1,1]: a takes the top of b and of c, which keep the rest', () => {
    const next = rebalanceRanges(contiguousRanges(three), arms({ a: 2, b: 1, c: 1 }));
    expect(next).toEqual({
      a: [
        [0, 3333],
        [5833, 6667],
        [9167, 10_000],
      ],
      b: [[3333, 5833]],
      c: [[6667, 9167]],
    });
    // Back to [1,1,1]: every bucket returns to its first owner.
    expect(rebalanceRanges(next, three)).toEqual(contiguousRanges(three));
  });

  it('gives a new arm buckets from the others only, and frees a removed arm’s buckets', () => {
    const before = contiguousRanges(three);
    const four = arms({ a: 1, b: 1, c: 1, d: 1 });
    const after = owners(rebalanceRanges(before, four), four);
    const was = owners(before, three);
    const movedTo = new Set(after.filter((name, bucket) => name !== was[bucket]));
    expect([...movedTo]).toEqual(['d']);
    expect(after.filter((name) => name === 'd')).toHaveLength(2500);

    const withoutB = arms({ a: 1, c: 1 });
    const dropped = owners(rebalanceRanges(before, withoutB), withoutB);
    expect(dropped.filter((name, bucket) => was[bucket] !== 'b' && name !== was[bucket])).toEqual([]);
  });

  it('keeps every bucket when the counts do not change (reordered, renamed alone, profile changed)', () => {
    const before = rebalanceRanges(contiguousRanges(three), arms({ a: 2, b: 1, c: 1 }));
    expect(rebalanceRanges(before, arms({ a: 2, b: 1, c: 1 }))).toEqual(before);
    expect(rebalanceRanges(before, arms({ a: 2, c: 1, b: 1 }))).toEqual(before);
    expect(rebalanceRanges(before, arms({ a: 2, b: 1, renamed: 1 })).renamed).toEqual(before.c);
  });

  it('moves only the buckets it must over random sequences of changes', () => {
    const next = random(17);
    const names = ['a', 'b', 'c', 'd', 'e', 'f'];
    let variants = arms({ a: 1, b: 1 });
    let ranges = contiguousRanges(variants);
    for (let step = 0; step < 60; step++) {
      const chosen = names.filter(() => next() < 0.6);
      if (chosen.length === 0) chosen.push('a');
      const allocations = chosen.map(() => (next() < 0.15 ? 0 : Math.ceil(next() * 9)));
      if (!allocations.some((a) => a > 0)) allocations[0] = 1;
      const following = arms(Object.fromEntries(chosen.map((name, i) => [name, allocations[i]!])));
      const rebalanced = rebalanceRanges(ranges, following);
      // Valid: it passes the store's own validation (cover once, counts by the border rule).
      expect(parseBucketRanges(rebalanced, following)).toEqual(rebalanced);

      const before = owners(ranges, variants);
      const after = owners(rebalanced, following);
      const oldCount = (name: string) => before.filter((owner) => owner === name).length;
      const counts = bucketCounts(allocations);
      const grown = new Set(chosen.filter((name, i) => counts[i]! > oldCount(name)));
      const movedTo = after.filter((name, bucket) => name !== before[bucket]);
      expect(movedTo.filter((name) => !grown.has(name))).toEqual([]); // only into a variant that grew
      const needed = chosen.reduce((sum, name, i) => sum + Math.max(0, counts[i]! - oldCount(name)), 0);
      expect(movedTo).toHaveLength(needed); // and no more than its growth
      variants = following;
      ranges = rebalanced;
    }
  });
});

describe('parseBucketRanges', () => {
  const two = arms({ a: 1, b: 1 });
  it.each([
    ['buckets: names no variant: "z"', { a: [[0, 5000]], b: [[5000, 10_000]], z: [] }],
    ['buckets.b: must be a list', { a: [[0, 5000]] }],
    ['buckets.a: [5000,5000] is not a range', { a: [[5000, 5000]], b: [[5000, 10_000]] }],
    ['buckets.a: [0,10001] is not a range', { a: [[0, 10_001]], b: [] }],
    ['buckets.b: bucket 4999 is owned twice', { a: [[0, 5000]], b: [[4999, 10_000]] }],
    [
      'buckets.a: owns 4000 buckets, but its allocation gives it 5000',
      { a: [[0, 4000]], b: [[4000, 10_000]] },
    ],
  ])('refuses stored ranges: %s', (message, ranges) => {
    expect(rejection(() => parseBucketRanges(ranges, two)).startsWith(message)).toBe(true);
  });
});

/**
 * Which variant-slice buckets each variant owns, kept with the definition so that an allocation
 * change moves only the users it must (docs/experiments.md, "Changing allocations").
 *
 * Counts follow the border rule: variant i owns round(Cᵢ / T · 10 000) − round(Cᵢ₋₁ / T · 10 000)
 * buckets, Cᵢ being the allocations summed up to and including variant i in listed order and T
 * their total (allocationBounds). A definition without stored ranges lays those counts out as
 * consecutive ranges in variant order, which is how every definition was assigned before ranges
 * were stored, so running experiments do not reshuffle on upgrade.
 *
 * On a change the store rebalances the previous ranges: a variant whose count shrinks gives up its
 * highest buckets, a removed variant gives up all of its own; a variant whose count grows (a new
 * one included) takes the freed buckets, lowest first, in variant order; a variant whose count is
 * unchanged keeps every bucket it had.
 */
import { MultirankError } from '../errors.js';
import { isRecord } from '../util/is-record.js';
import { allocationBounds, BUCKETS } from './bucketing.js';
import type { BucketRanges, Experiment, Variant } from './types.js';

type Range = [number, number];

/** Buckets per variant by the border rule; they sum to BUCKETS. */
export function bucketCounts(allocations: readonly number[]): number[] {
  const bounds = allocationBounds(allocations);
  return bounds.map((bound, i) => bound - (i === 0 ? 0 : bounds[i - 1]!));
}

/** The ranges of a definition that has none stored: consecutive, in variant order. */
export function contiguousRanges(variants: readonly Variant[]): BucketRanges {
  const bounds = allocationBounds(variants.map((v) => v.allocation));
  const ranges: BucketRanges = {};
  variants.forEach((variant, i) => {
    const start = i === 0 ? 0 : bounds[i - 1]!;
    ranges[variant.name] = bounds[i]! > start ? [[start, bounds[i]!]] : [];
  });
  return ranges;
}

/** The ranges a definition assigns by: its stored ones, else the contiguous layout. */
export function rangesOf(experiment: Pick<Experiment, 'variants' | 'buckets'>): BucketRanges {
  return experiment.buckets ?? contiguousRanges(experiment.variants);
}

const size = (ranges: readonly Range[]) => ranges.reduce((n, [start, end]) => n + end - start, 0);

/** Sorted, with touching ranges merged: one canonical form, so equal layouts store equal JSON. */
function normalise(ranges: readonly Range[]): Range[] {
  const merged: Range[] = [];
  for (const [start, end] of [...ranges].sort((a, b) => a[0] - b[0])) {
    const last = merged[merged.length - 1];
    if (last && last[1] === start) last[1] = end;
    else merged.push([start, end]);
  }
  return merged;
}

/** Splits sorted ranges into their lowest `count` buckets and the rest. */
function lowest(ranges: readonly Range[], count: number): { taken: Range[]; rest: Range[] } {
  const taken: Range[] = [];
  const rest: Range[] = [];
  let left = count;
  for (const [start, end] of ranges) {
    const take = Math.min(left, end - start);
    if (take > 0) taken.push([start, start + take]);
    if (start + take < end) rest.push([start + take, end]);
    left -= take;
  }
  return { taken, rest };
}

/** The ranges for `variants` that move the fewest buckets from `previous` (a complete layout). */
export function rebalanceRanges(previous: BucketRanges, variants: readonly Variant[]): BucketRanges {
  const counts = bucketCounts(variants.map((v) => v.allocation));
  const names = new Set(variants.map((v) => v.name));
  let freed: Range[] = Object.entries(previous)
    .filter(([name]) => !names.has(name))
    .flatMap(([, ranges]) => ranges);
  const kept = variants.map((variant, i) => {
    const { taken, rest } = lowest(normalise(previous[variant.name] ?? []), counts[i]!);
    freed.push(...rest);
    return taken;
  });
  freed = normalise(freed);
  const ranges: BucketRanges = {};
  variants.forEach((variant, i) => {
    const { taken, rest } = lowest(freed, counts[i]! - size(kept[i]!));
    freed = rest;
    ranges[variant.name] = normalise([...kept[i]!, ...taken]);
  });
  if (freed.length > 0 || variants.some((v, i) => size(ranges[v.name]!) !== counts[i]))
    throw new Error('rebalanceRanges: the previous ranges do not cover every bucket once');
  return ranges;
}

/** `experiment` with the ranges it is stored with: rebalanced from `previous`, or contiguous when new. */
export function withBucketRanges(experiment: Experiment, previous: Experiment | undefined): Experiment {
  const buckets = previous
    ? rebalanceRanges(rangesOf(previous), experiment.variants)
    : contiguousRanges(experiment.variants);
  return { ...experiment, buckets };
}

const bad = (field: string, message: string) => new MultirankError('BAD_REQUEST', `${field}: ${message}`);

/**
 * Validates stored ranges against the variants: one entry per variant, integer ranges inside
 * [0, BUCKETS) that overlap nowhere, and as many buckets per variant as the border rule gives.
 */
export function parseBucketRanges(input: unknown, variants: readonly Variant[]): BucketRanges {
  if (!isRecord(input)) throw bad('buckets', 'must be an object of bucket ranges per variant');
  const extra = Object.keys(input).find((name) => !variants.some((v) => v.name === name));
  if (extra !== undefined) throw bad('buckets', `names no variant: "${extra}"`);
  const counts = bucketCounts(variants.map((v) => v.allocation));
  const owner = new Uint8Array(BUCKETS);
  const ranges: BucketRanges = {};
  variants.forEach((variant, i) => {
    const field = `buckets.${variant.name}`;
    const list = input[variant.name];
    if (!Array.isArray(list)) throw bad(field, 'must be a list of [start, end) ranges');
    ranges[variant.name] = list.map((range: unknown): Range => {
      const [start, end] = Array.isArray(range) && range.length === 2 ? range : [];
      if (!Number.isInteger(start) || !Number.isInteger(end) || start < 0 || end > BUCKETS || start >= end)
        throw bad(field, `${JSON.stringify(range)} is not a range [start, end) inside [0, ${BUCKETS})`);
      for (let bucket = start; bucket < end; bucket++) {
        if (owner[bucket]) throw bad(field, `bucket ${bucket} is owned twice`);
        owner[bucket] = 1;
      }
      return [start, end];
    });
    const owned = size(ranges[variant.name]!);
    if (owned !== counts[i])
      throw bad(field, `owns ${owned} buckets, but its allocation gives it ${counts[i]}`);
  });
  return ranges;
}

/** Bucket → index of the variant owning it, for assignment. */
export function variantTable(ranges: BucketRanges, variants: readonly Variant[]): Uint8Array {
  const table = new Uint8Array(BUCKETS);
  variants.forEach((variant, i) => {
    for (const [start, end] of ranges[variant.name] ?? []) table.fill(i, start, end);
  });
  return table;
}

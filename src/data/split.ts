/**
 * The train/validation split, as a filter over the streamed log.
 *
 * `after: T` sends rows with timestamp > T to validation. `lastFraction: f` is turned into such a
 * cutoff by an exact quantile of the timestamps: one pass and a sort for logs up to 4M rows
 * (8 bytes a row), three streaming passes beyond that, so memory stays bounded on any log. Without a
 * timestamp column, `lastFraction` takes the last rows in file order (census-like tables).
 * Ties at the cutoff go to training, so validation is never earlier than any training row.
 */

import { DataError } from './errors.js';
import type { SourceRow } from './records.js';
import { cell } from './records.js';
import type { SkipReport } from './skip-report.js';
import { isBad, readTimestamp } from './values.js';

/** How rows are split into training and validation. */
export type ValidationSplit =
  | { kind: 'lastFraction'; fraction: number }
  | { kind: 'after'; timestamp: number }
  | { kind: 'none' };

/** A split made concrete: a time cutoff, a row count, or no validation at all. */
export type SplitPlan =
  | { kind: 'none' }
  | { kind: 'time'; after: number }
  | { kind: 'order'; trainRows: number };

/** Which side of the split to stream. */
export type SplitPart = 'train' | 'validation' | 'all';

/** A source of the log, readable more than once (the fraction split needs several passes). */
export type RowSource = () => AsyncIterable<SourceRow>;

/** Turns the configured split into a plan, reading the log when a fraction has to be resolved. */
export async function resolveSplit(
  split: ValidationSplit,
  log: RowSource,
  timestamp: string | null,
): Promise<SplitPlan> {
  if (split.kind === 'none') return split;
  if (split.kind === 'after') return { kind: 'time', after: split.timestamp };
  if (timestamp === null) {
    let count = 0;
    for await (const _ of log()) count += 1;
    return { kind: 'order', trainRows: count - Math.round(count * split.fraction) };
  }
  const column = timestamp;
  async function* times(): AsyncGenerator<number> {
    for await (const row of log()) {
      // Unreadable timestamps are left to the main pass, which applies the bad-value policy.
      const value = readTimestamp(cell(row.record, column));
      if (typeof value === 'number') yield value;
    }
  }
  return { kind: 'time', after: await fractionCutoff(times, split.fraction) };
}

const BINS = 4096;
/** Timestamps held for an in-memory sort (32 MB); longer logs fall back to the histogram passes. */
export const MAX_HELD_TIMESTAMPS = 1 << 22;

/**
 * The timestamp after which about `fraction` of the values lie (ties stay before it).
 * One pass and a sort when the log has at most `maxHeld` rows; two more passes otherwise.
 */
export async function fractionCutoff(
  values: () => AsyncIterable<number>,
  fraction: number,
  maxHeld = MAX_HELD_TIMESTAMPS,
): Promise<number> {
  let held: Float64Array | null = new Float64Array(Math.min(1024, maxHeld));
  let count = 0;
  let min = Number.POSITIVE_INFINITY;
  let max = Number.NEGATIVE_INFINITY;
  for await (const t of values()) {
    if (held && count === held.length) held = count < maxHeld ? grow(held, maxHeld) : null;
    if (held) held[count] = t;
    count += 1;
    if (t < min) min = t;
    if (t > max) max = t;
  }
  // k = the number of rows kept for training; the cutoff is the k-th smallest value.
  const k = count - Math.round(count * fraction);
  if (count === 0) return Number.POSITIVE_INFINITY;
  if (k <= 0) return Number.NEGATIVE_INFINITY;
  if (held) return held.subarray(0, count).sort()[k - 1] ?? max;
  return histogramCutoff(values, k, min, max);
}

function grow(array: Float64Array, limit: number): Float64Array {
  const bigger = new Float64Array(Math.min(limit, array.length * 2));
  bigger.set(array);
  return bigger;
}

// The k-th smallest value in two more passes: a coarse histogram finds its bin, then only that
// bin's distinct values are held (few, for any realistic timestamp column).
async function histogramCutoff(values: () => AsyncIterable<number>, k: number, min: number, max: number) {
  if (min === max) return max;
  const binOf = (t: number) => Math.min(BINS - 1, Math.floor(((t - min) / (max - min)) * BINS));
  const histogram = new Float64Array(BINS);
  for await (const t of values()) histogram[binOf(t)]! += 1;
  let bin = 0;
  let before = 0;
  while (before + histogram[bin]! < k) before += histogram[bin++]!;
  const inBin = new Map<number, number>();
  for await (const t of values()) if (binOf(t) === bin) inBin.set(t, (inBin.get(t) ?? 0) + 1);
  let rank = k - before;
  for (const value of [...inBin.keys()].sort((a, b) => a - b)) {
    rank -= inBin.get(value) ?? 0;
    if (rank <= 0) return value;
  }
  return max;
}

/** Streams one side of the split; an unreadable timestamp is an error or a counted skip by policy. */
export async function* splitRows(
  rows: AsyncIterable<SourceRow>,
  plan: SplitPlan,
  part: SplitPart,
  options: { timestamp: string | null; badValues: 'error' | 'skip'; report: SkipReport },
): AsyncGenerator<SourceRow> {
  let index = 0;
  for await (const row of rows) {
    const position = index++;
    if (part === 'all') {
      yield row;
      continue;
    }
    let validation: boolean;
    if (plan.kind === 'none') validation = false;
    else if (plan.kind === 'order') validation = position >= plan.trainRows;
    else {
      const time = timeOf(row, options.timestamp);
      if (typeof time === 'string') {
        skipOrThrow(row, options.timestamp ?? '', time, options);
        continue;
      }
      validation = time > plan.after;
    }
    if (validation === (part === 'validation')) yield row;
  }
}

function timeOf(row: SourceRow, column: string | null): number | string {
  if (column === null) return 'the time split needs data.keys.timestamp';
  const value = readTimestamp(cell(row.record, column));
  if (value === null) return 'missing timestamp';
  return isBad(value) ? value.bad : value;
}

function skipOrThrow(
  row: SourceRow,
  column: string,
  message: string,
  options: { badValues: string; report: SkipReport },
) {
  const origin = { file: row.file, line: row.line };
  if (options.badValues === 'error') throw new DataError(origin, column, message);
  options.report.add(`bad value in column "${column}"`, origin);
}

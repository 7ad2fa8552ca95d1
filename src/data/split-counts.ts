/**
 * The split made visible before training: the rows on each side, counted in one pass over the
 * log; a refusal when a side the config asked for is empty (a cutoff past every row trained
 * nothing and still wrote a bundle); and the line the trainer prints, with the cutoff as a date
 * and the unit the timestamps were read in, so a millisecond log read as seconds shows at once.
 */
import { cell, type SourceRow } from './records.js';
import { rejectRow, type SplitOptions, type SplitPlan, sideOf, type ValidationSplit } from './split.js';
import { readNumber, readTimestamp, type TimestampUnit, unitOf } from './values.js';

/** Rows on each side of a split. */
export interface SplitCounts {
  train: number;
  validation: number;
  /** Rows left out (under `badValues: skip`) because their timestamp could not be read. */
  unreadable: number;
  /** On a time split: the numeric timestamps read, and how many of them were milliseconds. */
  numericTimestamps: number;
  milliseconds: number;
  /** On a time split: the earliest and latest timestamp, in unix seconds (±Infinity when none). */
  first: number;
  last: number;
}

/** Counts the rows on each side in one pass; an unreadable timestamp is an error or a skip, as in training. */
export async function countSplit(
  rows: AsyncIterable<SourceRow>,
  plan: SplitPlan,
  options: SplitOptions,
): Promise<SplitCounts> {
  const counts: SplitCounts = {
    train: 0,
    validation: 0,
    unreadable: 0,
    numericTimestamps: 0,
    milliseconds: 0,
    first: Number.POSITIVE_INFINITY,
    last: Number.NEGATIVE_INFINITY,
  };
  let position = 0;
  for await (const row of rows) {
    const side = sideOf(row, position++, plan, options);
    if (typeof side !== 'string') {
      rejectRow(row, options.timestamp ?? '', side.bad, options);
      counts.unreadable += 1;
      continue;
    }
    counts[side] += 1;
    if (plan.kind === 'time' && options.timestamp !== null) {
      const raw = cell(row.record, options.timestamp);
      const seconds = readTimestamp(raw, options.timestampUnit);
      if (typeof seconds === 'number') {
        counts.first = Math.min(counts.first, seconds);
        counts.last = Math.max(counts.last, seconds);
      }
      const value = readNumber(raw);
      if (typeof value !== 'number') continue;
      counts.numericTimestamps += 1;
      if (unitOf(value, options.timestampUnit) === 'ms') counts.milliseconds += 1;
    }
  }
  return counts;
}

/** What is wrong with the split, as a sentence to show the user, or null when both sides have rows. */
export function splitProblem(split: ValidationSplit, plan: SplitPlan, counts: SplitCounts): string | null {
  const { train, validation } = counts;
  if (train + validation === 0) {
    return counts.unreadable > 0 ? 'no row has a readable timestamp' : 'the log has no rows';
  }
  const range = Number.isFinite(counts.first)
    ? `; the log's timestamps run from ${isoTime(counts.first)} to ${isoTime(counts.last)}`
    : '';
  const sides = `(${formatRows(train)} train, ${formatRows(validation)} validation${range})`;
  const setting = splitSetting(split, plan);
  if (train === 0) {
    // Only `after` can get here on a real log: lastFraction ≤ 0.9 keeps a tenth, and ties stay in training.
    const fix = split.kind === 'after' ? 'move the cutoff later' : 'lower the fraction';
    return `${setting} leaves 0 training rows ${sides}: ${fix}`;
  }
  if (validation === 0 && split.kind !== 'none') {
    const fix =
      split.kind === 'after'
        ? 'move the cutoff earlier'
        : plan.kind === 'time'
          ? 'raise the fraction (rows at the cutoff time stay in training)'
          : 'raise the fraction';
    return `${setting} leaves 0 validation rows ${sides}: ${fix}, or write validation: none to train without one`;
  }
  return null;
}

/**
 * The line printed when training starts, e.g. `split: validation.after 2024-01-01T00:00:00Z:
 * 9,000 training rows, 1,000 validation rows; timestamps from 2023-12-01T00:00:00Z to
 * 2024-01-07T23:59:00Z, read as milliseconds (timestampUnit auto)`.
 */
export function describeSplit(
  split: ValidationSplit,
  plan: SplitPlan,
  counts: SplitCounts,
  unit: TimestampUnit,
): string {
  const sides =
    split.kind === 'none'
      ? `${formatRows(counts.train)} training rows, no validation`
      : `${formatRows(counts.train)} training rows, ${formatRows(counts.validation)} validation rows`;
  const parts = [`split: ${splitSetting(split, plan)}: ${sides}`];
  if (counts.unreadable > 0)
    parts.push(`${formatRows(counts.unreadable)} rows without a readable timestamp skipped`);
  const units = unitPhrase(counts, unit);
  if (units) parts.push(units);
  return parts.join('; ');
}

/** The split as the config states it, with the cutoff it resolved to. */
function splitSetting(split: ValidationSplit, plan: SplitPlan): string {
  if (split.kind === 'none') return 'validation: none';
  if (split.kind === 'after')
    return `validation.after ${isoTime(plan.kind === 'time' ? plan.after : split.timestamp)}`;
  const setting = `validation.lastFraction ${split.fraction}`;
  if (plan.kind === 'order') return `${setting} (the last rows in file order: no keys.timestamp)`;
  return plan.kind === 'time' && Number.isFinite(plan.after)
    ? `${setting} (after ${isoTime(plan.after)})`
    : setting;
}

function unitPhrase(counts: SplitCounts, unit: TimestampUnit): string | null {
  const { numericTimestamps: all, milliseconds: ms } = counts;
  const range = Number.isFinite(counts.first)
    ? `timestamps from ${isoTime(counts.first)} to ${isoTime(counts.last)}`
    : null;
  if (all === 0) return range;
  const how = ` (timestampUnit ${unit})`;
  const read =
    ms === 0
      ? 'read as seconds'
      : ms === all
        ? 'read as milliseconds'
        : `${formatRows(ms)} of ${formatRows(all)} read as milliseconds`;
  return `${range ?? 'timestamps'}, ${read}${how}`;
}

/** Unix seconds as an ISO date, without `.000` when whole (`2030-01-01T00:00:00Z`). */
export function isoTime(seconds: number): string {
  const ms = seconds * 1000;
  // A Date holds ±8.64e15 ms; beyond that (or ±Infinity) the number itself is the clearest answer.
  if (!(Math.abs(ms) <= 8.64e15)) return String(seconds);
  return new Date(ms).toISOString().replace('.000Z', 'Z');
}

function formatRows(n: number): string {
  return n.toLocaleString('en-US');
}

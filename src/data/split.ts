/**
 * The train/validation split, as a filter over the streamed log.
 *
 * `after: T` sends rows with timestamp > T to validation. `lastFraction: f` is turned into such a
 * cutoff by an exact quantile of the timestamps: one pass and a sort for logs up to 4M rows
 * (8 bytes a row), three streaming passes beyond that, so memory stays bounded on any log. Without a
 * timestamp column, `lastFraction` takes the last rows in file order (census-like tables).
 * Ties at the cutoff go to training, so validation is never earlier than any training row.
 * Timestamps are compared in unix seconds, whatever the column's unit (`keys.timestampUnit`).
 */

import { DataError } from './errors.js';
import { fractionCutoff } from './fraction-cutoff.js';
import type { SourceRow } from './records.js';
import { cell } from './records.js';
import type { SkipReport } from './skip-report.js';
import { isBad, MILLISECONDS_FROM, readTimestamp, type TimestampUnit } from './values.js';

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

/** Which side of the split a row falls on, or why it cannot be placed (an unreadable timestamp). */
export type Side = 'train' | 'validation' | { bad: string };

/**
 * `validation.after` in unix seconds. The config gives seconds (an ISO date is read as seconds);
 * a number of 1e11 or more is taken as milliseconds, as `auto` reads the column, so a cutoff
 * copied from a millisecond log means what it says.
 */
export function cutoffSeconds(after: number): number {
  return Math.abs(after) >= MILLISECONDS_FROM ? after / 1000 : after;
}

/**
 * Turns the configured split into a plan, reading the log when a fraction has to be resolved.
 * `unit` is the timestamp column's unit.
 */
export async function resolveSplit(
  split: ValidationSplit,
  log: RowSource,
  timestamp: string | null,
  unit: TimestampUnit,
): Promise<SplitPlan> {
  if (split.kind === 'none') return split;
  if (split.kind === 'after') return { kind: 'time', after: cutoffSeconds(split.timestamp) };
  if (timestamp === null) {
    let count = 0;
    for await (const _ of log()) count += 1;
    return { kind: 'order', trainRows: count - Math.round(count * split.fraction) };
  }
  const column = timestamp;
  async function* times(): AsyncGenerator<number> {
    for await (const row of log()) {
      // Unreadable timestamps are left to the main pass, which applies the bad-value policy.
      const value = readTimestamp(cell(row.record, column), unit);
      if (typeof value === 'number') yield value;
    }
  }
  return { kind: 'time', after: await fractionCutoff(times, split.fraction) };
}

/** How splitRows reads the timestamp and treats an unreadable one. */
export interface SplitOptions {
  timestamp: string | null;
  timestampUnit: TimestampUnit;
  badValues: 'error' | 'skip';
  report: SkipReport;
}

/** Streams one side of the split; an unreadable timestamp is an error or a counted skip by policy. */
export async function* splitRows(
  rows: AsyncIterable<SourceRow>,
  plan: SplitPlan,
  part: SplitPart,
  options: SplitOptions,
): AsyncGenerator<SourceRow> {
  let index = 0;
  for await (const row of rows) {
    const position = index++;
    if (part === 'all') {
      yield row;
      continue;
    }
    const side = sideOf(row, position, plan, options);
    if (typeof side !== 'string') {
      rejectRow(row, options.timestamp ?? '', side.bad, options);
      continue;
    }
    if (side === part) yield row;
  }
}

/** The side of the row at 0-based `position` in the log. */
export function sideOf(
  row: SourceRow,
  position: number,
  plan: SplitPlan,
  options: Pick<SplitOptions, 'timestamp' | 'timestampUnit'>,
): Side {
  if (plan.kind === 'none') return 'train';
  if (plan.kind === 'order') return position >= plan.trainRows ? 'validation' : 'train';
  const time = timeOf(row, options.timestamp, options.timestampUnit);
  if (typeof time === 'string') return { bad: time };
  return time > plan.after ? 'validation' : 'train';
}

function timeOf(row: SourceRow, column: string | null, unit: TimestampUnit): number | string {
  if (column === null) return 'the time split needs data.keys.timestamp';
  const value = readTimestamp(cell(row.record, column), unit);
  if (value === null) return 'missing timestamp';
  return isBad(value) ? value.bad : value;
}

/** An unplaceable row under the bad-value policy: a DataError, or a skip counted in the report. */
export function rejectRow(
  row: SourceRow,
  column: string,
  message: string,
  options: Pick<SplitOptions, 'badValues' | 'report'>,
): void {
  const origin = { file: row.file, line: row.line };
  if (options.badValues === 'error') throw new DataError(origin, column, message);
  options.report.add(`bad value in column "${column}"`, origin);
}

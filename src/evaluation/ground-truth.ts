/**
 * The simulator's ground truth (ground_truth.jsonl) read alongside the interaction log. The two
 * files are aligned row by row, not joined, so alignment is checked on every row: a truth file
 * from another world or a trimmed log must fail loudly rather than produce plausible numbers.
 */
import { DataError, formatOrigin } from '../data/errors.js';
import { cell, type SourceRow } from '../data/records.js';
import { idOf } from '../data/tables.js';
import type { TaskDef } from '../features/spec.js';

/** Columns of ground_truth.jsonl that identify the impression. */
const TRUTH_KEYS = { request: 'request_id', item: 'item_id' } as const;

/** Truth columns used as graded gains for NDCG: the unbiased click and like probabilities. */
export const TRUTH_GAINS = ['p_click', 'p_like'] as const;

/** A log row with the truth record of the same impression. */
export interface AlignedRow {
  source: SourceRow;
  truth: SourceRow;
}

/** Log columns compared with the truth's request_id and item_id (null: not compared). */
export interface AlignmentKeys {
  request: string | null;
  item: string | null;
}

function mismatch(log: SourceRow, truth: SourceRow, keys: AlignmentKeys): string | null {
  const pairs: [string | null, string][] = [
    [keys.request, TRUTH_KEYS.request],
    [keys.item, TRUTH_KEYS.item],
  ];
  for (const [logColumn, truthColumn] of pairs) {
    if (logColumn === null) continue;
    const expected = idOf(cell(log.record, logColumn));
    const actual = idOf(cell(truth.record, truthColumn));
    if (expected !== actual) {
      return `${truthColumn} ${JSON.stringify(actual) ?? 'missing'} but ${formatOrigin(log)} has ${logColumn} ${JSON.stringify(expected) ?? 'missing'}`;
    }
  }
  return null;
}

const HINT = 'the ground truth must list the same impressions as the log, in the same order';

/** Pairs log rows with truth rows in file order, checking request and item ids on every row. */
export async function* alignGroundTruth(
  log: AsyncIterable<SourceRow>,
  truth: AsyncIterable<SourceRow>,
  keys: AlignmentKeys,
): AsyncGenerator<AlignedRow> {
  const truthRows = truth[Symbol.asyncIterator]();
  let count = 0;
  try {
    for await (const source of log) {
      const next = await truthRows.next();
      if (next.done) {
        throw new DataError(source, undefined, `the ground truth ends after ${count} rows; ${HINT}`);
      }
      const problem = mismatch(source, next.value, keys);
      if (problem) throw new DataError(next.value, undefined, `${problem}; ${HINT}`);
      count++;
      yield { source, truth: next.value };
    }
    const extra = await truthRows.next();
    if (!extra.done) {
      throw new DataError(
        extra.value,
        undefined,
        `the log ends after ${count} rows but the ground truth goes on; ${HINT}`,
      );
    }
  } finally {
    await truthRows.return?.();
  }
}

/** The truth column a head is compared with: p_<column> for binary heads, expected_<column> for regression. */
export function truthColumnOf(task: TaskDef): string {
  return task.kind === 'binary' ? `p_${task.column}` : `expected_${task.column}`;
}

/** A numeric truth value (null when absent); an unreadable value is an error naming line and column. */
export function truthValue(truth: SourceRow, column: string): number | null {
  const value = cell(truth.record, column);
  if (value === undefined || value === null || value === '') return null;
  const number = typeof value === 'number' ? value : Number(value);
  if (!Number.isFinite(number)) {
    throw new DataError(truth, column, `expected a number, got ${JSON.stringify(value)}`);
  }
  return number;
}

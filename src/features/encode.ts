/**
 * The one code path from raw rows to model inputs, used by training, evaluation, batch scoring
 * and the ranking endpoint alike. Output is columnar typed arrays, ready to become tensors.
 *
 * Index conventions: 0 is the missing / out-of-vocabulary index of every categorical, hashed and
 * device input; a bag is padded with 0 (unknown ids inside a bag are 0 too, so mean-pooling over
 * non-zero entries ignores them); position 0 means "no position" (always so at serving).
 */
import { SkipReport } from '../data/skip-report.js';
import { compileEncoder, trim } from './columns.js';
import type { FittedFeatures } from './fitted.js';
import { isProblem, parseRow, settle } from './parse-row.js';
import type { RawRow } from './rows.js';

/** One encoded input column; `indices` of a bag are row-major [size × maxLength]. */
export type EncodedFeature =
  | { name: string; kind: 'index'; indices: Int32Array }
  | { name: string; kind: 'bag'; indices: Int32Array; maxLength: number }
  | { name: string; kind: 'numeric'; values: Float32Array; missing: Float32Array | null };

/** A task's labels; `mask` is 0 where the label was missing and masked (its value is then 0). */
export interface EncodedLabels {
  task: string;
  values: Float32Array;
  mask: Float32Array;
}

/** A batch of encoded rows in columnar form. */
export interface EncodedBatch {
  size: number;
  /** For each encoded row, its index in the input (rows skipped by policy leave gaps). */
  rows: Int32Array;
  /** In the order of the fitted features (see `describeInputs`). */
  features: EncodedFeature[];
  /** Null when labels were not asked for (serving). */
  labels: EncodedLabels[] | null;
  position: Int32Array;
  device: Int32Array;
}

/** Whether to read labels, and how to treat bad values (counted in `report` when skipped). */
export interface EncodeOptions {
  labels: boolean;
  badValues?: 'error' | 'skip';
  report?: SkipReport;
}

/** Encodes rows into a batch; rows skipped by policy are counted in the report and left out. */
export function encodeRows(
  fitted: FittedFeatures,
  rows: readonly RawRow[],
  options: EncodeOptions,
): EncodedBatch {
  const compiled = compileEncoder(fitted);
  const report = options.report ?? new SkipReport();
  const parseOptions = { labels: options.labels, badValues: options.badValues ?? 'error' };
  const capacity = rows.length;
  const writers = compiled.columns.map((column) => column(capacity));
  const labels = options.labels ? fitted.tasks.map((task) => labelColumn(task.name, capacity)) : null;
  const source = new Int32Array(capacity);
  const position = new Int32Array(capacity);
  const device = new Int32Array(capacity);
  const maxPosition = fitted.bias?.spec.maxPosition ?? 0;
  let n = 0;
  for (const [index, row] of rows.entries()) {
    const parsed = parseRow(compiled.spec, row, parseOptions);
    if (isProblem(parsed)) {
      settle(parsed, row, report);
      continue;
    }
    for (const [i, value] of parsed.features.entries()) writers[i]?.put(n, value);
    for (const [i, label] of (parsed.labels ?? []).entries()) {
      const column = labels?.[i];
      if (!column) continue;
      column.values[n] = label ?? 0;
      column.mask[n] = label === null ? 0 : 1;
    }
    position[n] = parsed.position === null ? 0 : Math.min(parsed.position, maxPosition);
    device[n] = parsed.device === null ? 0 : (compiled.devices.get(parsed.device) ?? 0);
    source[n] = index;
    n += 1;
  }
  return {
    size: n,
    rows: trim(source, n),
    features: writers.map((writer) => writer.done(n)),
    labels: labels?.map((l) => ({ task: l.task, values: trim(l.values, n), mask: trim(l.mask, n) })) ?? null,
    position: trim(position, n),
    device: trim(device, n),
  };
}

function labelColumn(task: string, capacity: number): EncodedLabels {
  return { task, values: new Float32Array(capacity), mask: new Float32Array(capacity) };
}

/** Encodes a stream of rows in batches of `batchSize` (the last may be smaller; empty batches are not sent). */
export async function* encodeBatches(
  fitted: FittedFeatures,
  rows: AsyncIterable<RawRow> | Iterable<RawRow>,
  batchSize: number,
  options: EncodeOptions,
): AsyncGenerator<EncodedBatch> {
  let pending: RawRow[] = [];
  for await (const row of rows) {
    pending.push(row);
    if (pending.length < batchSize) continue;
    const batch = encodeRows(fitted, pending, options);
    pending = [];
    if (batch.size > 0) yield batch;
  }
  const last = encodeRows(fitted, pending, options);
  if (last.size > 0) yield last;
}

/**
 * Training data end to end: load the tables, resolve the split, then stream the log as joined
 * `RawRow`s for one side of the split. The trainer fits on `trainingRows(data, 'train')` and
 * encodes every epoch from the same stream, so nothing but the tables is held in memory.
 * `checkSplit` counts both sides first, so an empty side is refused before any training.
 */

import { DataError } from '../data/errors.js';
import { readRows } from '../data/read-rows.js';
import { SkipReport } from '../data/skip-report.js';
import { resolveSplit, type SplitOptions, type SplitPart, type SplitPlan, splitRows } from '../data/split.js';
import { countSplit, describeSplit, type SplitCounts, splitProblem } from '../data/split-counts.js';
import { loadTable } from '../data/tables.js';
import { type JoinTables, type RawRow, rowFromLog } from '../features/rows.js';
import type { FeatureSpec } from '../features/spec.js';
import { featureSpec, type TrainingConfig } from '../features/training-config.js';

/** An opened data set: the config, its feature spec, loaded tables and the resolved split. */
export interface TrainingData {
  config: TrainingConfig;
  spec: FeatureSpec;
  tables: JoinTables;
  plan: SplitPlan;
}

/** Loads the item and user tables and resolves the validation split (may read the log's timestamps). */
export async function openTrainingData(config: TrainingConfig): Promise<TrainingData> {
  const { data } = config;
  const [users, items] = await Promise.all([
    data.users ? loadTable(data.users.path, data.users.key, data.users) : null,
    data.items ? loadTable(data.items.path, data.items.key, data.items) : null,
  ]);
  const log = () => readRows(data.log.path, data.log);
  const plan = await resolveSplit(data.validation, log, data.keys.timestamp, data.keys.timestampUnit);
  return { config, spec: featureSpec(config), tables: { users, items }, plan };
}

/** Streams joined rows for one side of the split; rows skipped by policy are counted in `report`. */
export async function* trainingRows(
  data: TrainingData,
  part: SplitPart,
  report: SkipReport,
): AsyncGenerator<RawRow> {
  const { log, unknownIds } = data.config.data;
  const rows = splitRows(readRows(log.path, log), data.plan, part, splitOptions(data, report));
  for await (const source of rows) {
    const row = rowFromLog(source, data.spec.layout, data.tables, unknownIds, report);
    if (row) yield row;
  }
}

/**
 * Counts the rows on each side of the split (one pass over the log, reading only the timestamp)
 * and refuses a split with no training rows, or no validation rows when one was asked for.
 * Returns the counts and the line to print when training starts.
 */
export async function checkSplit(data: TrainingData): Promise<{ counts: SplitCounts; line: string }> {
  const { log, validation, keys } = data.config.data;
  const counts = await countSplit(readRows(log.path, log), data.plan, splitOptions(data, new SkipReport()));
  const problem = splitProblem(validation, data.plan, counts);
  if (problem) throw new DataError({ file: log.path }, undefined, problem);
  return { counts, line: describeSplit(validation, data.plan, counts, keys.timestampUnit) };
}

function splitOptions(data: TrainingData, report: SkipReport): SplitOptions {
  const { keys, badValues } = data.config.data;
  return { timestamp: keys.timestamp, timestampUnit: keys.timestampUnit, badValues, report };
}

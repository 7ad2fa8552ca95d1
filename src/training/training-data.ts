/**
 * Training data end to end: load the tables, resolve the split, then stream the log as joined
 * `RawRow`s for one side of the split. The trainer fits on `trainingRows(data, 'train')` and
 * encodes every epoch from the same stream, so nothing but the tables is held in memory.
 */

import { readRows } from '../data/read-rows.js';
import type { SkipReport } from '../data/skip-report.js';
import { resolveSplit, type SplitPart, type SplitPlan, splitRows } from '../data/split.js';
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
  const plan = await resolveSplit(data.validation, log, data.keys.timestamp);
  return { config, spec: featureSpec(config), tables: { users, items }, plan };
}

/** Streams joined rows for one side of the split; rows skipped by policy are counted in `report`. */
export async function* trainingRows(
  data: TrainingData,
  part: SplitPart,
  report: SkipReport,
): AsyncGenerator<RawRow> {
  const { log, keys, badValues, unknownIds } = data.config.data;
  const rows = splitRows(readRows(log.path, log), data.plan, part, {
    timestamp: keys.timestamp,
    badValues,
    report,
  });
  for await (const source of rows) {
    const row = rowFromLog(source, data.spec.layout, data.tables, unknownIds, report);
    if (row) yield row;
  }
}

/**
 * The rows an evaluation reads: a log joined to the model's tables with the training config's
 * policies, optionally paired with its ground truth, and the popularity baseline fitted on
 * another log through the same encoder.
 */
import { type DataFormat, formatOf, readRows } from '../data/read-rows.js';
import type { SourceRow } from '../data/records.js';
import { SkipReport } from '../data/skip-report.js';
import { type RawRow, rowFromLog } from '../features/rows.js';
import { type PopularityBaseline, popularityFromRows } from './baseline.js';
import type { EvaluationInputs, EvaluationModel } from './evaluate-inputs.js';
import { alignGroundTruth } from './ground-truth.js';

/** The extension's format, else the format the training log declared (a .txt log trained with format: csv). */
function formatFor(path: string, model: EvaluationModel): DataFormat {
  try {
    return formatOf(path);
  } catch (error) {
    if (model.data.log.format) return model.data.log.format;
    throw error;
  }
}

/** Streams joined rows of a log; with `truthOf`, records each row's aligned truth row in it. */
export async function* evaluationRows(
  model: EvaluationModel,
  inputs: EvaluationInputs,
  file: string,
  report: SkipReport,
  truthOf: Map<RawRow, SourceRow> | null,
): AsyncGenerator<RawRow> {
  const { layout } = model.bundle.fitted;
  const { unknownIds, keys } = model.data;
  const log = readRows(file, { format: formatFor(file, model) });
  const truth = truthOf && inputs.groundTruth ? readRows(inputs.groundTruth, { format: 'jsonl' }) : null;
  const aligned = truth
    ? alignGroundTruth(log, truth, { request: keys.request, item: layout.itemKey })
    : (async function* () {
        for await (const source of log) yield { source, truth: null };
      })();
  for await (const { source, truth: truthRow } of aligned) {
    const row = rowFromLog(source, layout, inputs.tables, unknownIds, report);
    if (!row) continue;
    if (truthRow) truthOf?.set(row, truthRow);
    yield row;
  }
}

/** Fits the popularity baseline (smoothed per-item label means) on a log, through the same encoder. */
export async function fitPopularity(
  model: EvaluationModel,
  inputs: EvaluationInputs,
  file: string,
  onRows?: (n: number) => void,
): Promise<PopularityBaseline> {
  const { fitted } = model.bundle;
  const report = new SkipReport();
  const rows = evaluationRows(model, inputs, file, report, null);
  return popularityFromRows(fitted, rows, {
    badValues: model.data.badValues,
    report,
    ...(onRows ? { onRows } : {}),
  });
}

/**
 * One head's figures on an evaluated log: its quality on the labelled rows (from evaluateRows),
 * calibration and mean prediction against mean label, and its rank correlation with the
 * simulator's truth column over every row, labelled or not, and within each request.
 */
import type { TaskDef } from '../features/spec.js';
import { type Calibration, calibration } from './calibration.js';
import type { HeadEvaluation, HeadQuality } from './evaluate-split.js';
import { truthColumnOf } from './ground-truth.js';
import { meanGroupSpearman, spearman } from './metrics.js';
import type { CollectedScores } from './score-collector.js';

/** One head's figures on the evaluated log. */
export interface HeadReport {
  name: string;
  kind: 'binary' | 'regression';
  /** The space labels and predictions are compared in: `log1p` when the head was trained on log(1 + y). */
  labelSpace: 'raw' | 'log1p';
  labelled: number;
  meanPrediction: number;
  meanLabel: number;
  model: HeadQuality;
  baseline: HeadQuality | null;
  /** Binary heads: quantile bins of equal counts and the expected calibration error. */
  calibration: Calibration | null;
  /**
   * Rank correlation of the head with its truth column (ground truth only): `spearman` over every
   * scored row; `withinRequest` the mean Spearman within each request (the slate a ranker orders),
   * over the `requests` with a request id where neither side is constant; null without request ids.
   */
  truth: {
    column: string;
    spearman: number;
    rows: number;
    withinRequest: number | null;
    requests: number;
  } | null;
}

const mean = (values: ArrayLike<number>): number => {
  let sum = 0;
  for (let i = 0; i < values.length; i++) sum += values[i]!;
  return values.length ? sum / values.length : Number.NaN;
};

/** Builds a head's report from the collected scores and evaluateRows' figures. */
export function headReport(
  task: TaskDef,
  head: CollectedScores['heads'][number],
  split: HeadEvaluation,
  truth: CollectedScores['truth'],
  requests: CollectedScores['requests'],
): HeadReport {
  const labelled: number[] = [];
  head.masks.forEach((m, i) => {
    if (m) labelled.push(i);
  });
  const predicted = labelled.map((i) => head.predictions[i]!);
  const observed = labelled.map((i) => head.labels[i]!);
  const column = truthColumnOf(task);
  const truthValues = truth.get(column);
  let truthReport: HeadReport['truth'] = null;
  if (truthValues) {
    const rows: number[] = [];
    truthValues.forEach((v, i) => {
      if (!Number.isNaN(v)) rows.push(i);
    });
    const rho = spearman(
      rows.map((i) => head.predictions[i]!),
      rows.map((i) => truthValues[i]!),
    );
    // Rows without a request id ('') are no slate.
    const inRequests = rows.filter((i) => requests[i] !== '');
    const within = inRequests.length
      ? meanGroupSpearman(
          inRequests.map((i) => requests[i]!),
          inRequests.map((i) => head.predictions[i]!),
          inRequests.map((i) => truthValues[i]!),
        )
      : null;
    truthReport = {
      column,
      spearman: rho,
      rows: rows.length,
      withinRequest: within && within.groups > 0 ? within.spearman : null,
      requests: within?.groups ?? 0,
    };
  }
  return {
    name: task.name,
    kind: task.kind,
    labelSpace: task.kind === 'regression' && task.transform === 'log1p' ? 'log1p' : 'raw',
    labelled: labelled.length,
    meanPrediction: mean(predicted),
    meanLabel: mean(observed),
    model: split.model,
    baseline: split.baseline,
    calibration: task.kind === 'binary' && labelled.length > 0 ? calibration(predicted, observed) : null,
    truth: truthReport,
  };
}

/**
 * `multirank evaluate`'s core: scores a labelled log with a bundle's serving graph and measures
 * each head (AUC, log loss, calibration; RMSE), the ranking by the combined score (NDCG@k, see
 * ranking-report.ts) and, on simulator data, how well each head tracks the unbiased truth
 * (Spearman over all rows and within each request). Observed labels are position-biased and the truth is not, which is where a
 * debiased model shows its worth.
 */

import { defaultProfile, parseProfile } from '../combination/parse.js';
import type { CombinationProfile } from '../combination/schema.js';
import type { SourceRow } from '../data/records.js';
import { SkipReport } from '../data/skip-report.js';
import type { RawRow } from '../features/rows.js';
import { lossHeadsOf } from '../model/from-config.js';
import { type ProgressLike, silentProgress } from '../util/progress.js';
import type { PopularityBaseline } from './baseline.js';
import type { EvaluationInputs, EvaluationModel } from './evaluate-inputs.js';
import { evaluateRows } from './evaluate-split.js';
import { evaluationRows, fitPopularity } from './evaluation-rows.js';
import type { GateDiagnostics } from './gate-diagnostics.js';
import { TRUTH_GAINS, truthColumnOf } from './ground-truth.js';
import { type HeadReport, headReport } from './head-report.js';
import { type RankingReport, rankingReport } from './ranking-report.js';
import { type CollectedScores, createScoreCollector } from './score-collector.js';

export type { HeadReport } from './head-report.js';

/** Format tag of the JSON report. */
export const EVALUATION_FORMAT = 'multirank.evaluation/1';

/** The whole report, as written by `--out`. */
export interface ModelEvaluation {
  format: typeof EVALUATION_FORMAT;
  model: { dir: string; name: string; contentHash: string; architecture: string | null };
  data: {
    file: string;
    users: string | null;
    items: string | null;
    groundTruth: string | null;
    baselineLog: string | null;
    rows: number;
    skipped: ReturnType<SkipReport['toJSON']>;
  };
  /** The combination profile the ranking section ranks by. */
  profile: CombinationProfile;
  /** The training objective (weighted masked loss) on this log. */
  loss: number;
  heads: HeadReport[];
  ranking: RankingReport | null;
  /**
   * Each head's gate: mean weight per expert, normalised entropy, and warnings (MMoE and PLE
   * bundles). `experts` is the width of a gate; with PLE its first `ownExperts` are the head's own.
   */
  gates: (GateDiagnostics & { experts: number; ownExperts: number | null }) | null;
}

/** Settings of evaluateModel. */
export interface EvaluateModelOptions {
  /** The combination profile (default: the sum click=1, see defaultProfile). */
  profile?: CombinationProfile;
  /** Receives every scored row's predictions, to combine them under other profiles (`--sweep`). */
  onScores?: (scores: CollectedScores) => void;
  batchSize?: number;
  /** NDCG cut-off (default 10). */
  k?: number;
  /** Opens a progress display for a pass over a log ("baseline", "score"). */
  progress?: (phase: 'baseline' | 'score') => ProgressLike;
}

/** Scores `inputs.data` with the bundle and measures heads, ranking and (with ground truth) debiasing. */
export async function evaluateModel(
  model: EvaluationModel,
  inputs: EvaluationInputs,
  options: EvaluateModelOptions = {},
): Promise<ModelEvaluation> {
  const { bundle, data } = model;
  const tasks = bundle.fitted.tasks;
  const profile = parseProfile(options.profile ?? defaultProfile(tasks), tasks);
  let baseline: PopularityBaseline | null = null;
  if (inputs.baselineLog) {
    const progress = options.progress?.('baseline') ?? silentProgress;
    baseline = await fitPopularity(model, inputs, inputs.baselineLog, (n) => progress.tick(n));
    progress.done();
  }
  const truthOf = inputs.groundTruth ? new Map<RawRow, SourceRow>() : null;
  const truthColumns = truthOf ? [...new Set([...tasks.map(truthColumnOf), ...TRUTH_GAINS])] : [];
  const requestKey = data.keys.request;
  const collector = createScoreCollector({
    fitted: bundle.fitted,
    requestKey,
    truthColumns,
    truthOf,
    baseline,
  });
  const report = new SkipReport();
  const progress = options.progress?.('score') ?? silentProgress;
  const split = await evaluateRows(
    bundle.model,
    bundle.fitted,
    evaluationRows(model, inputs, inputs.data, report, truthOf),
    {
      lossHeads: lossHeadsOf(tasks),
      batchSize: options.batchSize ?? 4096,
      badValues: data.badValues,
      report,
      gates: model.gates,
      engine: model.engine,
      baseline,
      onBatch: (scored) => {
        collector.onBatch(scored);
        progress.tick(scored.batch.size);
      },
    },
  );
  progress.done();
  const scores = collector.result();
  options.onScores?.(scores);
  const gates = split.gates;
  return {
    format: EVALUATION_FORMAT,
    model: {
      dir: bundle.dir,
      name: bundle.manifest.name,
      contentHash: bundle.manifest.contentHash,
      architecture: model.architecture,
    },
    data: {
      file: inputs.data,
      ...inputs.tablePaths,
      groundTruth: inputs.groundTruth,
      baselineLog: inputs.baselineLog,
      rows: split.rows,
      skipped: report.toJSON(),
    },
    profile,
    loss: split.loss,
    heads: tasks.map((task, k) =>
      headReport(task, scores.heads[k]!, split.heads[k]!, scores.truth, scores.requests),
    ),
    ranking: rankingReport(scores, tasks, profile, options.k ?? 10, requestKey),
    gates: gates
      ? { experts: gates.heads[0]?.utilisation.length ?? 0, ownExperts: model.ownExperts, ...gates }
      : null,
  };
}

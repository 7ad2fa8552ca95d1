/**
 * Ranking quality of a combination profile's score: NDCG@k per request, averaged over requests, against
 * graded gains — each binary head's observed label and, with ground truth, the unbiased
 * p_click and p_like. Each figure comes with two references: the logged order (what the
 * logging policy showed) and the popularity baseline's combined score.
 */

import { compileProfile } from '../combination/compile.js';
import type { CombinationProfile } from '../combination/schema.js';
import type { TaskDef } from '../features/spec.js';
import { TRUTH_GAINS } from './ground-truth.js';
import { meanNdcgAtK } from './metrics.js';
import type { CollectedScores } from './score-collector.js';

/** NDCG@k of the combined score against one gain, next to its references. */
export interface RankingGain {
  /** The label column (source label) or truth column (source truth) used as the gain. */
  gain: string;
  source: 'label' | 'truth';
  /** Requests with at least one positive gain (the others have no ideal order and are left out). */
  requests: number;
  model: number;
  /** The order rows appear in within their request in the log (the simulator writes slates in position order). */
  logged: number;
  popularity: number | null;
}

/** The ranking section of an evaluation. */
export interface RankingReport {
  k: number;
  requestKey: string;
  /** Distinct request ids among the scored rows. */
  requests: number;
  /** Scored rows without a request id, left out of the ranking. */
  rowsWithoutRequest: number;
  /** The profile the model's and the baseline's heads were combined with. */
  profile: CombinationProfile;
  gains: RankingGain[];
}

/** NDCG of the profile's score against every gain the data offers; null without a request column. */
export function rankingReport(
  scores: CollectedScores,
  tasks: readonly TaskDef[],
  profile: CombinationProfile,
  k: number,
  requestKey: string | null,
): RankingReport | null {
  if (!requestKey) return null;
  const keep: number[] = [];
  scores.requests.forEach((request, i) => {
    if (request !== '') keep.push(i);
  });
  const pick = (values: ArrayLike<number>): Float64Array => Float64Array.from(keep, (i) => values[i]!);
  const groups = keep.map((i) => scores.requests[i]!);
  const combination = compileProfile(profile, tasks);
  const combined = combination.scores(
    scores.heads.map((h) => h.predictions),
    scores.rows,
  );
  const model = pick(combined);
  const logged = new Float64Array(keep.length);
  const popularity = scores.baseline ? pick(combination.scores(scores.baseline, scores.rows)) : null;

  const gains: { gain: string; source: 'label' | 'truth'; values: Float64Array }[] = [];
  tasks.forEach((task, t) => {
    if (task.kind !== 'binary') return;
    const head = scores.heads[t]!;
    // A masked label reads 0, and an unknown outcome earns no gain.
    gains.push({
      gain: task.column,
      source: 'label',
      values: pick(head.labels.map((y, i) => y * head.masks[i]!)),
    });
  });
  for (const column of TRUTH_GAINS) {
    const values = scores.truth.get(column);
    if (values)
      gains.push({
        gain: column,
        source: 'truth',
        values: pick(values.map((v) => (Number.isNaN(v) ? 0 : v))),
      });
  }

  return {
    k,
    requestKey,
    requests: new Set(groups).size,
    rowsWithoutRequest: scores.rows - keep.length,
    profile: combination.profile,
    gains: gains.map(({ gain, source, values }) => {
      const ofModel = meanNdcgAtK(groups, model, values, k);
      return {
        gain,
        source,
        requests: ofModel.groups,
        model: ofModel.ndcg,
        logged: meanNdcgAtK(groups, logged, values, k).ndcg,
        popularity: popularity ? meanNdcgAtK(groups, popularity, values, k).ndcg : null,
      };
    }),
  };
}

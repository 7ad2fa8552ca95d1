/**
 * `multirank evaluate --sweep GRID`: the grid, its profiles and axes are checked against the model
 * before the log is scored (a typo fails at once); after the one scoring pass every profile
 * re-ranks the kept predictions (docs/combination.md, "The sweep").
 */

import type { CombinationForm, CombinationProfile } from '../../../combination/schema.js';
import { MultirankError } from '../../../errors.js';
import type { ModelEvaluation } from '../../../evaluation/evaluate-model.js';
import {
  parseSweepAxes,
  parseSweepGrid,
  type SweepGrid,
  type SweepProfile,
  sweepProfiles,
} from '../../../evaluation/profile-sweep.js';
import type { CollectedScores } from '../../../evaluation/score-collector.js';
import { SWEEP_FORMAT, type SweepReport, sweepPoints } from '../../../evaluation/sweep-report.js';
import type { TaskDef } from '../../../features/spec.js';

/** The sweep's flags as commander hands them over. */
export interface SweepFlags {
  sweep?: string;
  sweepForm?: string;
  sweepK: number;
  sweepAxes?: string;
}

/** A checked sweep, ready to run on the scored rows. */
export interface SweepPlan {
  grid: SweepGrid;
  base: CombinationProfile;
  form: CombinationForm;
  profiles: SweepProfile[];
  skipped: number;
  k: number;
  axes: SweepReport['axes'];
}

/** Runs `check`, prefixing a MultirankError's message with the flag that caused it. */
function flagged<T>(flag: string, check: () => T): T {
  try {
    return check();
  } catch (error) {
    if (error instanceof MultirankError) throw new MultirankError(error.code, `${flag}: ${error.message}`);
    throw error;
  }
}

/** Checks --sweep, --sweep-form and --sweep-axes against the model's heads. */
export function planSweep(
  flags: SweepFlags & { sweep: string },
  tasks: readonly TaskDef[],
  base: CombinationProfile,
): SweepPlan {
  const form = flags.sweepForm ?? base.form;
  if (form !== 'sum' && form !== 'product') {
    throw new MultirankError('BAD_REQUEST', `--sweep-form: expected sum | product, got "${form}"`);
  }
  const grid = flagged('--sweep', () => parseSweepGrid(flags.sweep, tasks));
  const { profiles, skipped } = flagged('--sweep', () => sweepProfiles(base, grid, tasks, form));
  if (profiles.length === 0) {
    throw new MultirankError('BAD_REQUEST', '--sweep: every combination of the grid is all-zero');
  }
  const axes = flagged('--sweep-axes', () => parseSweepAxes(flags.sweepAxes, tasks));
  return { grid, base, form, profiles, skipped, k: flags.sweepK, axes };
}

/** The sweep's report from the one scoring pass (`scores`) and the evaluation that made it. */
export function runSweep(
  plan: SweepPlan,
  scores: CollectedScores,
  tasks: readonly TaskDef[],
  evaluation: ModelEvaluation,
): SweepReport {
  const requestKey = evaluation.ranking?.requestKey;
  if (!requestKey) {
    throw new MultirankError(
      'BAD_REQUEST',
      '--sweep: the model config names no request column (data.keys.request), so there are no requests to re-rank',
    );
  }
  const points = sweepPoints(scores, tasks, plan.profiles, { k: plan.k, axes: plan.axes });
  const { model, data } = evaluation;
  return {
    format: SWEEP_FORMAT,
    model: { dir: model.dir, name: model.name, contentHash: model.contentHash },
    data: { file: data.file, groundTruth: data.groundTruth, rows: data.rows },
    requestKey,
    requests: points.requests,
    k: plan.k,
    grid: plan.grid,
    base: plan.base,
    form: plan.form,
    skipped: plan.skipped,
    axes: plan.axes,
    metrics: points.metrics,
    profiles: points.profiles,
    references: points.references,
  };
}

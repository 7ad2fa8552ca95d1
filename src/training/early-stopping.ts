/**
 * What early stopping watches, and what it tells the user about each head.
 *
 * `sum` (the weighted sum of the heads' validation losses) is dominated by the dense heads: a
 * sparse head's cross-entropy is an order of magnitude smaller (a like rate of 2% starts near
 * 0.1, a click rate of 30% near 0.6), so the sum can rise while the sparse head is still
 * learning, and training stops too early for it. `relative` divides each head's loss by its
 * first epoch's and averages: every head weighs the same whatever its label rate.
 */
import type { TrainingDef } from '../features/training-config.js';
import type { EpochRecord } from './checkpoint.js';

/** The value early stopping minimises for an epoch, given the run's first epoch. */
export function stoppingCriterion(
  kind: TrainingDef['earlyStopping'],
  epoch: Pick<EpochRecord, 'validationLoss' | 'validationHeadLosses'>,
  first: Pick<EpochRecord, 'validationHeadLosses'> | undefined,
): number {
  const heads = Object.entries(epoch.validationHeadLosses ?? {});
  if (kind === 'sum' || heads.length === 0) return epoch.validationLoss;
  const ratios = heads.map(([name, loss]) => {
    const start = first?.validationHeadLosses?.[name] ?? loss;
    return start > 0 ? loss / start : loss;
  });
  return ratios.reduce((sum, r) => sum + r, 0) / ratios.length;
}

/** Heads whose own validation loss was lowest after the kept epoch: still improving at the stop. */
export function headsStillImproving(history: EpochRecord[], keptEpoch: number): string[] {
  const kept = history.find((r) => r.epoch === keptEpoch)?.validationHeadLosses;
  if (!kept) return [];
  return Object.keys(kept).filter((head) => {
    const losses = history.map((r) => r.validationHeadLosses?.[head] ?? Number.POSITIVE_INFINITY);
    return bestEpochOf(history, losses) > keptEpoch;
  });
}

function bestEpochOf(history: EpochRecord[], losses: number[]): number {
  let best = 0;
  losses.forEach((loss, i) => {
    if (loss < (losses[best] ?? Number.POSITIVE_INFINITY)) best = i;
  });
  return history[best]?.epoch ?? 0;
}

/** One line per head: its validation loss per epoch, its own best epoch, and its last weight. */
export function headCurves(history: EpochRecord[]): string[] {
  const heads = Object.keys(history[0]?.validationHeadLosses ?? {});
  return heads.map((head) => {
    const losses = history.map((r) => r.validationHeadLosses?.[head] ?? Number.NaN);
    const weight = history.at(-1)?.taskWeights?.[head];
    const weightText = weight === undefined ? '' : `, weight ${weight.toFixed(3)}`;
    return `${head}: ${losses.map((l) => l.toFixed(4)).join(' → ')} (own best epoch ${bestEpochOf(history, losses)}${weightText})`;
  });
}

/**
 * The early-stopping criterion: on the curves of the real-data run (the summed loss rises
 * at epoch 3 while the sparse like head still falls), `sum` would stop and `relative` goes on;
 * the per-head report names a head still improving after the kept epoch.
 */
import { describe, expect, it } from 'vitest';
import type { EpochRecord } from '../../src/training/checkpoint.js';
import { headCurves, headsStillImproving, stoppingCriterion } from '../../src/training/early-stopping.js';

const epoch = (n: number, click: number, like: number): EpochRecord => ({
  epoch: n,
  trainLoss: 0,
  validationLoss: click + like,
  validationHeadLosses: { click, like },
  examplesPerSecond: 0,
});
const history = [epoch(1, 0.6, 0.0907), epoch(2, 0.58, 0.08), epoch(3, 0.595, 0.074), epoch(4, 0.6, 0.071)];

describe('stoppingCriterion', () => {
  it('sum: the weighted total; it rises at epoch 3', () => {
    const sums = history.map((r) => stoppingCriterion('sum', r, history[0]));
    expect(sums[2]).toBeGreaterThan(sums[1]!);
  });

  it('relative: each head over its first epoch, averaged; it still falls at epochs 3 and 4', () => {
    const relative = history.map((r) => stoppingCriterion('relative', r, history[0]));
    expect(relative[0]).toBe(1);
    expect(relative[2]).toBeLessThan(relative[1]!);
    expect(relative[3]).toBeLessThan(relative[2]!);
    expect(relative[1]).toBeCloseTo((0.58 / 0.6 + 0.08 / 0.0907) / 2, 12);
  });
});

describe('per-head report', () => {
  it('names the heads whose own best epoch came after the kept one', () => {
    expect(headsStillImproving(history, 2)).toEqual(['like']);
    expect(headsStillImproving(history, 4)).toEqual([]);
  });

  it('prints each head curve with its own best epoch', () => {
    expect(headCurves(history)).toEqual([
      'click: 0.6000 → 0.5800 → 0.5950 → 0.6000 (own best epoch 2)',
      'like: 0.0907 → 0.0800 → 0.0740 → 0.0710 (own best epoch 4)',
    ]);
  });
});

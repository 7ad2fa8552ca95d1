/**
 * Calibration by quantile bins: equal counts (±1) whatever the shape of the predictions, each
 * bin's mean prediction and observed rate, ties kept in one bin, and the ECE over the bins.
 */
import { describe, expect, it } from 'vitest';
import { calibration } from '../../src/evaluation/calibration.js';

/** A seeded uniform generator, so the skewed sample is the same on every run. */
function uniform(seed: number): () => number {
  let state = seed;
  return () => {
    state = (Math.imul(state, 1103515245) + 12345) >>> 0;
    return state / 2 ** 32;
  };
}

describe('calibration (quantile bins)', () => {
  it('gives a skewed head (2% rate) ten bins of equal counts, ±1, in order of prediction', () => {
    const random = uniform(11);
    // A rare event: predictions crowd near 0 (a long right tail), labels drawn from them.
    const predictions = Array.from({ length: 10_007 }, () => -0.02 * Math.log(1 - random()));
    const labels = predictions.map((p) => (random() < p ? 1 : 0));
    const { binning, bins, expectedCalibrationError } = calibration(predictions, labels);
    expect(binning).toBe('quantile');
    expect(bins).toHaveLength(10);
    const counts = bins.map((b) => b.count);
    expect(counts.reduce((a, b) => a + b, 0)).toBe(predictions.length);
    expect(Math.max(...counts) - Math.min(...counts)).toBeLessThanOrEqual(1);
    // Equal-width bins would have put nearly all of these rows in [0, 0.1).
    expect(predictions.filter((p) => p < 0.1).length / predictions.length).toBeGreaterThan(0.95);
    bins.forEach((bin, i) => {
      expect(bin.lower).toBeLessThanOrEqual(bin.meanPredicted);
      expect(bin.meanPredicted).toBeLessThanOrEqual(bin.upper);
      if (i > 0) expect(bin.lower).toBeGreaterThanOrEqual(bins[i - 1]!.upper);
    });
    const gap = bins.reduce((s, b) => s + b.count * Math.abs(b.meanPredicted - b.observedRate), 0);
    expect(expectedCalibrationError).toBeCloseTo(gap / predictions.length, 12);
  });

  it("computes each bin's mean prediction and observed rate", () => {
    const { bins, expectedCalibrationError } = calibration([0.9, 0.1, 0.2, 0.8], [1, 0, 1, 1], 2);
    expect(bins).toEqual([
      { lower: 0.1, upper: 0.2, count: 2, meanPredicted: expect.closeTo(0.15, 12), observedRate: 0.5 },
      { lower: 0.8, upper: 0.9, count: 2, meanPredicted: expect.closeTo(0.85, 12), observedRate: 1 },
    ]);
    expect(expectedCalibrationError).toBeCloseTo((2 * 0.35 + 2 * 0.15) / 4, 12);
  });

  it('keeps equal predictions in one bin: a constant head has one bin, a tiny log one bin a row', () => {
    const constant = calibration([0.3, 0.3, 0.3, 0.3, 0.3], [1, 0, 0, 1, 0]);
    expect(constant.bins).toEqual([
      { lower: 0.3, upper: 0.3, count: 5, meanPredicted: 0.3, observedRate: 0.4 },
    ]);
    expect(constant.expectedCalibrationError).toBeCloseTo(0.1, 12);
    const ties = calibration([0.1, 0.5, 0.5, 0.5, 0.9, 0.95], [0, 0, 1, 1, 1, 1], 3);
    expect(ties.bins.map((b) => b.count)).toEqual([4, 2]);
    expect(calibration([0.4, 0.2], [1, 0]).bins.map((b) => b.count)).toEqual([1, 1]);
    expect(calibration([], [])).toEqual({ binning: 'quantile', bins: [], expectedCalibrationError: 0 });
  });
});

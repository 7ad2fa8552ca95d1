import { describe, expect, it } from 'vitest';
import {
  auc,
  logLoss,
  meanGroupSpearman,
  meanNdcgAtK,
  ndcgAtK,
  pearson,
  rmse,
  spearman,
} from '../../src/evaluation/metrics.js';

describe('auc', () => {
  it('is 1 for a perfect ranking, 0 for a reversed one, 0.5 for constant scores', () => {
    expect(auc([0.1, 0.2, 0.8, 0.9], [0, 0, 1, 1])).toBe(1);
    expect(auc([0.9, 0.8, 0.2, 0.1], [0, 0, 1, 1])).toBe(0);
    expect(auc([0.5, 0.5, 0.5, 0.5], [0, 1, 0, 1])).toBe(0.5);
  });
  it('matches a hand count of concordant pairs with ties worth one half', () => {
    // positives {0.4, 0.7}, negatives {0.4, 0.1, 0.9}: pairs won 0.5+1+0 + 1+1+0 = 3.5 of 6.
    expect(auc([0.4, 0.7, 0.4, 0.1, 0.9], [1, 1, 0, 0, 0])).toBeCloseTo(3.5 / 6, 12);
  });
  it('is NaN when a class is missing', () => {
    expect(auc([0.1, 0.2], [1, 1])).toBeNaN();
  });
});

describe('losses', () => {
  it('computes log loss and RMSE by their formulas', () => {
    expect(logLoss([0.8, 0.3], [1, 0])).toBeCloseTo(-(Math.log(0.8) + Math.log(0.7)) / 2, 12);
    expect(rmse([1, 2, 3], [1, 4, 3])).toBeCloseTo(Math.sqrt(4 / 3), 12);
  });
});

describe('ndcg', () => {
  it('is 1 when the best item is ranked first and lower otherwise', () => {
    expect(ndcgAtK([0.9, 0.1, 0.2], [1, 0, 0], 10)).toBe(1);
    expect(ndcgAtK([0.1, 0.9, 0.2], [1, 0, 0], 10)).toBeCloseTo(1 / Math.log2(4), 12);
  });
  it('averages over requests and leaves out requests without any gain', () => {
    const result = meanNdcgAtK(['a', 'a', 'b', 'b', 'c'], [0.9, 0.1, 0.1, 0.9, 0.5], [1, 0, 1, 0, 0], 10);
    expect(result.groups).toBe(2);
    expect(result.ndcg).toBeCloseTo((1 + 1 / Math.log2(3)) / 2, 12);
  });
});

describe('correlation', () => {
  it('gives Pearson and Spearman of known series', () => {
    expect(pearson([1, 2, 3], [2, 4, 6])).toBeCloseTo(1, 12);
    expect(spearman([1, 2, 3, 4], [1, 8, 27, 64])).toBeCloseTo(1, 12);
    expect(spearman([1, 2, 3, 4], [4, 3, 2, 1])).toBeCloseTo(-1, 12);
  });

  it('averages Spearman within groups, leaving out groups where a side is constant', () => {
    // Group a orders its rows perfectly, b backwards, c is one row, d has a constant score.
    const groups = ['a', 'b', 'a', 'b', 'c', 'a', 'b', 'd', 'd'];
    const x = [1, 1, 2, 2, 5, 3, 3, 7, 7];
    const y = [10, 30, 20, 20, 1, 30, 10, 1, 2];
    expect(meanGroupSpearman(groups, x, y)).toEqual({ spearman: 0, groups: 2 });
    // Pooled over every row the same data correlate: within groups is another question.
    expect(spearman([1, 2, 3, 11, 12, 13], [1, 2, 3, 4, 5, 6])).toBeCloseTo(1, 12);
    expect(
      meanGroupSpearman(['a', 'a', 'a', 'b', 'b', 'b'], [1, 2, 3, 11, 12, 13], [3, 2, 1, 6, 5, 4]).spearman,
    ).toBeCloseTo(-1, 12);
    expect(meanGroupSpearman(['a'], [1], [1])).toEqual({ spearman: Number.NaN, groups: 0 });
    // Ten tied scores: their mean rank 5.5 is not exact when summed as 0.55s, yet no correlation.
    const tied = Array.from({ length: 10 }, () => 0.5);
    expect(spearman(tied, [3, 1, 4, 1, 5, 9, 2, 6, 5, 3])).toBeNaN();
    expect(pearson([0.1, 0.1, 0.1], [1, 2, 3])).toBeNaN();
  });
});

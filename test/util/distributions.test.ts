import { describe, expect, it } from 'vitest';
import {
  chiSquaredSf,
  erfc,
  lnGamma,
  normalCdf,
  regularizedGammaP,
  regularizedGammaQ,
  twoSidedNormalPValue,
  Z_95,
} from '../../src/util/distributions.js';

// Reference values from scipy 1.17 (scipy.stats.norm / chi2, scipy.special), unless derived in a comment.

/** Expects |actual − expected| ≤ rel·|expected|. */
function expectRelative(actual: number, expected: number, rel: number): void {
  expect(Math.abs(actual - expected)).toBeLessThanOrEqual(rel * Math.abs(expected));
}

describe('lnGamma', () => {
  it('matches exact values and known ones', () => {
    // Γ(1) = Γ(2) = 1, Γ(5) = 4! = 24, Γ(1/2) = √π.
    expect(lnGamma(1)).toBeCloseTo(0, 14);
    expect(lnGamma(2)).toBeCloseTo(0, 14);
    expectRelative(lnGamma(5), Math.log(24), 1e-14);
    expectRelative(lnGamma(0.5), 0.5 * Math.log(Math.PI), 1e-14);
    expectRelative(lnGamma(10), 12.801827480081469, 1e-14);
    expectRelative(lnGamma(0.01), 4.599479878042022, 1e-13);
    expectRelative(lnGamma(1e6), 12815504.569147611, 1e-14);
  });

  it('rejects non-positive arguments', () => {
    expect(() => lnGamma(0)).toThrow(RangeError);
    expect(() => lnGamma(Number.NaN)).toThrow(RangeError);
  });
});

describe('regularised incomplete gamma', () => {
  it('has P + Q = 1 on both sides of the series / continued-fraction split', () => {
    for (const [a, x] of [
      [0.5, 0.3],
      [0.5, 4],
      [3, 2],
      [3, 4.5],
      [50, 49],
      [50, 60],
    ] as const) {
      expect(regularizedGammaP(a, x) + regularizedGammaQ(a, x)).toBeCloseTo(1, 14);
    }
  });

  it('is exp(−x) for a = 1 and handles the ends of the range', () => {
    // Q(1, x) = e^(−x).
    for (const x of [0.1, 1, 2, 10, 50]) expectRelative(regularizedGammaQ(1, x), Math.exp(-x), 1e-13);
    expect(regularizedGammaQ(2, 0)).toBe(1);
    expect(regularizedGammaP(2, 0)).toBe(0);
    expect(regularizedGammaQ(2, Number.POSITIVE_INFINITY)).toBe(0);
    expect(regularizedGammaP(2, Number.POSITIVE_INFINITY)).toBe(1);
    expect(() => regularizedGammaQ(0, 1)).toThrow(RangeError);
    expect(() => regularizedGammaQ(1, Number.NaN)).toThrow(RangeError);
  });
});

describe('normal distribution', () => {
  it('matches known CDF values', () => {
    expect(normalCdf(0)).toBe(0.5);
    expect(normalCdf(1.96)).toBeCloseTo(0.9750021048517795, 13);
    expect(normalCdf(-1)).toBeCloseTo(0.15865525393145707, 13);
    expect(normalCdf(0.5)).toBeCloseTo(0.6914624612740131, 13);
    expect(normalCdf(3)).toBeCloseTo(0.9986501019683699, 13);
    expect(normalCdf(Number.POSITIVE_INFINITY)).toBe(1);
    expect(normalCdf(Number.NEGATIVE_INFINITY)).toBe(0);
  });

  it('keeps relative precision deep in the lower tail', () => {
    expectRelative(normalCdf(-8), 6.22096057427174e-16, 1e-12);
    expectRelative(normalCdf(-37.5), 4.605353009581954e-308, 1e-9);
  });

  it('puts 95% inside ±Z_95 and gives matching two-sided p-values', () => {
    expect(normalCdf(Z_95) - normalCdf(-Z_95)).toBeCloseTo(0.95, 14);
    expect(twoSidedNormalPValue(Z_95)).toBeCloseTo(0.05, 14);
    expect(twoSidedNormalPValue(-Z_95)).toBeCloseTo(0.05, 14);
    expect(twoSidedNormalPValue(0)).toBe(1);
    expectRelative(twoSidedNormalPValue(-8), 2 * 6.22096057427174e-16, 1e-12);
  });

  it('matches known erfc values on both signs', () => {
    expect(erfc(0)).toBe(1);
    expect(erfc(0.5)).toBeCloseTo(0.4795001221869535, 14);
    expect(erfc(-1)).toBeCloseTo(1.8427007929497148, 14);
    expectRelative(erfc(2), 0.004677734981047266, 1e-13);
    expectRelative(erfc(10), 2.0884875837625446e-45, 1e-12);
  });
});

describe('chiSquaredSf', () => {
  it('gives 0.05 at the 95% critical value of one degree of freedom', () => {
    // 3.841459 is the rounded critical value; at the exact 3.841458820694124 the sf is 0.05.
    expect(chiSquaredSf(3.841459, 1)).toBeCloseTo(0.04999999465319563, 14);
    expect(chiSquaredSf(3.841458820694124, 1)).toBeCloseTo(0.05, 14);
  });

  it('is exp(−x/2) for two degrees of freedom', () => {
    for (const x of [0, 0.5, 1, 3, 10, 100, 1000])
      expectRelative(chiSquaredSf(x, 2), Math.exp(-x / 2), 1e-13);
  });

  it('matches known values for small, fractional and large df', () => {
    expect(chiSquaredSf(10, 3)).toBeCloseTo(0.01856613546304325, 14);
    expect(chiSquaredSf(0.5, 5)).toBeCloseTo(0.9921232932326296, 14);
    expect(chiSquaredSf(1e-3, 1)).toBeCloseTo(0.9747728793699604, 14);
    expect(chiSquaredSf(0.2, 0.5)).toBeCloseTo(0.391661154271034, 14);
    expectRelative(chiSquaredSf(100, 50), 3.454931382984871e-5, 1e-12);
    expectRelative(chiSquaredSf(300, 10), 1.5546747543803087e-58, 1e-11);
    expectRelative(chiSquaredSf(1500, 1000), 1.0454640385980825e-22, 1e-10);
    expect(chiSquaredSf(500, 1000)).toBeCloseTo(1, 14);
  });

  it('gives 0.001 at the 0.999 quantile of 9999 degrees of freedom', () => {
    // scipy.stats.chi2.ppf(0.999, 9999) = 10441.708713915372.
    expectRelative(chiSquaredSf(10441.708713915372, 9999), 0.001, 1e-9);
    expectRelative(chiSquaredSf(10441.7, 9999), 0.0010002016006607376, 1e-9);
  });

  it('is 1 at and below zero, and rejects df ≤ 0', () => {
    expect(chiSquaredSf(0, 4)).toBe(1);
    expect(chiSquaredSf(-1, 4)).toBe(1);
    expect(() => chiSquaredSf(1, 0)).toThrow(RangeError);
  });
});

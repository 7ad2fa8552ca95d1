import { describe, expect, it } from 'vitest';
import {
  compareVariants,
  type LiftEstimate,
  type RatioEstimate,
  ratioEstimate,
  ratioLift,
  sampleRatioMismatch,
  type UserTotals,
  variantMetrics,
} from '../../src/experiments/report-stats.js';
import { normalCdf, Z_95 } from '../../src/util/distributions.js';
import { Rng } from '../../src/util/random.js';

// Variance convention throughout: sample variances and covariances divide by n − 1, and
//   Var(R) ≈ (s_n² − 2R·s_nd + R²·s_d²) / (n·μ_d²).

// Three users: impressions [10, 20, 30], clicks [1, 4, 3], likes [0, 1, 2], watch [50, 60, 90].
const THREE_USERS: UserTotals[] = [
  { impressions: 10, clicks: 1, likes: 0, watchSeconds: 50 },
  { impressions: 20, clicks: 4, likes: 1, watchSeconds: 60 },
  { impressions: 30, clicks: 3, likes: 2, watchSeconds: 90 },
];
// CTR by hand: R = 8/60 = 2/15, μ_d = 20.
//   clicks: mean 8/3, deviations −5/3, 4/3, 1/3 → s_n² = (25 + 16 + 1)/9 / 2 = 7/3
//   impressions: deviations −10, 0, 10 → s_d² = 200/2 = 100
//   covariance: ((−5/3)(−10) + 0 + (1/3)(10)) / 2 = 20/2 = 10
//   s_n² − 2R·s_nd + R²·s_d² = 7/3 − 8/3 + (4/225)·100 = −1/3 + 16/9 = 13/9
//   Var(R) = (13/9) / (3·400) = 13/10800, se = √(13/10800) ≈ 0.0346944
const CTR_SE = Math.sqrt(13 / 10800);

/** Asserts a value survives JSON unchanged: no NaN or ±Infinity (they would turn into null). */
function expectJsonSafe(value: unknown): void {
  expect(JSON.parse(JSON.stringify(value))).toEqual(value);
}

describe('ratioEstimate', () => {
  it('matches the hand-computed delta-method standard error', () => {
    const r = ratioEstimate([1, 4, 3], [10, 20, 30]);
    expect(r.value).toBeCloseTo(2 / 15, 15);
    expect(r.se).toBeCloseTo(CTR_SE, 15);
    expect(r.se).toBeCloseTo(0.034694433324435545, 15);
    // CI = 2/15 ± 1.959964 · 0.0346944 = [0.0653335, 0.2013332].
    expect(r.ci95?.[0]).toBeCloseTo(0.0653334935534134, 14);
    expect(r.ci95?.[1]).toBeCloseTo(0.20133317311325327, 14);
  });

  it('accepts typed arrays', () => {
    expect(ratioEstimate(Float64Array.of(1, 4, 3), Int32Array.of(10, 20, 30))).toEqual(
      ratioEstimate([1, 4, 3], [10, 20, 30]),
    );
  });

  it('gives null for an undefined rate and a missing variance, never NaN', () => {
    const none: RatioEstimate = { value: null, se: null, ci95: null };
    expect(ratioEstimate([], [])).toEqual(none);
    expect(ratioEstimate([0, 0], [0, 0])).toEqual(none);
    // One user: the rate exists, its variance cannot be estimated.
    expect(ratioEstimate([3], [10])).toEqual({ value: 0.3, se: null, ci95: null });
  });

  it('gives se 0 and a degenerate interval when no user clicked', () => {
    expect(ratioEstimate([0, 0, 0], [10, 20, 30])).toEqual({ value: 0, se: 0, ci95: [0, 0] });
  });

  it('rejects mismatched lengths and non-finite values', () => {
    expect(() => ratioEstimate([1, 2], [3])).toThrow(RangeError);
    expect(() => ratioEstimate([1, Number.NaN], [3, 4])).toThrow(RangeError);
    expect(() => ratioEstimate([1, 2], [3, Number.POSITIVE_INFINITY])).toThrow(RangeError);
  });
});

describe('ratioLift', () => {
  it('matches the hand-computed log-ratio test', () => {
    // Treatment: the three users above, t = 2/15, Var(t) = 13/10800.
    // Control: impressions [10, 10], clicks [1, 2] → c = 3/20, μ_d = 10,
    //   s_n² = 1/2, s_d² = 0, s_nd = 0 → Var(c) = (1/2) / (2·100) = 1/400.
    // lift = (2/15)/(3/20) − 1 = 8/9 − 1 = −1/9; L = ln(8/9) ≈ −0.1177830
    // se_L² = Var(t)/t² + Var(c)/c² = (13/10800)/(4/225) + (1/400)/(9/400) = 13/192 + 1/9 = 103/576
    // se_L = √103/24 ≈ 0.4228705; z = L/se_L ≈ −0.2785322; p = 2Φ(−0.2785322) ≈ 0.7806039
    // CI = exp(L ± 1.959964·se_L) − 1 = [−0.6119395, 1.0360830]
    const lift = ratioLift({ num: [1, 4, 3], den: [10, 20, 30] }, { num: [1, 2], den: [10, 10] });
    const seL = Math.sqrt(103) / 24;
    expect(lift.lift).toBeCloseTo(-1 / 9, 15);
    expect(lift.pValue).toBeCloseTo(2 * normalCdf(Math.log(8 / 9) / seL), 14);
    expect(lift.pValue).toBeCloseTo(0.7806038686619774, 12);
    expect(lift.ci95?.[0]).toBeCloseTo(Math.exp(Math.log(8 / 9) - Z_95 * seL) - 1, 14);
    expect(lift.ci95?.[0]).toBeCloseTo(-0.6119394715104283, 12);
    expect(lift.ci95?.[1]).toBeCloseTo(1.0360830303083923, 12);
  });

  it('gives lift 0 and p = 1 for identical variants', () => {
    const same = { num: [1, 4, 3], den: [10, 20, 30] };
    const lift = ratioLift(same, same);
    expect(lift.lift).toBe(0);
    expect(lift.pValue).toBe(1);
    // se_L = √2 · se/R = √2 · 0.0346944 · 7.5 ≈ 0.3679918; CI = exp(±1.959964 · se_L) − 1.
    const seL = Math.SQRT2 * CTR_SE * 7.5;
    expect(lift.ci95?.[0]).toBeCloseTo(Math.expm1(-Z_95 * seL), 14);
    expect(lift.ci95?.[1]).toBeCloseTo(Math.expm1(Z_95 * seL), 14);
  });

  it('handles zero rates and zero standard errors without NaN', () => {
    const cases: Array<[LiftEstimate, LiftEstimate]> = [
      // Both without clicks: 0/0 lift, identical rates → p = 1.
      [
        ratioLift({ num: [0, 0], den: [5, 7] }, { num: [0, 0, 0], den: [1, 2, 3] }),
        { lift: null, ci95: null, pValue: 1 },
      ],
      // Treatment without clicks: lift −100%, but the log ratio (and so the test) is undefined.
      [
        ratioLift({ num: [0, 0], den: [5, 7] }, { num: [1, 2], den: [10, 10] }),
        { lift: -1, ci95: null, pValue: null },
      ],
      // Control without clicks: the lift itself is undefined.
      [
        ratioLift({ num: [1, 2], den: [10, 10] }, { num: [0, 0], den: [5, 7] }),
        { lift: null, ci95: null, pValue: null },
      ],
      // Control without impressions.
      [
        ratioLift({ num: [1, 2], den: [10, 10] }, { num: [0], den: [0] }),
        { lift: null, ci95: null, pValue: null },
      ],
      // Both exact (se 0: every user has the same CTR) but different: 0.1 vs 0.2 → p = 0, CI degenerate.
      [
        ratioLift({ num: [1, 1], den: [10, 10] }, { num: [2, 2], den: [10, 10] }),
        { lift: -0.5, ci95: [-0.5, -0.5], pValue: 0 },
      ],
      // One user per variant: no standard errors, so no test, unless the rates are equal.
      [ratioLift({ num: [1], den: [10] }, { num: [2], den: [10] }), { lift: -0.5, ci95: null, pValue: null }],
      [ratioLift({ num: [1], den: [10] }, { num: [2], den: [20] }), { lift: 0, ci95: null, pValue: 1 }],
    ];
    for (const [actual, expected] of cases) {
      expect(actual).toEqual(expected);
      expectJsonSafe(actual);
    }
  });

  it('has a CI that excludes 0 exactly when p < 0.05', () => {
    const rng = new Rng(11, 'lift-consistency');
    for (let rep = 0; rep < 200; rep++) {
      const lift = ratioLift(
        drawVariant(rng, 30, 0.1 * (0.7 + 0.6 * rng.uniform())),
        drawVariant(rng, 30, 0.1),
      );
      const ci = lift.ci95;
      if (ci === null || lift.pValue === null) throw new Error('expected a defined lift');
      expect(ci[0] > 0 || ci[1] < 0).toBe(lift.pValue < 0.05);
    }
  });
});

describe('sampleRatioMismatch', () => {
  it('flags 10,000 vs 10,600 on a 50/50 split', () => {
    // N = 20,600, expected 10,300 each: χ² = 2 · 300²/10,300 = 17.4757, df 1, p = 2Φ(−√17.4757) ≈ 2.91e-5.
    const srm = sampleRatioMismatch([10_000, 10_600], [0.5, 0.5]);
    expect(srm.chi2).toBeCloseTo(180_000 / 10_300, 12);
    expect(srm.df).toBe(1);
    expect(srm.pValue).toBeCloseTo(2 * normalCdf(-Math.sqrt(180_000 / 10_300)), 15);
    expect(srm.pValue).toBeCloseTo(2.909992111576433e-5, 15);
    expect(srm.flagged).toBe(true);
  });

  it('does not flag 10,000 vs 10,100 on a 50/50 split', () => {
    // Expected 10,050 each: χ² = 2 · 50²/10,050 = 0.4975, p ≈ 0.4806.
    const srm = sampleRatioMismatch([10_000, 10_100], [1, 1]);
    expect(srm.chi2).toBeCloseTo(5000 / 10_050, 12);
    expect(srm.pValue).toBeCloseTo(0.4805951793536507, 12);
    expect(srm.flagged).toBe(false);
  });

  it('computes three variants against uneven shares', () => {
    // N = 100, shares 0.5/0.3/0.2 → expected 50/30/20; observed 60/25/15:
    //   χ² = 10²/50 + 5²/30 + 5²/20 = 2 + 0.8333 + 1.25 = 4.0833, df 2, p = exp(−χ²/2) ≈ 0.1298.
    const srm = sampleRatioMismatch([60, 25, 15], [50, 30, 20]);
    expect(srm.chi2).toBeCloseTo(49 / 12, 12);
    expect(srm.df).toBe(2);
    expect(srm.pValue).toBeCloseTo(Math.exp(-49 / 24), 14);
    expect(srm.flagged).toBe(false);
  });

  it('handles no users, one variant and zero shares', () => {
    expect(sampleRatioMismatch([0, 0], [1, 1])).toEqual({ chi2: 0, df: 1, pValue: 1, flagged: false });
    expect(sampleRatioMismatch([500], [1])).toEqual({ chi2: 0, df: 0, pValue: 1, flagged: false });
    // A paused arm (share 0) without users is left out of the test.
    expect(sampleRatioMismatch([500, 0, 500], [1, 0, 1])).toEqual({
      chi2: 0,
      df: 1,
      pValue: 1,
      flagged: false,
    });
    // Users in an arm that should get none: an infinite χ², reported as null.
    const impossible = sampleRatioMismatch([500, 3, 500], [1, 0, 1]);
    expect(impossible).toEqual({ chi2: null, df: 1, pValue: 0, flagged: true });
    expectJsonSafe(impossible);
  });

  it('rejects mismatched lengths, negative counts and all-zero shares', () => {
    expect(() => sampleRatioMismatch([1, 2], [1])).toThrow(RangeError);
    expect(() => sampleRatioMismatch([1, -2], [1, 1])).toThrow(RangeError);
    expect(() => sampleRatioMismatch([1, 2], [0, 0])).toThrow(RangeError);
  });
});

describe('variantMetrics and compareVariants', () => {
  it('matches hand-computed totals and rates', () => {
    const m = variantMetrics(THREE_USERS);
    expect(m).toMatchObject({ users: 3, impressions: 60, clicks: 8, likes: 3, watchSeconds: 200 });
    expect(m.ctr.value).toBeCloseTo(2 / 15, 15);
    expect(m.ctr.se).toBeCloseTo(CTR_SE, 15);
    // Like rate 3/60 = 0.05; residuals likes − 0.05·impressions = −0.5, 0, 0.5 → Σe² = 0.5;
    //   Var = n/(n−1) · Σe²/(Σden)² = 1.5 · 0.5/3600 = 1/4800.
    expect(m.likeRate.value).toBeCloseTo(0.05, 15);
    expect(m.likeRate.se).toBeCloseTo(Math.sqrt(1 / 4800), 15);
    // Watch 200/60 = 10/3 s per impression; residuals 50/3, −20/3, −30/3 → Σe² = 3800/9;
    //   Var = 1.5 · (3800/9)/3600 = 19/108.
    expect(m.watchPerImpression.value).toBeCloseTo(10 / 3, 14);
    expect(m.watchPerImpression.se).toBeCloseTo(Math.sqrt(19 / 108), 14);
  });

  it('reports zero users and zero impressions as null rates', () => {
    const empty = variantMetrics([]);
    expect(empty).toEqual({
      users: 0,
      impressions: 0,
      clicks: 0,
      likes: 0,
      watchSeconds: 0,
      ctr: { value: null, se: null, ci95: null },
      likeRate: { value: null, se: null, ci95: null },
      watchPerImpression: { value: null, se: null, ci95: null },
    });
    expectJsonSafe(empty);
    const idle = variantMetrics([{ impressions: 0, clicks: 0, likes: 0, watchSeconds: 0 }]);
    expect(idle.ctr.value).toBeNull();
    expectJsonSafe(compareVariants([], THREE_USERS));
    expect(compareVariants([], THREE_USERS).ctr).toEqual({ lift: null, ci95: null, pValue: null });
  });

  it('compares each metric against control', () => {
    const control: UserTotals[] = [
      { impressions: 10, clicks: 1, likes: 1, watchSeconds: 40 },
      { impressions: 10, clicks: 2, likes: 0, watchSeconds: 30 },
    ];
    const lifts = compareVariants(THREE_USERS, control);
    // CTR: the hand-computed case of ratioLift above.
    expect(lifts.ctr).toEqual(
      ratioLift({ num: [1, 4, 3], den: [10, 20, 30] }, { num: [1, 2], den: [10, 10] }),
    );
    // Like rate 0.05 vs 1/20 = 0.05: equal, so lift 0 and p = 1.
    expect(lifts.likeRate.lift).toBe(0);
    expect(lifts.likeRate.pValue).toBe(1);
    // Watch: (10/3) / (70/20) − 1 = (10/3)/3.5 − 1 = −1/21.
    expect(lifts.watchPerImpression.lift).toBeCloseTo(-1 / 21, 14);
  });

  it('rejects negative or non-finite counts', () => {
    expect(() => variantMetrics([{ impressions: 3, clicks: -1, likes: 0, watchSeconds: 0 }])).toThrow(
      RangeError,
    );
    expect(() => variantMetrics([{ impressions: Number.NaN, clicks: 0, likes: 0, watchSeconds: 0 }])).toThrow(
      RangeError,
    );
  });
});

// A variant of n users with 1–40 impressions each and a per-user CTR drawn from Beta(2·k, 18·k)
// scaled to mean `ctr`: users differ a lot, so a user's impressions are correlated.
function drawVariant(rng: Rng, n: number, ctr: number): { num: Float64Array; den: Float64Array } {
  const num = new Float64Array(n);
  const den = new Float64Array(n);
  for (let u = 0; u < n; u++) {
    const impressions = 1 + rng.int(40);
    const p = rng.beta(20 * ctr, 20 * (1 - ctr));
    let clicks = 0;
    for (let i = 0; i < impressions; i++) if (rng.bernoulli(p)) clicks++;
    num[u] = clicks;
    den[u] = impressions;
  }
  return { num, den };
}

describe('coverage by simulation', () => {
  // 400 seeded draws: the binomial sd of an observed 95% coverage is √(0.95·0.05/400) ≈ 0.011,
  // so ±0.035 is about three standard deviations.
  const DRAWS = 400;

  it('covers the true CTR ~95% of the time, where the per-impression binomial CI does not', () => {
    // Impressions and per-user CTR are independent, so the true ratio is E[p] = 0.1.
    const rng = new Rng(7, 'ratio-coverage');
    let delta = 0;
    let naive = 0;
    for (let rep = 0; rep < DRAWS; rep++) {
      const { num, den } = drawVariant(rng, 200, 0.1);
      const r = ratioEstimate(num, den);
      if (r.ci95 !== null && r.ci95[0] <= 0.1 && 0.1 <= r.ci95[1]) delta++;
      const rate = r.value ?? 0;
      const naiveSe = Math.sqrt((rate * (1 - rate)) / den.reduce((a, b) => a + b, 0));
      if (Math.abs(rate - 0.1) <= Z_95 * naiveSe) naive++;
    }
    expect(Math.abs(delta / DRAWS - 0.95)).toBeLessThan(0.035);
    // Treating impressions as independent understates the variance (design effect ≈ 2 here).
    expect(naive / DRAWS).toBeLessThan(0.88);
  });

  it('covers the true lift and keeps the A/A false-positive rate near 5%', () => {
    const rng = new Rng(8, 'lift-coverage');
    let covered = 0;
    let falsePositives = 0;
    for (let rep = 0; rep < DRAWS; rep++) {
      const lift = ratioLift(drawVariant(rng, 200, 0.12), drawVariant(rng, 200, 0.1));
      if (lift.ci95 !== null && lift.ci95[0] <= 0.2 && 0.2 <= lift.ci95[1]) covered++;
      const aa = ratioLift(drawVariant(rng, 200, 0.1), drawVariant(rng, 200, 0.1));
      if (aa.pValue !== null && aa.pValue < 0.05) falsePositives++;
    }
    expect(Math.abs(covered / DRAWS - 0.95)).toBeLessThan(0.035);
    expect(Math.abs(falsePositives / DRAWS - 0.05)).toBeLessThan(0.035);
  });
});

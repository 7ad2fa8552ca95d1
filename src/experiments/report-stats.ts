/**
 * Statistics for per-variant experiment reports; pure functions, no I/O.
 *
 * Experiments randomise users, not impressions, so a user's impressions are not independent
 * draws: rate metrics are ratios of sums over users (CTR = Σ clicks / Σ impressions) and their
 * standard errors come from the delta method over users. Formulas and a worked example are in
 * docs/experiment-reports.md ("Statistics").
 *
 * Every output is JSON-safe: a quantity that is undefined for the data (a rate with no
 * impressions, a standard error from one user, a lift over a zero control) is `null`, never
 * NaN or Infinity; each interface says when.
 */
import { chiSquaredSf, twoSidedNormalPValue, Z_95 } from '../util/distributions.js';

/** One user's totals within a variant. */
export interface UserTotals {
  impressions: number;
  clicks: number;
  likes: number;
  watchSeconds: number;
}

/**
 * A ratio metric Σnum/Σden over users with its delta-method standard error and 95% CI.
 * `value` is null when Σden = 0 (no users, or no impressions); `se` and `ci95` are also null
 * with fewer than two users (no variance estimate). An se of 0 (e.g. no clicks at all) gives
 * the degenerate interval [value, value].
 */
export interface RatioEstimate {
  value: number | null;
  se: number | null;
  ci95: [number, number] | null;
}

/**
 * Relative lift of treatment over control (t/c − 1) with a 95% CI and a two-sided p-value, both
 * from a z-test on the log ratio ln(t/c) (delta method), so the CI excludes 0 exactly when
 * p < 0.05. `lift` is null when either rate is undefined or control is 0. `pValue` is 1 when the
 * rates are equal (also both 0), 0 when they differ with zero standard error, and null when the
 * log ratio is undefined (a rate of 0 or null) or a standard error is missing; `ci95` is null then too.
 */
export interface LiftEstimate {
  lift: number | null;
  ci95: [number, number] | null;
  pValue: number | null;
}

/**
 * Sample-ratio mismatch: chi-squared goodness of fit of users per variant against the allocation.
 * `df` counts variants with a positive share, minus one. `chi2` is null (infinite) when users
 * were observed in a variant with share 0; pValue is then 0 and the check is flagged.
 */
export interface SrmCheck {
  chi2: number | null;
  df: number;
  pValue: number;
  flagged: boolean;
}

/** SRM is flagged below this p-value: strict, since the check runs on every report. */
export const SRM_ALPHA = 0.001;

/** The rate metrics of a report: name → [numerator, denominator] fields of UserTotals. */
export const RATIO_METRICS = {
  ctr: ['clicks', 'impressions'],
  likeRate: ['likes', 'impressions'],
  watchPerImpression: ['watchSeconds', 'impressions'],
} as const satisfies Record<string, readonly [keyof UserTotals, keyof UserTotals]>;

/** One of the rate metrics of a report. */
export type RatioMetric = keyof typeof RATIO_METRICS;

/** Everything a report shows for one variant: totals, and each rate metric as a RatioEstimate. */
export interface VariantMetrics extends Record<RatioMetric, RatioEstimate> {
  users: number;
  impressions: number;
  clicks: number;
  likes: number;
  watchSeconds: number;
}

/** Lift of each rate metric against control. */
export type VariantComparison = Record<RatioMetric, LiftEstimate>;

/**
 * Σnum/Σden over users, with the delta-method variance (sample variances with n − 1):
 *   Var(R) ≈ (s_n² − 2R·s_nd + R²·s_d²) / (n·μ_d²) = n/(n−1) · Σ(num_i − R·den_i)² / (Σden)²,
 * computed in the second form (residuals around R), which avoids cancellation.
 */
export function ratioEstimate(num: ArrayLike<number>, den: ArrayLike<number>): RatioEstimate {
  if (num.length !== den.length) {
    throw new RangeError(`ratioEstimate: ${num.length} numerators but ${den.length} denominators`);
  }
  const n = num.length;
  let sumNum = 0;
  let sumDen = 0;
  for (let i = 0; i < n; i++) {
    const x = num[i] ?? Number.NaN;
    const y = den[i] ?? Number.NaN;
    if (!Number.isFinite(x) || !Number.isFinite(y)) {
      throw new RangeError(`ratioEstimate: user ${i} is not finite`);
    }
    sumNum += x;
    sumDen += y;
  }
  if (sumDen === 0) return { value: null, se: null, ci95: null };
  const value = sumNum / sumDen;
  if (n < 2) return { value, se: null, ci95: null };
  let squares = 0;
  for (let i = 0; i < n; i++) {
    const residual = (num[i] ?? 0) - value * (den[i] ?? 0);
    squares += residual * residual;
  }
  const se = Math.sqrt((n / (n - 1)) * squares) / Math.abs(sumDen);
  return { value, se, ci95: [value - Z_95 * se, value + Z_95 * se] };
}

/**
 * Lift of one ratio estimate over another (see LiftEstimate), for groups of independent users:
 *   L = ln(t/c),  se_L² ≈ (se_t/t)² + (se_c/c)²,  CI = exp(L ± Z_95·se_L) − 1,  p = 2Φ(−|L|/se_L).
 */
export function liftFromEstimates(treatment: RatioEstimate, control: RatioEstimate): LiftEstimate {
  const t = treatment.value;
  const c = control.value;
  if (t === null || c === null) return { lift: null, ci95: null, pValue: null };
  const lift = c !== 0 ? t / c - 1 : null;
  // Equal rates give z = 0 whatever the standard errors, even when those are 0 or missing.
  const equal = t === c;
  if (!(t > 0 && c > 0) || treatment.se === null || control.se === null) {
    return { lift, ci95: null, pValue: equal ? 1 : null };
  }
  const logRatio = Math.log(t / c);
  const se = Math.hypot(treatment.se / t, control.se / c);
  const pValue = equal || logRatio === 0 ? 1 : se > 0 ? twoSidedNormalPValue(logRatio / se) : 0;
  return { lift, ci95: [Math.expm1(logRatio - Z_95 * se), Math.expm1(logRatio + Z_95 * se)], pValue };
}

/** Relative lift of treatment over control for a ratio metric given per-user numerators and denominators. */
export function ratioLift(
  treatment: { num: ArrayLike<number>; den: ArrayLike<number> },
  control: { num: ArrayLike<number>; den: ArrayLike<number> },
): LiftEstimate {
  return liftFromEstimates(
    ratioEstimate(treatment.num, treatment.den),
    ratioEstimate(control.num, control.den),
  );
}

/** SRM check of users per variant against allocation shares (normalised, so relative weights do). */
export function sampleRatioMismatch(
  observed: readonly number[],
  expectedShares: readonly number[],
): SrmCheck {
  if (observed.length !== expectedShares.length) {
    throw new RangeError(
      `sampleRatioMismatch: ${observed.length} counts but ${expectedShares.length} shares`,
    );
  }
  const total = sumOf(observed, 'observed count');
  const shareTotal = sumOf(expectedShares, 'share');
  if (!(shareTotal > 0)) throw new RangeError('sampleRatioMismatch: the shares must not all be 0');
  let chi2 = 0;
  let variants = 0;
  let impossible = false;
  observed.forEach((count, i) => {
    const share = (expectedShares[i] ?? 0) / shareTotal;
    if (share === 0) {
      impossible ||= count > 0;
      return;
    }
    variants++;
    const expected = total * share;
    if (expected > 0) chi2 += (count - expected) ** 2 / expected;
  });
  const df = Math.max(variants - 1, 0);
  if (impossible) return { chi2: null, df, pValue: 0, flagged: true };
  const pValue = df > 0 ? chiSquaredSf(chi2, df) : 1;
  return { chi2, df, pValue, flagged: pValue < SRM_ALPHA };
}

/** Totals and rate metrics of one variant's users. */
export function variantMetrics(users: readonly UserTotals[]): VariantMetrics {
  const column = (field: keyof UserTotals) => Float64Array.from(users, (u) => u[field]);
  const columns = {
    impressions: column('impressions'),
    clicks: column('clicks'),
    likes: column('likes'),
    watchSeconds: column('watchSeconds'),
  };
  const rate = (metric: RatioMetric) => {
    const [num, den] = RATIO_METRICS[metric];
    return ratioEstimate(columns[num], columns[den]);
  };
  return {
    users: users.length,
    impressions: sumOf(columns.impressions, 'impressions'),
    clicks: sumOf(columns.clicks, 'clicks'),
    likes: sumOf(columns.likes, 'likes'),
    watchSeconds: sumOf(columns.watchSeconds, 'watchSeconds'),
    ctr: rate('ctr'),
    likeRate: rate('likeRate'),
    watchPerImpression: rate('watchPerImpression'),
  };
}

/** Lift of each rate metric of already computed variant metrics against control's. */
export function compareMetrics(treatment: VariantMetrics, control: VariantMetrics): VariantComparison {
  return {
    ctr: liftFromEstimates(treatment.ctr, control.ctr),
    likeRate: liftFromEstimates(treatment.likeRate, control.likeRate),
    watchPerImpression: liftFromEstimates(treatment.watchPerImpression, control.watchPerImpression),
  };
}

/** Lift of each rate metric of treatment's users against control's. */
export function compareVariants(
  treatment: readonly UserTotals[],
  control: readonly UserTotals[],
): VariantComparison {
  return compareMetrics(variantMetrics(treatment), variantMetrics(control));
}

// Sum of counts that must be finite and non-negative (a negative count is a bug upstream).
function sumOf(values: ArrayLike<number>, what: string): number {
  let sum = 0;
  for (let i = 0; i < values.length; i++) {
    const v = values[i] ?? Number.NaN;
    if (!(v >= 0) || !Number.isFinite(v))
      throw new RangeError(`${what} ${i} is ${v}, not a finite count ≥ 0`);
    sum += v;
  }
  return sum;
}

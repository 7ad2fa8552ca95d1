/**
 * The distribution functions the experiment reports need: the standard normal CDF, two-sided
 * normal p-values and the chi-squared survival function for any degrees of freedom.
 *
 * All of them reduce to one function, the regularised incomplete gamma Q(a, x) = Γ(a, x)/Γ(a),
 * computed by its power series below x = a + 1 and by its continued fraction above (the split
 * of Numerical Recipes §6.2, where each converges fast). That gives near double precision
 * everywhere, including relative precision deep in the upper tails, instead of the ~1e-7 of
 * the usual rational approximations of erfc:
 *   erfc(x) = Q(1/2, x²) for x ≥ 0,   Φ(z) = ½·Q(1/2, z²/2) for z ≤ 0,   χ²_k sf(x) = Q(k/2, x/2).
 */

/** The 0.975 quantile of the standard normal: a 95% two-sided interval is estimate ± Z_95·se. */
export const Z_95 = 1.959963984540054;

// Relative tolerance of the series and the continued fraction (a few ulps: below it the sums stall).
const EPS = 1e-15;
// Stands in for zero in the Lentz recurrences, where a zero would divide.
const TINY = 1e-300;

// Lanczos coefficients for g = 7, n = 9 (relative error of Γ about 1e-15 for positive arguments).
const LANCZOS_G = 7;
const LANCZOS = [
  0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313, -176.61502916214059,
  12.507343278686905, -0.13857109526572012, 9.9843695780195716e-6, 1.5056327351493116e-7,
];
const HALF_LN_2PI = 0.5 * Math.log(2 * Math.PI);

/** ln Γ(x) for x > 0 (Lanczos; the reflection formula below 1/2, where Lanczos loses digits). */
export function lnGamma(x: number): number {
  if (!(x > 0)) throw new RangeError(`lnGamma needs x > 0, got ${x}`);
  if (x < 0.5) return Math.log(Math.PI / Math.sin(Math.PI * x)) - lnGamma(1 - x);
  const y = x - 1;
  let sum = LANCZOS[0] ?? 1;
  for (let i = 1; i < LANCZOS.length; i++) sum += (LANCZOS[i] ?? 0) / (y + i);
  const t = y + LANCZOS_G + 0.5;
  return HALF_LN_2PI + (y + 0.5) * Math.log(t) - t + Math.log(sum);
}

// Both expansions need O(√a) terms near x ≈ a; this bound is far above that and only guards
// against a bug turning into an endless loop.
function maxIterations(a: number): number {
  return 1000 + 50 * Math.ceil(Math.sqrt(a));
}

// x^a·e^(−x)/Γ(a), the factor in front of both expansions (underflows to 0 far in the tails).
function prefactor(a: number, x: number): number {
  return Math.exp(a * Math.log(x) - x - lnGamma(a));
}

// P(a, x) by its series, for 0 < x < a + 1: P = x^a e^(−x)/Γ(a+1) · Σ_n x^n / ((a+1)…(a+n)).
function gammaPSeries(a: number, x: number): number {
  let term = 1 / a;
  let sum = term;
  for (let n = 1, max = maxIterations(a); n <= max; n++) {
    term *= x / (a + n);
    sum += term;
    if (Math.abs(term) < Math.abs(sum) * EPS) return sum * prefactor(a, x);
  }
  throw new Error(`incomplete gamma series did not converge (a = ${a}, x = ${x})`);
}

// Q(a, x) by its continued fraction (modified Lentz), for x ≥ a + 1.
function gammaQContinuedFraction(a: number, x: number): number {
  let b = x + 1 - a;
  let c = 1 / TINY;
  let d = 1 / b;
  let h = d;
  for (let i = 1, max = maxIterations(a); i <= max; i++) {
    const an = -i * (i - a);
    b += 2;
    d = an * d + b;
    if (Math.abs(d) < TINY) d = TINY;
    c = b + an / c;
    if (Math.abs(c) < TINY) c = TINY;
    d = 1 / d;
    const step = d * c;
    h *= step;
    if (Math.abs(step - 1) < EPS) return h * prefactor(a, x);
  }
  throw new Error(`incomplete gamma continued fraction did not converge (a = ${a}, x = ${x})`);
}

function checkGammaArgs(a: number, x: number): void {
  if (!(a > 0) || !Number.isFinite(a)) throw new RangeError(`incomplete gamma needs finite a > 0, got ${a}`);
  if (Number.isNaN(x)) throw new RangeError('incomplete gamma got x = NaN');
}

/** Regularised lower incomplete gamma P(a, x) = γ(a, x)/Γ(a), for a > 0 (0 for x ≤ 0). */
export function regularizedGammaP(a: number, x: number): number {
  checkGammaArgs(a, x);
  if (x <= 0) return 0;
  if (x === Number.POSITIVE_INFINITY) return 1;
  return x < a + 1 ? gammaPSeries(a, x) : 1 - gammaQContinuedFraction(a, x);
}

/** Regularised upper incomplete gamma Q(a, x) = Γ(a, x)/Γ(a) = 1 − P(a, x), accurate when tiny. */
export function regularizedGammaQ(a: number, x: number): number {
  checkGammaArgs(a, x);
  if (x <= 0) return 1;
  if (x === Number.POSITIVE_INFINITY) return 0;
  return x < a + 1 ? 1 - gammaPSeries(a, x) : gammaQContinuedFraction(a, x);
}

/** The complementary error function erfc(x) = 1 − erf(x). */
export function erfc(x: number): number {
  const q = regularizedGammaQ(0.5, x * x);
  return x >= 0 ? q : 2 - q;
}

/** Standard normal CDF Φ(z); the lower tail keeps its relative precision (Φ(−8) ≈ 6.2e-16). */
export function normalCdf(z: number): number {
  if (Number.isNaN(z)) throw new RangeError('normalCdf got NaN');
  // z²/2 directly rather than (z/√2)², which would round once more.
  const half = 0.5 * regularizedGammaQ(0.5, (z * z) / 2);
  return z <= 0 ? half : 1 - half;
}

/** Two-sided p-value of a standard normal statistic: P(|Z| ≥ |z|) = 2Φ(−|z|) = χ²₁ sf(z²). */
export function twoSidedNormalPValue(z: number): number {
  if (Number.isNaN(z)) throw new RangeError('twoSidedNormalPValue got NaN');
  return regularizedGammaQ(0.5, (z * z) / 2);
}

/** Survival function P(X ≥ x) of a chi-squared variable with `df` > 0 degrees of freedom. */
export function chiSquaredSf(x: number, df: number): number {
  if (!(df > 0)) throw new RangeError(`chi-squared needs df > 0, got ${df}`);
  return regularizedGammaQ(df / 2, x / 2);
}

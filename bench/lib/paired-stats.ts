/** Means and standard errors of paired comparisons over repeats (same data for both models). */

/** One repeat's [shared-bottom, MMoE] errors. */
export type Paired = [number, number];

/** Mean of `values` and its standard error (0 for a single value). */
export function meanAndError(values: number[]): { mean: number; se: number } {
  const n = values.length;
  const mean = values.reduce((a, b) => a + b, 0) / n;
  const variance = n > 1 ? values.reduce((a, v) => a + (v - mean) ** 2, 0) / (n - 1) : 0;
  return { mean, se: Math.sqrt(variance / n) };
}

/** Mean errors of both models, and the mean advantage (shared-bottom − MMoE) with its paired standard error. */
export function pairedRow(pairs: Paired[]): {
  sharedBottom: number;
  mmoe: number;
  advantage: number;
  se: number;
} {
  const gaps = meanAndError(pairs.map(([sb, mm]) => sb - mm));
  return {
    sharedBottom: meanAndError(pairs.map((p) => p[0])).mean,
    mmoe: meanAndError(pairs.map((p) => p[1])).mean,
    advantage: gaps.mean,
    se: gaps.se,
  };
}

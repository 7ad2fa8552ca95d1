/** How figures read on the page: fixed significant digits, percentages, intervals, p-values. */

const DASH = '–';

/** A number to `digits` significant digits ('–' for null or not finite). */
export function num(value: number | null | undefined, digits = 4): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return DASH;
  if (value !== 0 && Math.abs(value) < 1e-4) return value.toExponential(2);
  return Number(value.toPrecision(digits)).toLocaleString('en-US', { maximumFractionDigits: 6 });
}

/** A whole count with thousands separators. */
export function count(value: number | null | undefined): string {
  return value === null || value === undefined ? DASH : Math.round(value).toLocaleString('en-US');
}

/** A rate as a percentage with `digits` decimals. */
export function pct(value: number | null | undefined, digits = 2): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return DASH;
  return `${(value * 100).toFixed(digits)}%`;
}

/** A signed relative change as a percentage (+4.1%). */
export function lift(value: number | null | undefined): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return DASH;
  return `${value >= 0 ? '+' : ''}${(value * 100).toFixed(1)}%`;
}

/** A 95% interval `[low, high]` formatted by `one`. */
export function interval(ci: readonly number[] | null | undefined, one: (v: number) => string): string {
  if (!ci || ci.length < 2) return DASH;
  return `[${one(ci[0] as number)}, ${one(ci[1] as number)}]`;
}

/** A p-value: three decimals, or "< 0.001". */
export function pValue(value: number | null | undefined): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return DASH;
  return value < 0.001 ? '< 0.001' : value.toFixed(3);
}

/** Seconds as milliseconds with 3 significant digits ("12.4 ms"). */
export function ms(seconds: number | null | undefined): string {
  if (seconds === null || seconds === undefined || !Number.isFinite(seconds)) return DASH;
  return `${num(seconds * 1000, 3)} ms`;
}

/** A combination profile's weights as the shorthand (`click=1, like=0.5`). */
export function weights(profile: { weights: Record<string, number> } | null | undefined): string {
  if (!profile) return DASH;
  return Object.entries(profile.weights)
    .map(([head, w]) => `${head}=${w}`)
    .join(', ');
}

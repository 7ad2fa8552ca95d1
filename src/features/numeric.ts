/** Numeric feature math in one place: log scaling, the missing-value fill, and normalisation. */
import { MultirankError } from '../errors.js';
import type { NumericFeature } from './spec.js';
import type { NumericStats } from './stats.js';

/** The value statistics are fitted on: log1p(x) for log-scaled features, x otherwise. */
export function preScale(spec: NumericFeature, value: number): number {
  return spec.normalize === 'log1p+zscore' ? Math.log1p(value) : value;
}

/** The value a missing cell takes, on the same scale as the statistics. */
export function fillValue(spec: NumericFeature, stats: NumericStats): number {
  const { fill, value } = spec.missing;
  if (fill === 'mean') return stats.mean;
  if (fill === 'zero') return preScale(spec, 0);
  if (spec.normalize === 'log1p+zscore' && value <= -1) {
    throw new MultirankError(
      'BAD_REQUEST',
      `features "${spec.name}": missing.value must be > -1 for log1p scaling`,
    );
  }
  return preScale(spec, value);
}

/** Normalises a pre-scaled value; a constant column (std or range 0) maps to 0 instead of dividing by 0. */
export function normalize(spec: NumericFeature, stats: NumericStats, pre: number): number {
  switch (spec.normalize) {
    case 'none':
      return pre;
    case 'minmax': {
      const range = stats.max - stats.min;
      return range > 0 ? (pre - stats.min) / range : 0;
    }
    case 'zscore':
    case 'log1p+zscore':
      return stats.std > 0 ? (pre - stats.mean) / stats.std : pre - stats.mean;
  }
}

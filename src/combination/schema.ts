/**
 * Combination profiles: how a model's heads become one ranking score. A profile names its form,
 * its weights and per-head transforms; experiments give each variant one, and the default profile
 * applies outside experiments. Shared by the ranker, offline evaluation and experiments.
 */

/**
 * What a head's prediction (in label units: probabilities, watch seconds, rating) goes through
 * before weighting. `identity`; `log1p` (the natural scale of watch time); `clamp` to [min, max].
 * A head without a transform uses its training transform (log1p for a head trained with
 * `transform: log1p`, identity otherwise), which reproduces the model-space combination.
 */
export type HeadTransform = 'identity' | 'log1p' | { clamp: [number, number] };

/** `sum`: Σ w_k · f_k(p_k). `product`: Π f_k(p_k)^w_k (the paper's weighted multiplication). */
export type CombinationForm = 'sum' | 'product';

/** A named way of combining heads. */
export interface CombinationProfile {
  form: CombinationForm;
  /** Weight per head name; heads left out weigh 0 (sum) or 0 as exponent, i.e. factor 1 (product). */
  weights: Record<string, number>;
  /** Per-head transforms; heads left out use their training transform. */
  transforms?: Record<string, HeadTransform>;
}

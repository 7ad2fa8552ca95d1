/**
 * Combination profiles applied: how one model's head predictions become one ranking score (the
 * types are in schema.ts, validation in parse.ts). The ranker, offline evaluation
 * and the weight sweep all score through `compileProfile`, so a profile means the same everywhere.
 *
 * Each head's prediction p_k is read in label units (probabilities, watch seconds, rating) and
 * goes through its transform f_k:
 *
 *     sum:      score = Σ_k w_k · f_k(p_k)
 *     product:  score = Π_k f_k(p_k)^w_k = exp(Σ_k w_k · log max(f_k(p_k), ε))
 *
 * A head without a transform uses its training transform, so f_k(p_k) is the network's own output
 * and `{form: 'sum', weights}` is the model-space sum the service ranked by before profiles.
 */

import { type CombinableHead, parseProfile } from './parse.js';
import type { CombinationProfile, HeadTransform } from './schema.js';

/**
 * ε of the product form: factors are floored at it before the log. A probability head can output
 * exactly 0 (float32 sigmoid underflow) and a clamp can reach 0; without the floor one such factor
 * would zero the product (or, with a negative weight, make it infinite) whatever the other heads
 * say. 1e-6 is below any probability worth telling apart and keeps log ε = −13.8 finite.
 */
export const PRODUCT_EPSILON = 1e-6;

/** A profile checked against a model's heads, ready to score any number of rows. */
export interface Combination {
  /** The checked profile (a copy of the one given). */
  readonly profile: CombinationProfile;
  /** The combined score of every row, from model-space predictions [head][row]. */
  scores(predictions: readonly ArrayLike<number>[], rows: number): Float64Array;
  /**
   * One row's term per head the profile weighs (weight 0 included): w_k · f_k(p_k) for the sum, so
   * the terms add up to the score; w_k · log max(f_k(p_k), ε) for the product, so they add up to
   * log(score). Either way a term's sign says whether the head pushed the item up or down.
   */
  contributions(predictions: readonly ArrayLike<number>[], row: number): Record<string, number>;
}

/** One weighted head: where its predictions sit and f_k applied to its model-space output. */
interface Term {
  index: number;
  name: string;
  weight: number;
  value: (modelOutput: number) => number;
}

/** The transform a head gets when the profile names none: the one it was trained with. */
export function trainingTransform(head: CombinableHead): HeadTransform {
  return head.transform === 'log1p' ? 'log1p' : 'identity';
}

/** f_k applied to a head's model-space output (log(1 + y) for log1p-trained heads). */
function transformed(head: CombinableHead, transform: HeadTransform): (m: number) => number {
  const trainedLog1p = head.transform === 'log1p';
  // The network already outputs f(p) when f is the training transform: use it as is, without
  // an expm1/log1p round trip, so the default profile reproduces the model-space sum bit for bit.
  if (transform === (trainedLog1p ? 'log1p' : 'identity')) return (m) => m;
  const label = trainedLog1p ? Math.expm1 : (m: number) => m;
  if (transform === 'identity') return label;
  if (transform === 'log1p') return (m) => Math.log1p(label(m));
  const [min, max] = transform.clamp;
  return (m) => Math.min(max, Math.max(min, label(m)));
}

/** Checks `profile` against the heads (parseProfile's messages) and prepares its terms. */
export function compileProfile(profile: CombinationProfile, heads: readonly CombinableHead[]): Combination {
  const checked = parseProfile(profile, heads);
  const terms: Term[] = [];
  heads.forEach((head, index) => {
    const weight = checked.weights[head.name];
    if (weight === undefined) return;
    const transform = checked.transforms?.[head.name] ?? trainingTransform(head);
    terms.push({ index, name: head.name, weight, value: transformed(head, transform) });
  });
  const product = checked.form === 'product';
  const term = (t: Term, m: number): number =>
    product ? t.weight * Math.log(Math.max(t.value(m), PRODUCT_EPSILON)) : t.weight * t.value(m);

  return {
    profile: checked,
    scores(predictions, rows) {
      const scores = new Float64Array(rows);
      for (const t of terms) {
        const values = predictions[t.index];
        // A zero weight is a factor of 1 (product) or a zero term (sum): skipping it also keeps
        // an unused head's NaN out of the score.
        if (t.weight === 0 || !values) continue;
        for (let r = 0; r < rows; r++) scores[r]! += term(t, values[r]!);
      }
      if (product) for (let r = 0; r < rows; r++) scores[r] = Math.exp(scores[r]!);
      return scores;
    },
    contributions(predictions, row) {
      const out: Record<string, number> = {};
      for (const t of terms) {
        const values = predictions[t.index];
        if (values) out[t.name] = term(t, values[row]!);
      }
      return out;
    },
  };
}

const number = (w: number): string => (w < 0 ? `−${Math.abs(w)}` : String(w));

/** A head as a report names it: `watch`, or `log1p(watch)`, `clamp(watch, 0, 600)` when transformed. */
function termName(name: string, transform: HeadTransform | undefined): string {
  if (transform === undefined) return name;
  if (typeof transform === 'string') return `${transform}(${name})`;
  return `clamp(${name}, ${transform.clamp[0]}, ${transform.clamp[1]})`;
}

/** Renders a profile for reports: `1·click + 0.5·like − 1·dismiss`, or `click^1 · like^0.5` for a product. */
export function describeProfile(profile: CombinationProfile): string {
  const entries = Object.entries(profile.weights);
  if (profile.form === 'product') {
    return entries
      .map(([name, w]) => `${termName(name, profile.transforms?.[name])}^${number(w)}`)
      .join(' · ');
  }
  return entries
    .map(([name, w], i) => {
      const sign = w < 0 ? '− ' : i === 0 ? '' : '+ ';
      return `${sign}${Math.abs(w)}·${termName(name, profile.transforms?.[name])}`;
    })
    .join(' ');
}

/**
 * Head weights as text (`click=1,like=0.5`): the shorthand of a sum profile, used by
 * MULTIRANK_WEIGHTS and `multirank evaluate --weights` (profiles and combining them live in
 * src/combination/compile.ts). Weights name heads, so they are checked against the model before
 * any row is scored: a typo must fail at once with the valid names, not after an hour of scoring.
 */
import { MultirankError } from '../errors.js';

/** The part of a head that weights need. */
export interface WeightedHead {
  name: string;
  kind: 'binary' | 'regression';
}

/** Weights by head name; heads left out weigh 0. */
export type HeadWeights = Record<string, number>;

/** click=1 when the model has a click head, else 1 on its first binary head (or its first head). */
export function defaultWeights(heads: readonly WeightedHead[]): HeadWeights {
  const chosen = heads.find((h) => h.name === 'click') ?? heads.find((h) => h.kind === 'binary') ?? heads[0];
  return chosen ? { [chosen.name]: 1 } : {};
}

const invalid = (message: string): MultirankError => new MultirankError('BAD_REQUEST', message);

/** Parses `click=1,like=0.5` against the model's heads; unknown or repeated heads and bad numbers are errors. */
export function parseWeights(text: string, heads: readonly WeightedHead[]): HeadWeights {
  const valid = heads.map((h) => h.name);
  const weights: HeadWeights = {};
  const entries = text
    .split(',')
    .map((e) => e.trim())
    .filter((e) => e !== '');
  if (entries.length === 0) throw invalid('expected head=weight pairs such as "click=1,like=0.5"');
  for (const entry of entries) {
    const match = /^([^=:\s]+)\s*[=:]\s*(\S+)$/.exec(entry);
    if (!match) throw invalid(`"${entry}" is not head=weight (e.g. "click=1,like=0.5")`);
    const [, name = '', value = ''] = match;
    if (!valid.includes(name)) {
      throw invalid(`unknown head "${name}" (this model's heads: ${valid.join(', ')})`);
    }
    if (Object.hasOwn(weights, name)) throw invalid(`head "${name}" is given twice`);
    const weight = Number(value);
    if (!Number.isFinite(weight)) throw invalid(`weight of "${name}" must be a number, got "${value}"`);
    weights[name] = weight;
  }
  return checkWeights(weights, heads);
}

/** Checks weights given as an object: known heads, finite numbers, not all zero. */
export function checkWeights(weights: HeadWeights, heads: readonly WeightedHead[]): HeadWeights {
  const valid = heads.map((h) => h.name);
  for (const [name, weight] of Object.entries(weights)) {
    if (!valid.includes(name))
      throw invalid(`unknown head "${name}" (this model's heads: ${valid.join(', ')})`);
    if (!Number.isFinite(weight)) throw invalid(`weight of "${name}" must be a finite number`);
  }
  if (Object.values(weights).every((w) => w === 0)) {
    throw invalid('at least one weight must be non-zero (an all-zero sum ranks nothing)');
  }
  return weights;
}

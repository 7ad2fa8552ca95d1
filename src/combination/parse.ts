/**
 * The one validator of combination profiles: checks a profile against one model's heads before
 * anything is scored, naming the offending field (`profile.weights.clik: unknown head "clik"
 * (this model's heads: …)`): profiles arrive from JSON files, HTTP bodies and environment
 * variables, and a typo must fail at once. Experiment definitions, read before any model is known,
 * use it without heads (shape only) and meet the served model's heads through their CheckProfile.
 */
import { MultirankError } from '../errors.js';
import { isRecord } from '../util/is-record.js';
import { defaultWeights, parseWeights } from './head-weights.js';
import {
  COMBINATION_FORMS,
  type CombinationForm,
  type CombinationProfile,
  ExactCombinationProfileSchema,
  type HeadTransform,
} from './schema.js';

/** What combination needs to know of a head. */
export interface CombinableHead {
  name: string;
  kind: 'binary' | 'regression';
  /** The head's training label transform: a `log1p` head outputs log(1 + y). */
  transform: 'none' | 'log1p';
}

// The profile's keys, read off its schema so the two cannot drift.
const FIELDS = Object.keys(ExactCombinationProfileSchema.properties);

const invalid = (field: string, message: string): MultirankError =>
  new MultirankError('BAD_REQUEST', `${field}: ${message}`);

const shown = (value: unknown): string =>
  value === undefined ? 'nothing' : typeof value === 'number' ? String(value) : JSON.stringify(value);

/**
 * A profile as a user gave it, before parseProfile: a profile object or the shorthand text, and
 * the flag, variable or request field it came from (error messages start with it).
 */
export interface ProfileSource {
  input: unknown;
  field: string;
}

/** The profile a model ranks with when nobody chose one: the sum of defaultWeights (click=1). */
export function defaultProfile(heads: readonly CombinableHead[]): CombinationProfile {
  return { form: 'sum', weights: defaultWeights(heads) };
}

/**
 * A checked copy of `input`: a profile object, or the shorthand text `click=1,like=0.5` (a sum).
 * Errors are MultirankError('BAD_REQUEST') whose message starts with the field path under `field`.
 * In the product form every weighted head must have a factor that cannot be negative (see
 * checkProductFactor); values of 0 are floored at ε when combined. With `heads` null (definitions
 * read before any model is known: experiment files, PUT bodies) only the shape is checked: head
 * names are not matched and product factors not checked, and the text shorthand, which names
 * heads as it is parsed, is refused (definitions hold profile objects).
 */
export function parseProfile(
  input: unknown,
  heads: readonly CombinableHead[] | null,
  field = 'profile',
): CombinationProfile {
  if (typeof input === 'string' && heads !== null) {
    try {
      return { form: 'sum', weights: parseWeights(input, heads) };
    } catch (error) {
      if (error instanceof MultirankError) throw invalid(field, error.message);
      throw error;
    }
  }
  if (!isRecord(input)) {
    const text = heads === null ? '' : ' or "head=weight,..." text';
    throw invalid(field, `expected {form, weights, transforms?}${text}, got ${shown(input)}`);
  }
  for (const key of Object.keys(input)) {
    if (!FIELDS.includes(key))
      throw invalid(`${field}.${key}`, `unknown field (a profile has ${FIELDS.join(', ')})`);
  }
  const form = input.form;
  if (!(COMBINATION_FORMS as readonly unknown[]).includes(form)) {
    throw invalid(`${field}.form`, `expected sum | product, got ${shown(form)}`);
  }
  const profile: CombinationProfile = {
    form: form as CombinationForm,
    weights: parseWeightRecord(input.weights, heads, `${field}.weights`),
  };
  if (input.transforms !== undefined) {
    const transforms = parseTransforms(input.transforms, heads, `${field}.transforms`);
    if (Object.keys(transforms).length > 0) profile.transforms = transforms;
  }
  if (profile.form === 'product' && heads !== null) {
    for (const head of heads) {
      if ((profile.weights[head.name] ?? 0) !== 0) checkProductFactor(head, profile, field);
    }
  }
  return profile;
}

/** A key of weights or transforms must be one of the heads; without heads, at least not empty. */
function checkHeadName(field: string, name: string, heads: readonly CombinableHead[] | null): void {
  if (heads === null) {
    if (name === '') throw invalid(field, 'head names must not be empty');
    return;
  }
  if (heads.some((h) => h.name === name)) return;
  const names = heads.map((h) => h.name).join(', ');
  throw invalid(`${field}.${name}`, `unknown head "${name}" (this model's heads: ${names})`);
}

function parseWeightRecord(
  input: unknown,
  heads: readonly CombinableHead[] | null,
  field: string,
): Record<string, number> {
  if (!isRecord(input)) throw invalid(field, `expected {head: weight, ...}, got ${shown(input)}`);
  const weights: Record<string, number> = {};
  for (const [name, weight] of Object.entries(input)) {
    checkHeadName(field, name, heads);
    if (typeof weight !== 'number' || !Number.isFinite(weight)) {
      throw invalid(`${field}.${name}`, `expected a finite number, got ${shown(weight)}`);
    }
    weights[name] = weight;
  }
  if (Object.values(weights).every((w) => w === 0)) {
    throw invalid(field, 'at least one weight must be non-zero (an all-zero profile ranks nothing)');
  }
  return weights;
}

function parseTransforms(
  input: unknown,
  heads: readonly CombinableHead[] | null,
  field: string,
): Record<string, HeadTransform> {
  if (!isRecord(input)) throw invalid(field, `expected {head: transform, ...}, got ${shown(input)}`);
  const transforms: Record<string, HeadTransform> = {};
  for (const [name, value] of Object.entries(input)) {
    checkHeadName(field, name, heads);
    transforms[name] = parseTransform(value, `${field}.${name}`);
  }
  return transforms;
}

function parseTransform(value: unknown, field: string): HeadTransform {
  if (value === 'identity' || value === 'log1p') return value;
  if (!isRecord(value) || Object.keys(value).join() !== 'clamp') {
    throw invalid(field, `expected identity | log1p | {"clamp": [min, max]}, got ${shown(value)}`);
  }
  const bounds = value.clamp;
  if (
    !Array.isArray(bounds) ||
    bounds.length !== 2 ||
    !bounds.every((b) => typeof b === 'number' && Number.isFinite(b))
  ) {
    throw invalid(`${field}.clamp`, `expected [min, max] of two finite numbers, got ${shown(bounds)}`);
  }
  const [min, max] = bounds as [number, number];
  if (min > max) throw invalid(`${field}.clamp`, `min ${min} is greater than max ${max}`);
  return { clamp: [min, max] };
}

/**
 * A product's factor must not be negative: a negative number has no real power (x^0.5) and would
 * flip the order of everything it multiplies. Probabilities are in [0, 1], so a binary head may
 * keep identity or log1p; a regression head's value can be negative (a rating head predicting −0.3,
 * a log1p watch head predicting log(1 + y) < 0), so it needs a clamp, and every clamp needs min ≥ 0.
 */
function checkProductFactor(head: CombinableHead, profile: CombinationProfile, field: string): void {
  const transform = profile.transforms?.[head.name];
  const where = `${field}.transforms.${head.name}`;
  if (typeof transform === 'object') {
    if (transform.clamp[0] < 0) {
      throw invalid(
        `${where}.clamp`,
        `the product form needs min >= 0 (a negative factor has no real power), got ${transform.clamp[0]}`,
      );
    }
    return;
  }
  if (head.kind === 'binary') return;
  const used = transform ?? `${head.transform === 'log1p' ? 'log1p' : 'identity'} (its training transform)`;
  throw invalid(
    where,
    `the product form needs factors that cannot be negative, and regression head "${head.name}" under ${used} can be; give {"clamp": [min, max]} with min >= 0 (e.g. {"clamp": [0, 3600]})`,
  );
}

/** Validation of the `features` section: one reader per feature type, with the fields each allows. */
import type { Section } from './config-check.js';
import {
  FEATURE_SOURCES,
  FEATURE_TYPES,
  type FeatureDef,
  type HashedIds,
  type MissingNumeric,
  NORMALIZATIONS,
  type VocabularyIds,
} from './spec.js';

const COMMON = ['name', 'source', 'column', 'type'];
const VOCABULARY = ['minCount', 'maxSize'];
const HASHING = ['buckets', 'seed'];
const ALLOWED: Record<(typeof FEATURE_TYPES)[number], string[]> = {
  categorical: [...COMMON, ...VOCABULARY, 'embeddingDim'],
  hashed: [...COMMON, ...HASHING, 'embeddingDim'],
  numeric: [...COMMON, 'normalize', 'missing'],
  bag: [...COMMON, 'encoding', ...VOCABULARY, ...HASHING, 'maxLength', 'separator', 'keep', 'embeddingDim'],
};

/** Largest vocabulary or bucket count: index tensors are int32 and embedding tables must fit in memory. */
export const MAX_CARDINALITY = 10_000_000;

/** Reads one entry of `features`. */
export function parseFeature(sec: Section): FeatureDef {
  const type = sec.oneOf('type', FEATURE_TYPES, undefined, 'type');
  sec.onlyKeys(ALLOWED[type], ` for type "${type}"`);
  const name = sec.string('name');
  const base = {
    name,
    source: sec.oneOf('source', FEATURE_SOURCES, undefined, 'source'),
    column: sec.string('column', name),
  };
  switch (type) {
    case 'categorical':
      return { ...base, type, ...vocabulary(sec), embeddingDim: embeddingDim(sec) };
    case 'hashed':
      return { ...base, type, ...hashing(sec), embeddingDim: embeddingDim(sec) };
    case 'numeric':
      return {
        ...base,
        type,
        normalize: sec.oneOf('normalize', NORMALIZATIONS, 'zscore'),
        missing: missing(sec),
      };
    case 'bag':
      return { ...base, type, ...bag(sec), embeddingDim: embeddingDim(sec) };
  }
}

function vocabulary(sec: Section): Omit<VocabularyIds, 'encoding'> {
  return {
    minCount: sec.int('minCount', { min: 1 }, 1),
    maxSize: sec.int('maxSize', { min: 1, max: MAX_CARDINALITY }, 100_000),
  };
}

function hashing(sec: Section): Omit<HashedIds, 'encoding'> {
  return {
    buckets: sec.int('buckets', { min: 1, max: MAX_CARDINALITY }),
    seed: sec.int('seed', { min: 0, max: 0xffffffff }, 0),
  };
}

function embeddingDim(sec: Section): number | null {
  return sec.has('embeddingDim') ? sec.int('embeddingDim', { min: 1, max: 1024 }) : null;
}

function bag(sec: Section) {
  // A bag with `buckets` is hashed unless told otherwise; vocabulary fields then make no sense.
  const encoding = sec.oneOf(
    'encoding',
    ['vocabulary', 'hashed'],
    sec.has('buckets') ? 'hashed' : 'vocabulary',
  );
  const unused = encoding === 'hashed' ? VOCABULARY : HASHING;
  for (const key of unused.filter((k) => sec.has(k))) sec.fail(key, `not used with encoding "${encoding}"`);
  const ids: VocabularyIds | HashedIds =
    encoding === 'hashed' ? { encoding, ...hashing(sec) } : { encoding, ...vocabulary(sec) };
  const separator = sec.string('separator', '|');
  return {
    ids,
    maxLength: sec.int('maxLength', { min: 1, max: 1024 }),
    separator,
    keep: sec.oneOf('keep', ['first', 'last'], 'last'),
  };
}

function missing(sec: Section): MissingNumeric {
  const fills = ['mean', 'zero', 'constant'] as const;
  // `missing: zero` is shorthand for `missing: {fill: zero}`.
  if (typeof sec.raw('missing') === 'string') {
    return { fill: sec.oneOf('missing', fills, 'mean', 'fill'), value: 0, indicator: false };
  }
  const inner = sec.section('missing');
  if (!inner) return { fill: 'mean', value: 0, indicator: false };
  inner.onlyKeys(['fill', 'value', 'indicator']);
  const fill = inner.oneOf('fill', fills, 'mean', 'fill');
  if (fill !== 'constant' && inner.has('value')) inner.fail('value', 'only used with fill: constant');
  return {
    fill,
    value: fill === 'constant' ? inner.number('value', {}) : 0,
    indicator: inner.bool('indicator', false),
  };
}

/**
 * The profile is written once (src/combination/schema.ts) and checked by one validator
 * (parseProfile): this guards that the two agree, that parseProfile without heads checks the shape
 * only, and that a bad profile reads the same through an experiment definition.
 */
import { Value } from '@sinclair/typebox/value';
import { describe, expect, it } from 'vitest';
import { parseProfile } from '../../src/combination/parse.js';
import { ExactCombinationProfileSchema } from '../../src/combination/schema.js';
import { parseExperiment } from '../../src/experiments/definitions.js';
import { rejection } from '../helpers/rejection.js';

const HEADS = [
  { name: 'click', kind: 'binary', transform: 'none' },
  { name: 'watch', kind: 'regression', transform: 'log1p' },
] as const;

const sum = (extra: object) => ({ form: 'sum', weights: { click: 1 }, ...extra });

const VALID: unknown[] = [
  { form: 'sum', weights: { click: 1 } },
  { form: 'product', weights: { click: 1, like: 0.5, dismiss: -1 } },
  sum({ transforms: {} }),
  sum({ transforms: { watch: 'log1p', click: 'identity' } }),
  { form: 'product', weights: { rating: 1 }, transforms: { rating: { clamp: [0, 5] } } },
  sum({ transforms: { rating: { clamp: [-1, -1] } } }),
];

const MALFORMED: [string, unknown][] = [
  ['text (the shorthand needs heads)', 'click=1'],
  ['null', null],
  ['a list', [{ form: 'sum', weights: { click: 1 } }]],
  ['no form', { weights: { click: 1 } }],
  ['an unknown form', { form: 'max', weights: { click: 1 } }],
  ['no weights', { form: 'sum' }],
  ['weights as a list', { form: 'sum', weights: [1] }],
  ['a weight as text', { form: 'sum', weights: { click: '1' } }],
  ['an infinite weight', { form: 'sum', weights: { click: Number.POSITIVE_INFINITY } }],
  ['a NaN weight', { form: 'sum', weights: { click: Number.NaN } }],
  ['an unknown key', sum({ wieghts: { click: 1 } })],
  ['transforms as text', sum({ transforms: 'log1p' })],
  ['an unknown transform', sum({ transforms: { watch: 'sqrt' } })],
  ['a clamp of one bound', sum({ transforms: { watch: { clamp: [0] } } })],
  ['a clamp of three bounds', sum({ transforms: { watch: { clamp: [0, 1, 2] } } })],
  ['a clamp bound as text', sum({ transforms: { watch: { clamp: ['0', 1] } } })],
  ['a clamp as an object', sum({ transforms: { watch: { clamp: { min: 0, max: 1 } } } })],
  ['a clamp with another key', sum({ transforms: { watch: { clamp: [0, 1], max: 1 } } })],
];

// Well-shaped but meaningless: the schema describes shape, so only parseProfile refuses these.
const SEMANTIC: [string, unknown][] = [
  ['a clamp with min above max', sum({ transforms: { watch: { clamp: [5, 1] } } })],
  ['all-zero weights', { form: 'sum', weights: { click: 0, like: 0 } }],
  ['no weight at all', { form: 'sum', weights: {} }],
  ['an empty head name', { form: 'sum', weights: { '': 1 } }],
];

describe('the profile schema and parseProfile', () => {
  it.each(VALID.map((p) => [JSON.stringify(p), p]))('both accept %s', (_, profile) => {
    expect(Value.Check(ExactCombinationProfileSchema, profile)).toBe(true);
    expect(parseProfile(profile, null)).toMatchObject({ form: (profile as { form: string }).form });
  });

  it.each(MALFORMED)('both refuse %s', (_, profile) => {
    expect(Value.Check(ExactCombinationProfileSchema, profile)).toBe(false);
    expect(rejection(() => parseProfile(profile, null))).toMatch(/^profile(\.|:)/);
  });

  it.each(SEMANTIC)('only parseProfile refuses %s', (_, profile) => {
    expect(Value.Check(ExactCombinationProfileSchema, profile)).toBe(true);
    expect(rejection(() => parseProfile(profile, null))).toMatch(/^profile\.(weights|transforms)/);
  });
});

describe('parseProfile without heads', () => {
  it('checks the shape only: any head name, and product factors are left to the model check', () => {
    const profile = { form: 'product', weights: { dwell: 1 }, transforms: { dwell: 'identity' } };
    expect(parseProfile(profile, null)).toEqual(profile);
    expect(rejection(() => parseProfile(profile, HEADS))).toMatch(/^profile\.weights\.dwell: unknown head/);
  });

  it('refuses the text shorthand, naming only the object form', () => {
    expect(rejection(() => parseProfile('click=1', null, 'variants[0].profile'))).toBe(
      'variants[0].profile: expected {form, weights, transforms?}, got "click=1"',
    );
  });
});

describe('one wording', () => {
  it('gives a bad clamp the same message through an experiment definition and through parseProfile', () => {
    const profile = sum({ transforms: { watch: { clamp: [3, 1] } } });
    const expected = 'variants[0].profile.transforms.watch.clamp: min 3 is greater than max 1';
    const definition = { status: 'draft', traffic: 0, variants: [{ name: 'a', allocation: 1, profile }] };
    expect(rejection(() => parseExperiment('x', definition))).toBe(expected);
    expect(rejection(() => parseProfile(profile, null, 'variants[0].profile'))).toBe(expected);
    expect(rejection(() => parseProfile(profile, HEADS, 'variants[0].profile'))).toBe(expected);
  });
});

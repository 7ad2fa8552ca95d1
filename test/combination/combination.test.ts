/**
 * Combination profiles against hand-computed values: the sum and product forms, each transform,
 * the ε floor, the default transforms reproducing the model-space sum, and the messages of
 * parseProfile naming the offending field.
 */
import { describe, expect, it } from 'vitest';
import { compileProfile, describeProfile, PRODUCT_EPSILON } from '../../src/combination/compile.js';
import { parseProfile } from '../../src/combination/parse.js';
import type { CombinationProfile } from '../../src/combination/schema.js';

const HEADS = [
  { name: 'click', kind: 'binary', transform: 'none' },
  { name: 'watch', kind: 'regression', transform: 'log1p' },
  { name: 'like', kind: 'binary', transform: 'none' },
  { name: 'rating', kind: 'regression', transform: 'none' },
] as const;

/** Model-space outputs [head][row]: watch is log(1 + seconds), so row 0 is 30 s and row 1 is 9 s. */
const MODEL = [
  Float32Array.from([0.2, 0.6]),
  Float64Array.from([Math.log(31), Math.log(10)]),
  Float32Array.from([0.1, 0.05]),
  Float32Array.from([4, -0.5]),
];
const f32 = (x: number) => Math.fround(x);

const scores = (profile: CombinationProfile) => Array.from(compileProfile(profile, HEADS).scores(MODEL, 2));

describe('the sum form', () => {
  it('with default transforms is the model-space sum Σ w·m, bit for bit', () => {
    const weights = { click: 1, watch: 0.5, like: 2, rating: -0.25 };
    // The combination before profiles: heads in output order, each adding w × its raw output.
    const before = new Float64Array(2);
    HEADS.forEach((head, k) => {
      for (let r = 0; r < 2; r++) before[r]! += weights[head.name] * MODEL[k]![r]!;
    });
    expect(compileProfile({ form: 'sum', weights }, HEADS).scores(MODEL, 2)).toEqual(before);
    // Row 0 by hand: 0.2 + 0.5·ln 31 + 2·0.1 − 0.25·4.
    expect(scores({ form: 'sum', weights })[0]).toBeCloseTo(f32(0.2) + 0.5 * 3.4339872 + 2 * f32(0.1) - 1, 6);
  });

  it('reads a log1p head in seconds under identity, and clamps in label units', () => {
    const identity = scores({
      form: 'sum',
      weights: { click: 1, watch: 0.5 },
      transforms: { watch: 'identity' },
    });
    expect(identity[0]).toBeCloseTo(f32(0.2) + 0.5 * 30, 9);
    expect(identity[1]).toBeCloseTo(f32(0.6) + 0.5 * 9, 9);
    const clamped = scores({ form: 'sum', weights: { watch: 1 }, transforms: { watch: { clamp: [0, 10] } } });
    expect(clamped[0]).toBeCloseTo(10, 9);
    expect(clamped[1]).toBeCloseTo(9, 9);
    const rating = scores({ form: 'sum', weights: { rating: 1 }, transforms: { rating: { clamp: [1, 5] } } });
    expect(rating).toEqual([4, 1]);
  });

  it('applies log1p to a head trained without it', () => {
    const logged = scores({ form: 'sum', weights: { click: 2 }, transforms: { click: 'log1p' } });
    expect(logged[0]).toBeCloseTo(2 * Math.log1p(f32(0.2)), 12);
  });

  it('explains each weighted head as w·f(p), adding up to the score', () => {
    const combination = compileProfile({ form: 'sum', weights: { click: 1, like: 2, rating: 0 } }, HEADS);
    const terms = combination.contributions(MODEL, 1);
    expect(terms).toEqual({ click: f32(0.6), like: 2 * f32(0.05), rating: -0 });
    expect(terms.click! + terms.like! + terms.rating!).toBeCloseTo(combination.scores(MODEL, 2)[1]!, 12);
  });
});

describe('the product form', () => {
  it('multiplies f(p)^w: 0.2·0.1^0.5, and 0.2 / 0.1 with a negative weight', () => {
    const root = scores({ form: 'product', weights: { click: 1, like: 0.5 } });
    expect(root[0]).toBeCloseTo(0.2 * Math.sqrt(0.1), 7);
    expect(root[1]).toBeCloseTo(0.6 * Math.sqrt(0.05), 7);
    expect(scores({ form: 'product', weights: { click: 1, like: -1 } })[0]).toBeCloseTo(2, 6);
  });

  it('multiplies clamped watch seconds', () => {
    const profile: CombinationProfile = {
      form: 'product',
      weights: { click: 1, watch: 1 },
      transforms: { watch: { clamp: [1, 3600] } },
    };
    const [row0, row1] = scores(profile);
    expect(row0).toBeCloseTo(0.2 * 30, 5);
    expect(row1).toBeCloseTo(0.6 * 9, 5);
  });

  it('floors a zero factor at ε instead of zeroing the product', () => {
    const zero = [
      Float32Array.from([0]),
      Float32Array.from([0]),
      Float32Array.from([0.5]),
      Float32Array.from([0]),
    ];
    const combination = compileProfile({ form: 'product', weights: { click: 1, like: 1 } }, HEADS);
    expect(combination.scores(zero, 1)[0]).toBeCloseTo(PRODUCT_EPSILON * 0.5, 15);
    expect(combination.contributions(zero, 0).click).toBeCloseTo(Math.log(PRODUCT_EPSILON), 12);
  });

  it('explains each head as w·log f(p), adding up to log(score)', () => {
    const combination = compileProfile({ form: 'product', weights: { click: 1, like: 0.5 } }, HEADS);
    const terms = combination.contributions(MODEL, 0);
    expect(terms.like).toBeCloseTo(0.5 * Math.log(f32(0.1)), 12);
    expect(terms.click! + terms.like!).toBeCloseTo(Math.log(combination.scores(MODEL, 1)[0]!), 12);
  });
});

describe('parseProfile', () => {
  it('accepts the shorthand text as a sum and copies a profile object', () => {
    expect(parseProfile('click=1, like=0.5', HEADS)).toEqual({
      form: 'sum',
      weights: { click: 1, like: 0.5 },
    });
    const input = { form: 'product', weights: { click: 1 }, transforms: { watch: { clamp: [0, 60] } } };
    const parsed = parseProfile(input, HEADS);
    expect(parsed).toEqual(input);
    expect(parsed.weights).not.toBe(input.weights);
    expect(parseProfile({ form: 'sum', weights: { click: 1 }, transforms: {} }, HEADS)).toEqual({
      form: 'sum',
      weights: { click: 1 },
    });
  });

  const sum = (extra: object) => ({ form: 'sum', weights: { click: 1 }, ...extra });
  it.each([
    [
      { form: 'sum', weights: { clik: 1 } },
      /^profile\.weights\.clik: unknown head "clik" \(this model's heads: click, watch, like, rating\)$/,
    ],
    [{ form: 'mean', weights: { click: 1 } }, /^profile\.form: expected sum \| product, got "mean"$/],
    [{ weights: { click: 1 } }, /^profile\.form: expected sum \| product, got nothing$/],
    [
      { form: 'sum', weights: { click: Number.POSITIVE_INFINITY } },
      /^profile\.weights\.click: expected a finite number, got Infinity$/,
    ],
    [
      { form: 'sum', weights: { click: '1' } },
      /^profile\.weights\.click: expected a finite number, got "1"$/,
    ],
    [
      { form: 'sum', weights: { click: 0, like: 0 } },
      /^profile\.weights: at least one weight must be non-zero/,
    ],
    [{ form: 'sum', weights: {} }, /^profile\.weights: at least one weight must be non-zero/],
    [{ form: 'sum', weights: [1] }, /^profile\.weights: expected \{head: weight, \.\.\.\}/],
    [sum({ wieghts: {} }), /^profile\.wieghts: unknown field \(a profile has form, weights, transforms\)$/],
    [
      sum({ transforms: { watch: 'sqrt' } }),
      /^profile\.transforms\.watch: expected identity \| log1p \| \{"clamp": \[min, max\]\}, got "sqrt"$/,
    ],
    [
      sum({ transforms: { watch: { clamp: [5, 1] } } }),
      /^profile\.transforms\.watch\.clamp: min 5 is greater than max 1$/,
    ],
    [
      sum({ transforms: { watch: { clamp: [0] } } }),
      /^profile\.transforms\.watch\.clamp: expected \[min, max\] of two finite numbers/,
    ],
    [sum({ transforms: { clik: 'log1p' } }), /^profile\.transforms\.clik: unknown head "clik"/],
    [
      { form: 'product', weights: { click: 1, watch: 0.5 } },
      /^profile\.transforms\.watch: the product form needs factors that cannot be negative, and regression head "watch" under log1p \(its training transform\) can be; give \{"clamp": \[min, max\]\} with min >= 0/,
    ],
    [
      { form: 'product', weights: { rating: 1 }, transforms: { rating: { clamp: [-1, 5] } } },
      /^profile\.transforms\.rating\.clamp: the product form needs min >= 0/,
    ],
    [42, /^profile: expected \{form, weights, transforms\?\} or "head=weight,\.\.\." text, got 42$/],
    ['clik=1', /^profile: unknown head "clik" \(this model's heads: click, watch, like, rating\)$/],
  ])('rejects %j', (input, message) => {
    expect(() => parseProfile(input, HEADS)).toThrow(message);
  });

  it('names the field under the caller’s path', () => {
    expect(() => parseProfile({ form: 'x', weights: {} }, HEADS, 'variants[1].profile')).toThrow(
      /^variants\[1\]\.profile\.form: /,
    );
  });

  it('allows an unclamped regression head in a product when its weight is 0', () => {
    expect(parseProfile({ form: 'product', weights: { click: 1, watch: 0 } }, HEADS).form).toBe('product');
  });
});

describe('describeProfile', () => {
  it('renders sums as before and products as powers, naming transforms', () => {
    expect(describeProfile({ form: 'sum', weights: { click: 1, like: 0.5, dismiss: -1 } })).toBe(
      '1·click + 0.5·like − 1·dismiss',
    );
    expect(
      describeProfile({
        form: 'product',
        weights: { click: 1, watch: 0.5, dismiss: -1 },
        transforms: { watch: { clamp: [0, 600] } },
      }),
    ).toBe('click^1 · clamp(watch, 0, 600)^0.5 · dismiss^−1');
    expect(describeProfile({ form: 'sum', weights: { watch: 2 }, transforms: { watch: 'identity' } })).toBe(
      '2·identity(watch)',
    );
  });
});

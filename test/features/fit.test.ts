import { describe, expect, it } from 'vitest';
import { encodeRows } from '../../src/features/encode.js';
import { fitFeatureStats } from '../../src/features/fit.js';
import { describeInputs, parseFittedFeatures } from '../../src/features/fitted.js';
import { list, rowsOf, specFrom } from './helpers.js';

const TASK = 'tasks: [{ name: y, kind: binary, missingLabel: mask }]';

describe('categorical vocabularies', () => {
  const rows = rowsOf(['a', 'b', 'a', 'c', 'b', 'a', null, ''].map((v) => ({ cat: v })));

  it('keeps ids seen minCount times, most frequent first; index 0 is missing or out of vocabulary', async () => {
    const spec = specFrom(
      `features: [{ name: cat, source: context, type: categorical, minCount: 2 }]\n${TASK}`,
    );
    const fitted = await fitFeatureStats(spec, rows);
    expect(fitted.features[0]).toMatchObject({ type: 'categorical', vocabulary: ['a', 'b'], size: 3 });
    const probe = rowsOf(['a', 'b', 'c', null, 'never-seen'].map((v) => ({ cat: v })));
    const batch = encodeRows(fitted, probe, { labels: false });
    expect(batch.features[0]).toMatchObject({ name: 'cat', kind: 'index' });
    expect(list(batch.features[0]?.kind === 'index' ? batch.features[0].indices : null)).toEqual([
      1, 2, 0, 0, 0,
    ]);
  });

  it('caps the vocabulary at maxSize, breaking count ties by id', async () => {
    const ties = rowsOf(['z', 'y', 'x', 'x'].map((v) => ({ cat: v })));
    const spec = specFrom(
      `features: [{ name: cat, source: context, type: categorical, maxSize: 2 }]\n${TASK}`,
    );
    expect((await fitFeatureStats(spec, ties)).features[0]).toMatchObject({ vocabulary: ['x', 'y'] });
  });

  it('chooses an embedding width from the vocabulary size unless the config gives one', async () => {
    const spec = specFrom(
      `features: [{ name: cat, source: context, type: categorical }, { name: h, source: context, type: hashed, buckets: 9999, embeddingDim: 7 }]\n${TASK}`,
    );
    const fitted = await fitFeatureStats(spec, rows);
    expect(describeInputs(fitted)).toEqual([
      { name: 'cat', kind: 'index', size: 4, embeddingDim: 8 },
      { name: 'h', kind: 'index', size: 10000, embeddingDim: 7 },
    ]);
  });
});

describe('numeric statistics', () => {
  const rows = rowsOf([1, '2', 3, 4, null].map((v) => ({ x: v, y: 1 })));
  const numeric = (options: string) =>
    specFrom(`features: [{ name: x, source: context, type: numeric, ${options} }]\n${TASK}`);
  const encodeX = async (options: string, probe: unknown[]) => {
    const fitted = await fitFeatureStats(numeric(options), rows);
    const feature = encodeRows(fitted, rowsOf(probe.map((x) => ({ x }))), { labels: false }).features[0];
    return { fitted, feature: feature?.kind === 'numeric' ? feature : undefined };
  };

  it('fits mean, std, min, max and the missing count in one pass', async () => {
    const { fitted, feature } = await encodeX('missing: { indicator: true }', [4, null, 1]);
    const std = Math.sqrt(1.25);
    expect(fitted.features[0]).toMatchObject({
      stats: { count: 4, missing: 1, mean: 2.5, min: 1, max: 4 },
      fill: 2.5,
    });
    expect(fitted.features[0]?.type === 'numeric' && fitted.features[0].stats.std).toBeCloseTo(std, 12);
    expect(list(feature?.values)).toEqual([Math.fround(1.5 / std), 0, Math.fround(-1.5 / std)]);
    expect(list(feature?.missing)).toEqual([0, 1, 0]);
  });

  it('scales min-max, and fills zero or a constant in raw units', async () => {
    expect(list((await encodeX('normalize: minmax, missing: zero', [4, 1, null])).feature?.values)).toEqual(
      [1, 0, -1 / 3].map(Math.fround),
    );
    const constant = await encodeX('normalize: none, missing: { fill: constant, value: 10 }', [null, 7]);
    expect(list(constant.feature?.values)).toEqual([10, 7]);
    expect(constant.feature?.missing).toBeNull();
  });

  it('fits log1p+zscore statistics on the log scale', async () => {
    const { fitted, feature } = await encodeX('normalize: log1p+zscore', [3]);
    const logs = [1, 2, 3, 4].map(Math.log1p);
    const mean = logs.reduce((a, b) => a + b) / 4;
    expect(fitted.features[0]?.type === 'numeric' && fitted.features[0].stats.mean).toBeCloseTo(mean, 12);
    const std = Math.sqrt(logs.reduce((a, b) => a + (b - mean) ** 2, 0) / 4);
    expect(feature?.values[0]).toBeCloseTo((Math.log1p(3) - mean) / std, 5);
  });

  it('maps a constant column to 0 rather than dividing by zero', async () => {
    const same = rowsOf([5, 5].map((x) => ({ x })));
    for (const normalize of ['zscore', 'minmax']) {
      const fitted = await fitFeatureStats(numeric(`normalize: ${normalize}`), same);
      const feature = encodeRows(fitted, same, { labels: false }).features[0];
      expect(list(feature?.kind === 'numeric' ? feature.values : null)).toEqual([0, 0]);
    }
  });
});

describe('fitted features', () => {
  it('survive a JSON round trip and encode identically afterwards', async () => {
    const spec = specFrom(`
features:
  - { name: c, source: context, type: categorical }
  - { name: n, source: context, type: numeric, missing: { indicator: true } }
  - { name: b, source: context, type: bag, maxLength: 3 }
tasks: [{ name: y, kind: regression, transform: log1p }]
bias: { position: pos, device: dev, maxPosition: 5 }`);
    const rows = rowsOf([
      { c: 'a', n: 1, b: ['x', 'y'], y: 3, pos: 1, dev: 'tv' },
      { c: 'b', n: null, b: 'y|z', y: 0, pos: 9, dev: 'mobile' },
      { c: 'b', n: 2, b: 'z', y: 1, pos: 2, dev: 'mobile' },
      { c: 'a', n: 3, b: 'x', y: 1, pos: 3, dev: null },
    ]);
    const fitted = await fitFeatureStats(spec, rows);
    const reloaded = parseFittedFeatures(JSON.parse(JSON.stringify(fitted)));
    expect(encodeRows(reloaded, rows, { labels: true })).toEqual(encodeRows(fitted, rows, { labels: true }));
    expect(fitted.labels).toEqual([
      expect.objectContaining({ task: 'y', count: 4, mean: (Math.log1p(3) + 2 * Math.log1p(1)) / 4 }),
    ]);
    // Device shares weigh the bias folded into serving; the row without a device counts at index 0.
    expect(fitted.bias).toMatchObject({
      positionSize: 6,
      devices: ['mobile', 'tv'],
      deviceSize: 3,
      deviceShare: [0.25, 0.5, 0.25],
    });
  });

  it('refuses JSON that is not fitted features', () => {
    expect(() => parseFittedFeatures({ format: 'other' })).toThrow(
      'fitted features: expected format "multirank.features/1", got "other"',
    );
  });
});

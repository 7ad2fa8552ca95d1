import { describe, expect, it } from 'vitest';
import { DataError } from '../../src/data/errors.js';
import { SkipReport } from '../../src/data/skip-report.js';
import { type EncodedBatch, encodeBatches, encodeRows } from '../../src/features/encode.js';
import { fitFeatureStats } from '../../src/features/fit.js';
import { murmur3 } from '../../src/util/murmur3.js';
import { list, rowsOf, specFrom } from './helpers.js';

const indices = (batch: EncodedBatch, i: number) => {
  const feature = batch.features[i];
  return feature && feature.kind !== 'numeric' ? [...feature.indices] : undefined;
};

describe('hashed ids', () => {
  it('land in 1..buckets by MurmurHash3, with 0 for missing; JSON 42 and CSV "42" agree', async () => {
    const spec = specFrom(
      'features: [{ name: h, source: context, type: hashed, buckets: 100, seed: 7 }]\ntasks: [{ name: y, kind: binary }]',
    );
    const fitted = await fitFeatureStats(spec, []);
    const batch = encodeRows(fitted, rowsOf([{ h: 'video-1' }, { h: 42 }, { h: '42' }, { h: null }]), {
      labels: false,
    });
    expect(indices(batch, 0)).toEqual([
      1 + (murmur3('video-1', 7) % 100),
      1 + (murmur3('42', 7) % 100),
      1 + (murmur3('42', 7) % 100),
      0,
    ]);
  });
});

describe('bags', () => {
  const bagSpec = (options: string) =>
    specFrom(
      `features: [{ name: b, source: context, type: bag, maxLength: 3, ${options} }]\ntasks: [{ name: y, kind: binary }]`,
    );

  it('keep the last maxLength ids, pad with 0, and read JSON arrays and "|"-joined text alike', async () => {
    const fitted = await fitFeatureStats(
      bagSpec('minCount: 1'),
      rowsOf([
        { b: ['a', 'b', 'c', 'd'], y: 1 },
        { b: 'a|b', y: 0 },
      ]),
    );
    expect(fitted.features[0]).toMatchObject({ vocabulary: ['b', 'a', 'c', 'd'] });
    const probe = rowsOf([
      { b: ['a', 'b', 'c', 'd'] },
      { b: 'a|b' },
      { b: ['a', 'b'] },
      { b: '' },
      { b: ['zz', 'd'] },
    ]);
    const batch = encodeRows(fitted, probe, { labels: false });
    expect(batch.features[0]).toMatchObject({ kind: 'bag', maxLength: 3 });
    // Rows of 3: [b c d], [a b 0], [a b 0], [0 0 0], [zz→0 d 0]
    expect(indices(batch, 0)).toEqual([1, 3, 4, 2, 1, 0, 2, 1, 0, 0, 0, 0, 0, 4, 0]);
  });

  it('keep the first ids when asked, and hash ids when given buckets', async () => {
    const fitted = await fitFeatureStats(bagSpec('buckets: 50, keep: first'), []);
    const batch = encodeRows(fitted, rowsOf([{ b: 'p|q|r|s' }]), { labels: false });
    expect(indices(batch, 0)).toEqual(['p', 'q', 'r'].map((id) => 1 + (murmur3(id, 0) % 50)));
  });
});

describe('labels', () => {
  const spec = specFrom(`
features: [{ name: f, source: context, type: categorical }]
tasks:
  - { name: click, kind: binary }
  - { name: rating, kind: regression, missingLabel: mask }
  - { name: like, kind: binary, missingLabel: skip }
`);
  const rows = rowsOf([
    { f: 'a', click: 1, rating: 4, like: 0 },
    { f: 'a', click: 'true', rating: '', like: '1' },
    { f: 'a', click: false, rating: null, like: null },
    { f: 'a', click: '0', rating: 2.5, like: true },
  ]);

  it('are masked, skipped or required per task; masked labels read 0 with mask 0', async () => {
    const report = new SkipReport();
    const fitted = await fitFeatureStats(spec, rows, { report: new SkipReport() });
    const batch = encodeRows(fitted, rows, { labels: true, report });
    expect(batch.size).toBe(3);
    expect(list(batch.rows)).toEqual([0, 1, 3]);
    expect(batch.labels?.map((l) => [l.task, list(l.values), list(l.mask)])).toEqual([
      ['click', [1, 1, 0], [1, 1, 1]],
      ['rating', [4, 0, 2.5], [1, 0, 1]],
      ['like', [0, 1, 1], [1, 1, 1]],
    ]);
    expect(report.summary()).toBe('skipped 1 row: 1 × missing label "like" (first at t.csv:4)');
    expect(fitted.rows).toBe(3);
    expect(fitted.skipped).toBe(1);
  });

  it('missing a required label is an error naming file, line and column', async () => {
    const fitted = await fitFeatureStats(spec, rows.slice(0, 1));
    const bad = rowsOf([{ f: 'a', click: '', rating: 1, like: 1 }]);
    expect(() => encodeRows(fitted, bad, { labels: true })).toThrow(
      't.csv:2: column "click": missing label for task "click" (set missingLabel: mask or skip on the task to accept it)',
    );
  });

  it('are not read at serving, where rows carry none', async () => {
    const fitted = await fitFeatureStats(spec, rows.slice(0, 1));
    const batch = encodeRows(fitted, rowsOf([{ f: 'a' }]), { labels: false });
    expect(batch.labels).toBeNull();
    expect(batch.size).toBe(1);
  });
});

describe('bad values', () => {
  const spec = specFrom(`
features: [{ name: age, source: context, type: numeric }, { name: c, source: context, type: categorical }]
tasks: [{ name: y, kind: binary }]`);
  const rows = rowsOf([
    { age: 30, c: 'a', y: 1 },
    { age: 'abc', c: 'a', y: 0 },
    { age: 40, c: { nested: true }, y: 0 },
    { age: 50, c: 'b', y: 7 },
    { age: 60, c: 'b', y: 0 },
  ]);

  it('are errors naming file, line and column by default', async () => {
    await expect(fitFeatureStats(spec, rows)).rejects.toThrow(
      't.csv:3: column "age": expected a number, got string "abc"',
    );
    const error = await fitFeatureStats(spec, rows.slice(2)).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DataError);
    expect((error as DataError).message).toBe(
      't.csv:4: column "c": expected an id or category, got an object',
    );
  });

  it('are counted skips under badValues: skip, with a summary by reason, in fit and encode alike', async () => {
    const fitReport = new SkipReport();
    const fitted = await fitFeatureStats(spec, rows, { badValues: 'skip', report: fitReport });
    expect(fitted.features[0]).toMatchObject({ stats: { count: 2, mean: 45 } });
    const report = new SkipReport();
    const batch = encodeRows(fitted, rows, { labels: true, badValues: 'skip', report });
    expect(list(batch.rows)).toEqual([0, 4]);
    expect(report.toJSON()).toEqual(fitReport.toJSON());
    expect(report.summary()).toBe(
      'skipped 3 rows: 1 × bad value in column "age" (first at t.csv:3), 1 × bad value in column "c" (first at t.csv:4), 1 × bad value in column "y" (first at t.csv:5)',
    );
  });
});

describe('position and device', () => {
  it('clamp positions to maxPosition, use 0 when absent, and reject positions below 1', async () => {
    const spec = specFrom(`
features: [{ name: f, source: context, type: categorical }]
tasks: [{ name: y, kind: binary, biasTower: true }]
bias: { position: pos, device: dev, maxPosition: 3 }`);
    const rows = rowsOf([
      { f: 'a', y: 1, pos: 1, dev: 'tv' },
      { f: 'a', y: 1, pos: '25', dev: 'mobile' },
      { f: 'a', y: 1, pos: 2, dev: 'mobile' },
      { f: 'a', y: 1, dev: 'watch' },
    ]);
    const fitted = await fitFeatureStats(spec, rows.slice(0, 3));
    const batch = encodeRows(fitted, rows, { labels: true });
    expect(list(batch.position)).toEqual([1, 3, 2, 0]);
    expect(list(batch.device)).toEqual([2, 1, 1, 0]);
    expect(() => encodeRows(fitted, rowsOf([{ f: 'a', y: 1, pos: 0 }]), { labels: true })).toThrow(
      't.csv:2: column "pos": expected a 1-based integer position, got 0',
    );
  });
});

describe('encodeBatches', () => {
  it('streams fixed-size batches, the last one smaller', async () => {
    const spec = specFrom(
      'features: [{ name: f, source: context, type: categorical }]\ntasks: [{ name: y, kind: binary }]',
    );
    const rows = rowsOf(Array.from({ length: 7 }, (_, i) => ({ f: `v${i % 3}`, y: i % 2 })));
    const fitted = await fitFeatureStats(spec, rows);
    const sizes: number[] = [];
    for await (const batch of encodeBatches(fitted, rows, 3, { labels: true })) sizes.push(batch.size);
    expect(sizes).toEqual([3, 3, 1]);
  });
});

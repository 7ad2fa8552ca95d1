import { describe, expect, it } from 'vitest';
import { fractionCutoff } from '../../src/data/fraction-cutoff.js';
import { readRows } from '../../src/data/read-rows.js';
import type { SourceRow } from '../../src/data/records.js';
import { SkipReport } from '../../src/data/skip-report.js';
import { resolveSplit, type SplitPlan, splitRows } from '../../src/data/split.js';
import { collect, FIXTURES, tempFiles } from './helpers.js';

const files = tempFiles();

async function* stream<T>(values: readonly T[]): AsyncGenerator<T> {
  yield* values;
}

const log = () => readRows(`${FIXTURES}interactions.jsonl`);
const ids = (rows: SourceRow[]) => rows.map((r) => `${r.record.request_id}/${r.record.item_id}`);
const options = {
  timestamp: 'timestamp',
  timestampUnit: 'auto',
  badValues: 'error',
  report: new SkipReport(),
} as const;

describe('fractionCutoff', () => {
  it('finds the exact quantile, ties staying on the training side', async () => {
    const values = [5, 1, 3, 2, 4, 6, 8, 7, 10, 9];
    expect(await fractionCutoff(() => stream(values), 0.2)).toBe(8);
    expect(await fractionCutoff(() => stream(values), 0.5)).toBe(5);
    // 3 of 10 rows share the last timestamp: a 10% cut cannot split them, so none go to validation.
    expect(await fractionCutoff(() => stream([1, 2, 3, 4, 5, 6, 7, 9, 9, 9]), 0.1)).toBe(9);
  });

  it('gives the same cutoffs on the streaming path used for logs too long to hold', async () => {
    const values = [5, 1, 3, 2, 4, 6, 8, 7, 10, 9];
    for (const fraction of [0.1, 0.2, 0.5, 0.9]) {
      const held = await fractionCutoff(() => stream(values), fraction);
      expect(await fractionCutoff(() => stream(values), fraction, 4)).toBe(held);
    }
    expect(await fractionCutoff(() => stream([1, 2, 3, 4, 5, 6, 7, 9, 9, 9]), 0.1, 4)).toBe(9);
  });

  it('stays exact on the streaming path when many values share one histogram bin', async () => {
    // One far outlier squeezes everything else into the first of the 4096 bins.
    const values = [...Array.from({ length: 999 }, (_, i) => 1_000_000 + ((i * 7919) % 999)), 1e12];
    expect(await fractionCutoff(() => stream(values), 0.1, 100)).toBe(1_000_000 + 899);
    expect(await fractionCutoff(() => stream(values), 0.1)).toBe(1_000_000 + 899);
  });

  it('handles constant and empty columns', async () => {
    expect(await fractionCutoff(() => stream([3, 3, 3]), 0.5)).toBe(3);
    expect(await fractionCutoff(() => stream([3, 3, 3]), 0.5, 2)).toBe(3);
    expect(await fractionCutoff(() => stream<number>([]), 0.5)).toBe(Number.POSITIVE_INFINITY);
  });
});

describe('splitRows', () => {
  it('splits the fixture log by time: the latest 30% go to validation', async () => {
    const plan = await resolveSplit({ kind: 'lastFraction', fraction: 0.3 }, log, 'timestamp', 'auto');
    expect(plan).toEqual({ kind: 'time', after: 1700000200 });
    const train = await collect(splitRows(log(), plan, 'train', options));
    const validation = await collect(splitRows(log(), plan, 'validation', options));
    expect(ids(validation)).toEqual(['r4/v3', 'r4/v5', 'r5/v1']);
    expect(train).toHaveLength(7);
    // At 20% the cut would fall inside request r4 (two rows at one timestamp): ties stay in training.
    const tied = await resolveSplit({ kind: 'lastFraction', fraction: 0.2 }, log, 'timestamp', 'auto');
    expect(ids(await collect(splitRows(log(), tied, 'validation', options)))).toEqual(['r5/v1']);
    const latestTrain = Math.max(...train.map((r) => Number(r.record.timestamp)));
    expect(validation.every((r) => Number(r.record.timestamp) > latestTrain)).toBe(true);
  });

  it('splits after a fixed time, and streams everything for part "all"', async () => {
    const plan: SplitPlan = { kind: 'time', after: 1700000300 };
    expect(ids(await collect(splitRows(log(), plan, 'validation', options)))).toEqual(['r5/v1']);
    expect(await collect(splitRows(log(), plan, 'all', options))).toHaveLength(10);
  });

  it('splits by file order when there is no timestamp column', async () => {
    const plan = await resolveSplit({ kind: 'lastFraction', fraction: 0.3 }, log, null, 'auto');
    expect(plan).toEqual({ kind: 'order', trainRows: 7 });
    const validation = await collect(splitRows(log(), plan, 'validation', { ...options, timestamp: null }));
    expect(ids(validation)).toEqual(['r4/v3', 'r4/v5', 'r5/v1']);
  });

  it('sends everything to training without a split', async () => {
    const plan = await resolveSplit({ kind: 'none' }, log, 'timestamp', 'auto');
    expect(await collect(splitRows(log(), plan, 'train', options))).toHaveLength(10);
    expect(await collect(splitRows(log(), plan, 'validation', options))).toHaveLength(0);
  });

  it('accepts ISO dates, and treats a bad timestamp by policy', async () => {
    const path = files.write('t.csv', 'id,ts\na,2024-01-01T00:00:00Z\nb,soon\nc,\nd,1704153600\n');
    const plan: SplitPlan = { kind: 'time', after: Date.parse('2024-01-01T12:00:00Z') / 1000 };
    const strict = {
      timestamp: 'ts',
      timestampUnit: 's',
      badValues: 'error',
      report: new SkipReport(),
    } as const;
    await expect(collect(splitRows(readRows(path), plan, 'train', strict))).rejects.toThrow(
      `${path}:3: column "ts": expected unix seconds or an ISO date, got string "soon"`,
    );
    const report = new SkipReport();
    const lenient = { ...strict, badValues: 'skip', report } as const;
    const validation = await collect(splitRows(readRows(path), plan, 'validation', lenient));
    expect(validation.map((r) => r.record.id)).toEqual(['d']);
    expect(report.summary()).toBe(`skipped 2 rows: 2 × bad value in column "ts" (first at ${path}:3)`);
  });
});

/**
 * `--shard I/N`: the flag's reading, each line in exactly one shard's run, readers stopping at a
 * shard's last line, and a resume refusing files that hold another shard's lines.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { rowFormat } from '../../src/batch/output-format.js';
import { readRequests } from '../../src/batch/read-requests.js';
import { prepareOutputs } from '../../src/batch/resume.js';
import { describeLines, parseShard, shardLines } from '../../src/batch/shard.js';
import { collect, tempFiles } from '../data/helpers.js';

const files = tempFiles();

describe('parseShard', () => {
  it('reads 0-based I/N', () => {
    expect(parseShard('0/3')).toEqual({ index: 0, count: 3 });
    expect(parseShard(' 2 / 3 ')).toEqual({ index: 2, count: 3 });
    expect(parseShard('0/1')).toEqual({ index: 0, count: 1 });
  });

  it('refuses I >= N, N = 0 and text that is not I/N, naming the flag', () => {
    expect(() => parseShard('3/3')).toThrow(
      '--shard: there is no shard 3 of 3; shards count from 0, so I is 0 to 2.',
    );
    expect(() => parseShard('0/0')).toThrow('--shard: the shard count N must be at least 1.');
    for (const bad of ['a/b', '1', '-1/3', '1/3/4', '1.5/3', '']) {
      expect(() => parseShard(bad), bad).toThrow(/^--shard expects I\/N, shard I of N counted from 0/);
    }
  });
});

describe('shardLines', () => {
  it('puts every line in exactly one shard, in order, the runs differing by at most one line', () => {
    for (const lines of [0, 1, 2, 7, 10, 11, 100, 1001]) {
      for (const count of [1, 2, 3, 4, 7, 16]) {
        const ranges = Array.from({ length: count }, (_, index) => shardLines({ index, count }, lines));
        expect(ranges[0]!.after).toBe(0);
        expect(ranges.at(-1)!.through).toBe(Number.POSITIVE_INFINITY);
        ranges.slice(1).forEach((range, i) => {
          expect(range.after).toBe(ranges[i]!.through);
        });
        const sizes = ranges.map((r) => Math.min(r.through, lines) - r.after);
        expect(Math.max(...sizes) - Math.min(...sizes), `${lines}/${count}`).toBeLessThanOrEqual(1);
      }
    }
  });

  it('describes a run for messages', () => {
    expect(describeLines(shardLines({ index: 1, count: 3 }, 102), 102)).toBe('input lines 35–68 of 102');
    expect(describeLines(shardLines({ index: 2, count: 3 }, 102), 102)).toBe('input lines 69–102 of 102');
    expect(describeLines(shardLines({ index: 0, count: 3 }, 2), 2)).toBe('no input lines (the input has 2)');
  });
});

describe('a shard reads and resumes only its lines', () => {
  it('readRequests stops after the last line of the run', async () => {
    const text = ['u1', 'u2', 'u3', 'u4', 'u5'].map((u) => `{"userId":"${u}","candidates":["i1"]}`);
    const path = files.write('five.jsonl', `${text.join('\n')}\n`);
    const lines = async (after: number, through: number) =>
      (await collect(readRequests(path, 'jsonl', after, through))).map((e) => e.line);
    expect(await lines(1, 3)).toEqual([2, 3]);
    expect(await lines(3, Number.POSITIVE_INFINITY)).toEqual([4, 5]);
    const csv = files.write('five.csv', 'userId,candidates\nu1,i1\nu2,i1\nu3,i1\n');
    const csvLines = (await collect(readRequests(csv, 'csv', 0, 2))).map((e) => e.line);
    expect(csvLines).toEqual([2]);
  });

  it("refuses to resume into another shard's output or error file, cutting nothing", async () => {
    const format = rowFormat('jsonl', ['click']);
    const item = { itemId: 'a', score: 0.5, heads: { click: 0.5 } };
    const out = join(files.dir, 'shard0.jsonl');
    const errors = `${out}.errors.jsonl`;
    const text = format.rows(2, 'u2', [item]) + format.rows(3, 'u3', [item]);
    writeFileSync(out, text);
    await expect(
      prepareOutputs({ out, errors, format, force: false, lines: { after: 3, through: 6 } }),
    ).rejects.toThrow(
      /shard0\.jsonl: it holds input line 3, outside this run's lines 4–6 \(another --shard\?\); cannot resume into it/,
    );
    writeFileSync(errors, '{"line":9,"error":"x"}\n');
    await expect(
      prepareOutputs({ out, errors, format, force: false, lines: { after: 0, through: 6 } }),
    ).rejects.toThrow(/errors\.jsonl: it holds input line 9, outside this run's lines 1–6/);
    expect(readFileSync(out, 'utf8')).toBe(text);
    // The shard's own files resume as ever: the last request is scored again.
    writeFileSync(errors, '{"line":1,"error":"x"}\n');
    expect(
      await prepareOutputs({ out, errors, format, force: false, lines: { after: 0, through: 3 } }),
    ).toEqual({ after: 2 });
  });
});

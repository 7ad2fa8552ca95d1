/**
 * `multirank score --shard I/N` through the real binary over the shipped model: three shards run
 * on one machine, merged as docs/scoring.md says (concatenated in shard order; a CSV keeps the
 * first header), equal the unsharded run byte for byte, error files included; a shard cut short
 * resumes to the same file; a shard's output is not resumed under another --shard.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawnCli } from '../helpers/process.js';
import { DEFAULT_MODEL_DIR } from '../helpers/serving.js';

const ENV = { MULTIRANK_TF_BACKEND: 'wasm', MULTIRANK_WEIGHTS: '' };
const SHARDS = 3;

let dir: string;

async function score(input: string, out: string, ...extra: string[]) {
  const args = ['score', '--model', DEFAULT_MODEL_DIR, '--in', input, '--out', out];
  const run = spawnCli(
    [...args, '--weights', 'click=1,like=2,dismiss=-1', '--workers', '1', '--no-progress', ...extra],
    ENV,
  );
  const code = await run.exited;
  return { code, output: run.output() };
}

const read = (path: string): string => (existsSync(path) ? readFileSync(path, 'utf8') : '');

/** 14 lines: requests of 3–9 candidates, a malformed line, a bad feature value, a blank line. */
function writeJsonl(): string {
  const lines: string[] = [];
  for (let r = 0; r < 12; r++) {
    const candidates = Array.from({ length: 3 + ((r * 5) % 7) }, (_, c) => `i${(r * 37 + c * 11) % 300}`);
    lines.push(JSON.stringify({ userId: `u${r * 13}`, context: { device: 'tv' }, candidates }));
    if (r === 3) lines.push('{"userId": "u1", "candidates": [');
    if (r === 8)
      lines.push('{"userId":"u2","candidates":[{"itemId":"i1","features":{"duration_seconds":"x"}}]}');
  }
  lines.splice(6, 0, '');
  const path = join(dir, 'requests.jsonl');
  writeFileSync(path, `${lines.join('\n')}\n`);
  return path;
}

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'multirank-cli-shard-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('multirank score --shard', () => {
  let input: string;
  const shardOut = (i: number) => join(dir, `scores-${i}.jsonl`);

  it('scores three shards whose outputs, concatenated in order, are the unsharded output', async () => {
    input = writeJsonl();
    const whole = join(dir, 'scores.jsonl');
    const one = await score(input, whole);
    expect(one.code, one.output).toBe(0);
    for (let i = 0; i < SHARDS; i++) {
      const run = await score(input, shardOut(i), '--shard', `${i}/${SHARDS}`);
      expect(run.code, run.output).toBe(0);
      expect(run.output).toContain(`score: shard ${i}/${SHARDS}: input lines`);
    }
    const shards = Array.from({ length: SHARDS }, (_, i) => shardOut(i));
    const merged = shards.map(read).join('');
    expect(merged).toBe(read(whole));
    expect(shards.map((s) => read(`${s}.errors.jsonl`)).join('')).toBe(read(`${whole}.errors.jsonl`));
    // Each shard did a share of the work: no shard is empty.
    for (const s of shards) expect(read(s)).not.toBe('');
  }, 240_000);

  it('resumes a shard cut mid-row to the same file, and refuses it under another --shard', async () => {
    const out = shardOut(1);
    const full = read(out);
    const cut = join(dir, 'cut-1.jsonl');
    writeFileSync(cut, full);
    truncateSync(cut, Math.floor(full.length / 2) + 7);
    const resumed = await score(input, cut, '--shard', `1/${SHARDS}`);
    expect(resumed.code, resumed.output).toBe(0);
    expect(resumed.output).toMatch(/resuming after input line \d+/);
    expect(read(cut)).toBe(full);

    const wrong = await score(input, cut, '--shard', `2/${SHARDS}`);
    expect(wrong.code).toBe(1);
    expect(wrong.output).toMatch(
      /cut-1\.jsonl: it holds input line \d+, outside this run's lines .*another --shard\?/,
    );
    expect(read(cut)).toBe(full);
  }, 240_000);

  it('shards a CSV input; the merge keeps the first header', async () => {
    const csv = join(dir, 'requests.csv');
    const rows = Array.from({ length: 7 }, (_, r) => `u${r},i${r}|i${r + 40}|i${r + 90},tv`);
    writeFileSync(csv, `userId,candidates,device\n${rows.join('\n')}\n`);
    const whole = join(dir, 'scores.csv');
    expect((await score(csv, whole)).code).toBe(0);
    const parts: string[] = [];
    for (let i = 0; i < 2; i++) {
      const out = join(dir, `scores-${i}.csv`);
      const run = await score(csv, out, '--shard', `${i}/2`);
      expect(run.code, run.output).toBe(0);
      const text = read(out);
      parts.push(i === 0 ? text : text.slice(text.indexOf('\n') + 1));
    }
    expect(parts.join('')).toBe(read(whole));
  }, 240_000);

  it('refuses a bad --shard naming the flag (every message: test/batch/shard.test.ts)', async () => {
    const run = await score(input, join(dir, 'never.jsonl'), '--shard', '3/3');
    expect(run.code).toBe(1);
    expect(run.output).toContain(
      "error: option '--shard <I/N>' argument '3/3' is invalid. --shard: there is no shard 3 of 3; shards count from 0, so I is 0 to 2.",
    );
    expect(existsSync(join(dir, 'never.jsonl'))).toBe(false);
  }, 60_000);
});

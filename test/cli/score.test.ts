/**
 * `multirank score` through the real binary over the shipped model: JSONL and CSV, bad rows in the
 * error file, resuming after a cut equals a one-shot run, exit codes, and agreement with
 * POST /v1/rank (every head and score within 1e-5).
 */
import { copyFileSync, mkdtempSync, readFileSync, rmSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawnCli } from '../helpers/process.js';
import { DEFAULT_MODEL_DIR, servingApp } from '../helpers/serving.js';

const MODEL = DEFAULT_MODEL_DIR;
const WEIGHTS = 'click=1,like=2,dismiss=-1';
const ENV = { MULTIRANK_TF_BACKEND: 'wasm', MULTIRANK_WEIGHTS: '' };

let dir: string;
let input: string;
/** The valid requests of `input` by line. */
const requests = new Map<number, { userId: string; context?: object; candidates: (string | object)[] }>();

async function cli(args: string[]): Promise<{ code: number | null; output: string }> {
  const run = spawnCli([...args, '--no-progress'], ENV);
  const code = await run.exited;
  return { code, output: run.output() };
}

/** A small deterministic input: 8 requests of 12–30 candidates, two bad lines, a blank one. */
function writeInput(): string {
  let seed = 7;
  const next = (n: number) => {
    seed = (seed * 1103515245 + 12345) % 2 ** 31;
    return seed % n;
  };
  const lines: string[] = [];
  for (let r = 0; r < 8; r++) {
    const candidates: (string | object)[] = Array.from({ length: 12 + next(19) }, () => `i${next(300)}`);
    candidates.push({ itemId: `i${next(300)}`, features: { duration_seconds: 120 } });
    if (r === 5) candidates.push('not-in-catalog');
    const context = {
      device: ['tv', 'mobile', 'desktop'][r % 3],
      recent_items: [`i${next(300)}`, `i${next(300)}`],
    };
    const request = { userId: `u${next(500)}`, ...(r % 2 === 0 ? { context } : {}), candidates };
    lines.push(JSON.stringify(request));
    requests.set(lines.length, request);
    if (r === 2) lines.push('{"userId": "u1", "candidates": [');
    if (r === 4)
      lines.push(
        JSON.stringify({
          userId: 'u2',
          candidates: [{ itemId: 'i1', features: { duration_seconds: 'long' } }],
        }),
      );
    if (r === 6) lines.push('');
  }
  const path = join(dir, 'requests.jsonl');
  writeFileSync(path, `${lines.join('\n')}\n`);
  return path;
}

const rowsOf = (path: string) =>
  readFileSync(path, 'utf8')
    .trimEnd()
    .split('\n')
    .map((row) => JSON.parse(row) as Record<string, number | string | boolean>);

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'multirank-cli-score-'));
  input = writeInput();
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('multirank score', () => {
  let out: string;

  it('scores every candidate on two workers, in input order, with bad rows in the error file', async () => {
    out = join(dir, 'scores.jsonl');
    const { code, output } = await cli([
      'score',
      '--model',
      MODEL,
      '--in',
      input,
      '--out',
      out,
      '--weights',
      WEIGHTS,
      '--workers',
      '2',
    ]);
    expect(code, output).toBe(0);
    expect(output).toMatch(/score: 2 workers on the onnx engine; score = 1·click \+ 2·like − 1·dismiss/);
    expect(output).toMatch(
      /scored 8 requests \([\d,]+ candidates, 1 unknown item\) of .* in .*; 2 requests failed, see .*scores\.jsonl\.errors\.jsonl/,
    );
    const rows = rowsOf(out);
    const lines = rows.map((r) => r.line as number);
    expect(lines).toEqual([...lines].sort((a, b) => a - b));
    expect(new Set(lines)).toEqual(new Set(requests.keys()));
    for (const [line, request] of requests) {
      const mine = rows.filter((r) => r.line === line);
      const ids = new Set(
        request.candidates.map((c) => (typeof c === 'string' ? c : (c as { itemId: string }).itemId)),
      );
      expect(mine.map((r) => r.itemId).sort()).toEqual([...ids].sort());
      expect(mine.map((r) => r.rank)).toEqual(mine.map((_, i) => i + 1));
      expect(mine.every((r) => r.userId === request.userId)).toBe(true);
    }
    expect(rows.filter((r) => r.unknown).map((r) => r.itemId)).toEqual(['not-in-catalog']);
    const errors = rowsOf(`${out}.errors.jsonl`);
    expect(errors).toEqual([
      { line: 4, error: expect.stringMatching(/^malformed JSON: /) },
      {
        line: 7,
        userId: 'u2',
        error: expect.stringMatching(/^candidates\[0\]: column "duration_seconds": expected a number/),
      },
    ]);
  }, 120_000);

  it('agrees with POST /v1/rank on every head and score within 1e-5', async () => {
    // No load shedding: the machine may be busy, and this test is about the numbers.
    const { app } = await servingApp({ MULTIRANK_WEIGHTS: WEIGHTS, MULTIRANK_MAX_EVENT_LOOP_DELAY_MS: '0' });
    const rows = rowsOf(out);
    for (const [line, request] of requests) {
      const candidates = request.candidates.map((c) => (typeof c === 'string' ? { itemId: c } : c));
      const res = await app.inject({
        method: 'POST',
        url: '/v1/rank',
        payload: { ...request, candidates, limit: candidates.length },
      });
      expect(res.statusCode, res.body).toBe(200);
      const online = res.json().items as { itemId: string; score: number; heads: Record<string, number> }[];
      const offline = rows.filter((r) => r.line === line);
      expect(offline.map((r) => r.itemId)).toEqual(online.map((i) => i.itemId));
      online.forEach((item, i) => {
        const row = offline[i]!;
        expect(Math.abs((row.score as number) - item.score)).toBeLessThan(1e-5);
        for (const [head, value] of Object.entries(item.heads)) {
          expect(Math.abs((row[head] as number) - value), `${line} ${item.itemId} ${head}`).toBeLessThan(
            1e-5,
          );
        }
      });
    }
  }, 180_000);

  it('resumes after a kill (output cut mid-row, inside a request) to the one-shot result', async () => {
    const cut = join(dir, 'cut.jsonl');
    const full = readFileSync(out, 'utf8');
    // Cut inside the rows of line 6, mid-line; the error file as it was by then (line 4 only).
    const start = full.indexOf('{"line":6,');
    writeFileSync(cut, full.slice(0, start + 3 * 200 + 17));
    copyFileSync(`${out}.errors.jsonl`, `${cut}.errors.jsonl`);
    truncateSync(`${cut}.errors.jsonl`, readFileSync(`${out}.errors.jsonl`, 'utf8').indexOf('\n') + 1);
    const args = [
      'score',
      '--model',
      MODEL,
      '--in',
      input,
      '--out',
      cut,
      '--weights',
      WEIGHTS,
      '--workers',
      '1',
    ];
    const resumed = await cli(args);
    expect(resumed.code, resumed.output).toBe(0);
    expect(resumed.output).toMatch(/resuming after input line 5 /);
    expect(readFileSync(cut, 'utf8')).toBe(full);
    expect(readFileSync(`${cut}.errors.jsonl`, 'utf8')).toBe(readFileSync(`${out}.errors.jsonl`, 'utf8'));
    // A finished run re-run: only its last request is scored again; the files stay the same.
    const again = await cli(args);
    expect(again.code, again.output).toBe(0);
    expect(again.output).toMatch(/scored 1 request \(\d+ candidates\) .*resumed after line 10\)/);
    expect(readFileSync(cut, 'utf8')).toBe(full);
  }, 180_000);

  it('reads and writes CSV, takes --users, and fails requests with unknown items under reject', async () => {
    const csv = join(dir, 'requests.csv');
    const users = join(dir, 'users.csv');
    writeFileSync(users, 'user_id,region,age_bucket,primary_device\nu1,eu,18-24,tv\n');
    writeFileSync(
      csv,
      'userId,candidates,device,recent_items,current_item_id\nu1,i1|i2|i3,tv,i4|i5,i9\nu2,i1|zzz,,,\n"u,3",i7,mobile,,\n',
    );
    const out = join(dir, 'scores.csv');
    const { code, output } = await cli([
      'score',
      '--model',
      MODEL,
      '--in',
      csv,
      '--out',
      out,
      '--users',
      users,
      '--unknown-items',
      'reject',
      '--workers',
      '1',
    ]);
    expect(code, output).toBe(0);
    const lines = readFileSync(out, 'utf8').trimEnd().split('\n');
    expect(lines[0]).toBe('line,userId,itemId,rank,score,click,watch,like,dismiss,rating,unknown');
    expect(lines.slice(1).map((l) => /^\d+,("[^"]*"|[^,]*),[^,]*,\d+/.exec(l)?.[0])).toEqual([
      expect.stringMatching(/^2,u1,i[123],1$/),
      expect.stringMatching(/^2,u1,i[123],2$/),
      expect.stringMatching(/^2,u1,i[123],3$/),
      '4,"u,3",i7,1',
    ]);
    expect(rowsOf(`${out}.errors.jsonl`)).toEqual([
      { line: 3, userId: 'u2', error: 'candidates[1].itemId: unknown item "zzz" (not in the item catalog)' },
    ]);
  }, 120_000);

  it('exits 2 when every request failed, and 1 with one line on weights that fit no head', async () => {
    const bad = join(dir, 'bad.jsonl');
    writeFileSync(bad, '{"candidates":["i1"]}\nnope\n');
    const failed = await cli([
      'score',
      '--model',
      MODEL,
      '--in',
      bad,
      '--out',
      join(dir, 'bad-out.jsonl'),
      '--workers',
      '1',
    ]);
    expect(failed.code, failed.output).toBe(2);
    expect(failed.output).toMatch(/scored 0 requests .*; 2 requests failed/);
    const weights = await cli([
      'score',
      '--model',
      MODEL,
      '--in',
      input,
      '--out',
      join(dir, 'w.jsonl'),
      '--weights',
      'clik=1',
      '--workers',
      '1',
    ]);
    expect(weights.code).toBe(1);
    expect(weights.output.trim()).toMatch(
      /^error: --weights: unknown head "clik" \(this model's heads: click, watch, like, dismiss, rating\)$/,
    );
  }, 120_000);
});

import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { selectBackend } from '../../src/engine/tfjs-backend.js';
import type { CandidateRecallReport } from '../../src/evaluation/candidate-recall.js';
import type { ModelEvaluation } from '../../src/evaluation/evaluate-model.js';
import { makeWorld, untrainedBundle, worldConfig } from '../evaluation/evaluate-fixture.js';
import { spawnCli } from '../helpers/process.js';

let dir: string;
let heldOut: string;
let index: string;

/** Runs the binary to the end; returns its exit code and everything it printed. */
async function cli(args: string[]): Promise<{ code: number | null; output: string }> {
  const run = spawnCli(args);
  const code = await run.exited;
  return { code, output: run.output() };
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'multirank-cli-candidates-'));
  const world = join(dir, 'world');
  const simulated = await cli([
    'simulate',
    '--out',
    world,
    '--users',
    '60',
    '--items',
    '80',
    '--requests',
    '400',
    '--format',
    'jsonl',
    '--no-progress',
  ]);
  expect(simulated.code, simulated.output).toBe(0);
  // The last 100 requests (1,000 rows, written request by request in time order) are held out.
  const lines = readFileSync(join(world, 'interactions.jsonl'), 'utf8').trimEnd().split('\n');
  const train = join(dir, 'train.jsonl');
  heldOut = join(dir, 'heldout.jsonl');
  writeFileSync(train, `${lines.slice(0, 3000).join('\n')}\n`);
  writeFileSync(heldOut, `${lines.slice(3000).join('\n')}\n`);
  index = join(dir, 'index');
  const built = await cli([
    'candidates',
    'build',
    '--logs',
    train,
    '--items',
    join(world, 'items.jsonl'),
    '--out',
    index,
    '--no-progress',
  ]);
  expect(built.code, built.output).toBe(0);
}, 180_000);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('multirank evaluate --candidates', () => {
  it('prints recall and coverage per source, merged and ideal, and writes them under "candidates"', async () => {
    const out = join(dir, 'report.json');
    const { code, output } = await cli([
      'evaluate',
      '--candidates',
      index,
      '--data',
      heldOut,
      '--out',
      out,
      '--no-progress',
    ]);
    expect(code, output).toBe(0);
    expect(output).toMatch(
      /^candidates .*index \(80 items\) on [\d,]+ clicks in \d+ requests of .*heldout\.jsonl$/m,
    );
    expect(output).toMatch(/^source\s+recall@100\s+recall@500\s+coverage$/m);
    for (const source of [
      'cowatch',
      'history',
      'topic',
      'creator',
      'trending',
      'popular',
      'fresh',
      'merged',
    ]) {
      expect(output).toMatch(
        new RegExp(`^${source}\\s+[01]\\.\\d{4}\\s+[01]\\.\\d{4}\\s+[01]\\.\\d{4}$`, 'm'),
      );
    }
    expect(output).toMatch(/^ideal\s+[01]\.\d{4}\s+[01]\.\d{4}$/m);
    expect(output).toMatch(/merged recall@500 \/ ideal [01]\.\d{4}; .* µs\/request/);
    expect(output).toMatch(/report: .*report\.json/);
    expect(output).not.toMatch(/TensorFlow|NDCG/);

    const report = JSON.parse(readFileSync(out, 'utf8')) as {
      candidates: CandidateRecallReport & { index: string };
    };
    const { candidates } = report;
    expect(Object.keys(report)).toEqual(['candidates']);
    expect(candidates.index).toBe(index);
    expect(candidates.log).toBe(heldOut);
    expect(candidates.rows).toBe(1000);
    expect(candidates.requests + candidates.requestsWithoutClick).toBe(100);
    expect(candidates.events).toBeGreaterThan(0);
    expect(candidates.ks).toEqual([100, 500]);
    expect(candidates.catalogueSize).toBe(80);
    // 80 items: every list reaches the whole catalogue well within 500, so merged recall is the ideal.
    expect(candidates.recall.merged?.[500]).toBeCloseTo(candidates.ideal, 10);
    expect(candidates.ideal).toBeGreaterThan(0.9);
    expect(candidates.coverage.merged).toBeGreaterThan(0.5);
    // The table shows the report's figures.
    expect(output).toContain(`merged    ${candidates.recall.merged?.[100]?.toFixed(4)}`);
  }, 180_000);

  it('says what is wrong in one line: no index, a bad row, nothing to evaluate, a model-only flag', async () => {
    const cases: [string[], RegExp][] = [
      [
        ['--candidates', join(dir, 'nope')],
        /error: candidate index .*nope: index\.json: cannot read: ENOENT/,
      ],
      [
        ['--candidates', index, '--data', join(dir, 'world', 'items.jsonl')],
        /error: .*items\.jsonl:1: column "request_id": missing value/,
      ],
      [[], /error: give --model DIR, --candidates DIR or both/],
      [['--candidates', index, '--plot', join(dir, 'x.svg')], /error: --plot needs --model/],
    ];
    for (const [args, message] of cases) {
      const withData = args.includes('--data') ? args : [...args, '--data', heldOut];
      const { code, output } = await cli(['evaluate', '--no-progress', ...withData]);
      expect(code, output).toBe(1);
      expect(output).toMatch(message);
      expect(output.trim().split('\n')).toHaveLength(1);
      expect(output).not.toMatch(/Usage:|\n\s+at /);
    }
  }, 180_000);
});

describe('multirank evaluate --model --candidates', () => {
  it('prints both reports and writes the model report with the candidates under "candidates"', async () => {
    await selectBackend('wasm');
    const world = join(dir, 'model-world');
    await makeWorld(world, 100);
    const model = join(world, 'model');
    await untrainedBundle(model, worldConfig(world), false);
    const data = join(world, 'interactions.jsonl');
    const worldIndex = join(world, 'index');
    const built = await cli(['candidates', 'build', '--logs', data, '--out', worldIndex, '--no-progress']);
    expect(built.code, built.output).toBe(0);
    const out = join(world, 'report.json');
    const run = spawnCli(
      [
        'evaluate',
        '--model',
        model,
        '--candidates',
        worldIndex,
        '--data',
        data,
        '--out',
        out,
        '--no-progress',
      ],
      { MULTIRANK_TF_BACKEND: 'wasm' },
    );
    expect(await run.exited, run.output()).toBe(0);
    // The model's tables first, then the candidates'.
    const output = run.output();
    const ndcg = output.search(/NDCG@10 of 1·click over 100 requests/);
    const recall = output.search(/^source\s+recall@100\s+recall@500\s+coverage$/m);
    expect(ndcg).toBeGreaterThan(0);
    expect(recall).toBeGreaterThan(ndcg);
    const report = JSON.parse(readFileSync(out, 'utf8')) as ModelEvaluation & {
      candidates: CandidateRecallReport & { index: string };
    };
    expect(report.format).toBe('multirank.evaluation/1');
    expect(report.heads.map((h) => h.name)).toEqual(['click', 'watch', 'like']);
    expect(report.candidates.index).toBe(worldIndex);
    expect(report.candidates.rows).toBe(1000);
  }, 180_000);
});

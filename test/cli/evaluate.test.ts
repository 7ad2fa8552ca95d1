import { cpSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { selectBackend } from '../../src/engine/tfjs-backend.js';
import type { ModelEvaluation } from '../../src/evaluation/evaluate-model.js';
import { makeWorld, untrainedBundle, worldConfig } from '../evaluation/evaluate-fixture.js';
import { runCliInProcess } from '../helpers/cli-in-process.js';
import { spawnCli } from '../helpers/process.js';

let dir: string;
let model: string;
let data: string;

beforeAll(async () => {
  await selectBackend('wasm');
  dir = mkdtempSync(join(tmpdir(), 'multirank-cli-evaluate-'));
  await makeWorld(dir, 200);
  model = join(dir, 'model');
  data = join(dir, 'interactions.jsonl');
  // An untrained bundle is enough to exercise the command: the metrics are tested with a trained one.
  await untrainedBundle(model, worldConfig(dir), false);
}, 180_000);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Runs `multirank evaluate ...args` in-process; commander errors are returned instead of exiting. */
const run = (args: string[]) => runCliInProcess(['evaluate', '--no-progress', ...args]);

describe('multirank evaluate (in process)', () => {
  it.each([
    [
      ['--weights', 'click=1,likes=2'],
      /error: --weights: unknown head "likes" \(this model's heads: click, watch, like\)/,
    ],
    [['--weights', 'click=x'], /error: --weights: weight of "click" must be a number, got "x"/],
    [['--ground-truth', 'nope.jsonl'], /error: nope\.jsonl: cannot read: ENOENT/],
    [['--baseline-log', 'nope.jsonl'], /error: nope\.jsonl: cannot read: ENOENT/],
    [['--batch-size', '0'], /--batch-size must be a whole number >= 1/],
  ])('rejects %j with a clear message', async (flags, message) => {
    const { error, stderr } = await run(['--model', model, '--data', data, ...flags]);
    expect(error?.exitCode).toBe(1);
    expect(stderr).toMatch(message);
    expect(stderr).not.toMatch(/\n\s+at /);
  });

  it('names a missing data file and a bundle that does not load', async () => {
    const missing = await run(['--model', model, '--data', join(dir, 'absent.jsonl')]);
    expect(missing.stderr).toMatch(/error: .*absent\.jsonl: cannot read: ENOENT/);
    const broken = join(dir, 'broken');
    cpSync(model, broken, { recursive: true });
    rmSync(join(broken, 'manifest.json'));
    const failed = await run(['--model', broken, '--data', data]);
    expect(failed.error?.exitCode).toBe(1);
    expect(failed.stderr).toMatch(/error: model bundle .*broken: cannot read manifest\.json/);
  });

  it('skips the ground truth with --no-ground-truth', async () => {
    const { error, stdout } = await run(['--model', model, '--data', data, '--no-ground-truth']);
    expect(error).toBeUndefined();
    expect(stdout).toMatch(/NDCG@10 of 1·click over 200 requests/);
    expect(stdout).not.toMatch(/truth/);
  });
});

describe('multirank evaluate (binary)', () => {
  it('prints the tables and writes the JSON report and the SVG', async () => {
    const out = join(dir, 'report.json');
    const plot = join(dir, 'report.svg');
    const cli = spawnCli(
      [
        'evaluate',
        '--model',
        model,
        '--data',
        data,
        '--weights',
        'click=1,like=0.5',
        '--out',
        out,
        '--plot',
        plot,
      ],
      { MULTIRANK_TF_BACKEND: 'wasm' },
    );
    expect(await cli.exited).toBe(0);
    const output = cli.output();
    expect(output).toMatch(/evaluate: 2,000 rows in/);
    expect(output).toMatch(/click\s+binary\s+2,000\s+AUC/);
    expect(output).toMatch(/watch\s+regression\s+2,000\s+RMSE \(log1p\)/);
    expect(output).toMatch(/NDCG@10 of 1·click \+ 0\.5·like over 200 requests \(request_id\)/);
    expect(output).toMatch(/p_click \(truth\)/);
    expect(output).toMatch(/Spearman vs truth\s+within requests/);
    expect(output).toMatch(/gate utilisation/);
    const report = JSON.parse(readFileSync(out, 'utf8')) as ModelEvaluation;
    expect(report.format).toBe('multirank.evaluation/1');
    expect(report.data.groundTruth).toBe(join(dir, 'ground_truth.jsonl'));
    expect(report.heads.map((h) => h.name)).toEqual(['click', 'watch', 'like']);
    const svg = readFileSync(plot, 'utf8');
    expect(svg.startsWith('<svg')).toBe(true);
    expect(svg.match(/<polyline /g)).toHaveLength(2);
  });
});

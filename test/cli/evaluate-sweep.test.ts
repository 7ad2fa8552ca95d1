/**
 * `multirank evaluate --profile / --sweep` in process on a tiny simulated world: the profile JSON,
 * the sweep's table, JSON and SVG, and the flag errors raised before anything is scored.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { selectBackend } from '../../src/engine/tfjs-backend.js';
import type { ModelEvaluation } from '../../src/evaluation/evaluate-model.js';
import type { SweepReport } from '../../src/evaluation/sweep-report.js';
import { makeWorld, untrainedBundle, worldConfig } from '../evaluation/evaluate-fixture.js';
import { runCliInProcess } from '../helpers/cli-in-process.js';

let dir: string;
let model: string;
let data: string;

beforeAll(async () => {
  await selectBackend('wasm');
  dir = mkdtempSync(join(tmpdir(), 'multirank-cli-sweep-'));
  await makeWorld(dir, 200);
  model = join(dir, 'model');
  data = join(dir, 'interactions.jsonl');
  // Freshly initialised weights: the heads disagree from item to item, so profiles re-order slates.
  await untrainedBundle(model, worldConfig(dir), false);
}, 180_000);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Runs `multirank evaluate ...args` in-process; commander errors are returned instead of exiting. */
const run = (args: string[]) => runCliInProcess(['evaluate', '--no-progress', ...args]);

const profileFile = (name: string, profile: unknown): string => {
  const path = join(dir, name);
  writeFileSync(path, typeof profile === 'string' ? profile : JSON.stringify(profile));
  return path;
};

describe('multirank evaluate --profile', () => {
  it('ranks by a product profile from a JSON file and reports it', async () => {
    const file = profileFile('product.json', {
      form: 'product',
      weights: { click: 1, like: 0.5, watch: 0.2 },
      transforms: { watch: { clamp: [1, 600] } },
    });
    const out = join(dir, 'product-report.json');
    const { error, stdout } = await run(['--model', model, '--data', data, '--profile', file, '--out', out]);
    expect(error).toBeUndefined();
    expect(stdout).toMatch(
      /NDCG@10 of click\^1 · like\^0\.5 · clamp\(watch, 1, 600\)\^0\.2 over 200 requests/,
    );
    const report = JSON.parse(readFileSync(out, 'utf8')) as ModelEvaluation;
    expect(report.profile.form).toBe('product');
    expect(report.ranking?.profile).toEqual(report.profile);
  });

  it.each([
    [
      'clik.json',
      { form: 'sum', weights: { clik: 1 } },
      /error: .*clik\.json: profile\.weights\.clik: unknown head "clik" \(this model's heads: click, watch, like\)/,
    ],
    [
      'watch.json',
      { form: 'product', weights: { watch: 1 } },
      /error: .*watch\.json: profile\.transforms\.watch: the product form needs factors that cannot be negative/,
    ],
    ['cut.json', '{"form": "sum",', /error: .*cut\.json: not a JSON profile: /],
  ])('rejects %s naming the file and the field', async (name, profile, message) => {
    const { error, stderr } = await run([
      '--model',
      model,
      '--data',
      data,
      '--profile',
      profileFile(name, profile),
    ]);
    expect(error?.exitCode).toBe(1);
    expect(stderr).toMatch(message);
  });

  it('refuses --weights together with --profile, and --sweep without --model', async () => {
    const both = await run(['--model', model, '--data', data, '--weights', 'click=1', '--profile', 'p.json']);
    expect(both.stderr).toMatch(/error: give --weights or --profile, not both/);
    const alone = await run(['--candidates', dir, '--data', data, '--sweep', 'like=0,1']);
    expect(alone.stderr).toMatch(/error: --sweep cannot be combined with --candidates/);
    const noModel = await run(['--data', data, '--sweep', 'like=0,1']);
    expect(noModel.stderr).toMatch(/error: give --model DIR, --candidates DIR or both/);
  });
});

describe('multirank evaluate --sweep', () => {
  it('prints the trade-off table and writes the JSON and the SVG with the expected profiles', async () => {
    const out = join(dir, 'sweep.json');
    const plot = join(dir, 'sweep.svg');
    const { error, stdout } = await run([
      '--model',
      model,
      '--data',
      data,
      '--sweep',
      'like=0,1,4;watch=0,0.5',
      '--out',
      out,
      '--plot',
      plot,
    ]);
    expect(error).toBeUndefined();
    expect(stdout).toMatch(
      /sweep of 6 sum profiles: like=0,1,4; watch=0,0.5 over 1·click\nmodel untrained on 200 requests \(request_id\)/,
    );
    expect(stdout).toMatch(/top 3 by the profile's score, of the ground truth/);
    expect(stdout).toMatch(
      /\* on the Pareto front of p_click \(higher is better\) against p_like \(higher is better\)/,
    );
    expect(stdout).toMatch(/profile\s+p_click\s+expected_watch_seconds\s+p_like/);
    for (const name of ['like=0 watch=0', 'like=4 watch=0.5', 'logged order', 'random order']) {
      expect(stdout).toContain(name);
    }
    const report = JSON.parse(readFileSync(out, 'utf8')) as SweepReport;
    expect(report.format).toBe('multirank.sweep/1');
    expect(report.k).toBe(3);
    expect(report.base).toEqual({ form: 'sum', weights: { click: 1 } });
    expect(report.profiles.map((p) => p.name)).toEqual([
      'like=0 watch=0',
      'like=0 watch=0.5',
      'like=1 watch=0',
      'like=1 watch=0.5',
      'like=4 watch=0',
      'like=4 watch=0.5',
    ]);
    expect(report.profiles[3]!.profile).toEqual({ form: 'sum', weights: { click: 1, like: 1, watch: 0.5 } });
    const front = report.profiles.filter((p) => p.pareto);
    expect(front.length).toBeGreaterThan(0);
    // Rows marked on the front are exactly the JSON's Pareto points.
    const marked = stdout.split('\n').filter((line) => line.startsWith('* like='));
    expect(marked).toHaveLength(front.length);
    for (const p of report.profiles) {
      for (const head of ['click', 'watch', 'like']) expect(p.values[head]).toBeTypeOf('number');
    }
    // The random order is the mean of the slates whatever the profile: p_click between the extremes.
    const pClicks = report.profiles.map((p) => p.values.click!);
    expect(Math.max(...pClicks)).toBeGreaterThanOrEqual(report.references[1]!.values.click!);
    const svg = readFileSync(plot, 'utf8');
    expect(svg.startsWith('<svg')).toBe(true);
    expect(svg.match(/<circle /g)).toHaveLength(6);
    expect(svg.match(/fill="#d62728"><title>/g)).toHaveLength(front.length);
    expect(svg).toContain('logged order');
  });

  it('sweeps the product form with the profile file’s transforms', async () => {
    const file = profileFile('base.json', {
      form: 'sum',
      weights: { click: 1 },
      transforms: { watch: { clamp: [1, 600] } },
    });
    const out = join(dir, 'product-sweep.json');
    const { error, stdout } = await run([
      '--model',
      model,
      '--data',
      data,
      '--profile',
      file,
      '--sweep',
      'watch=0,1',
      '--sweep-form',
      'product',
      '--sweep-k',
      '2',
      '--sweep-axes',
      'watch,-like',
      '--out',
      out,
    ]);
    expect(error).toBeUndefined();
    expect(stdout).toMatch(/sweep of 2 product profiles/);
    expect(stdout).toMatch(/expected_watch_seconds \(higher is better\) against p_like \(lower is better\)/);
    const report = JSON.parse(readFileSync(out, 'utf8')) as SweepReport;
    expect(report.k).toBe(2);
    expect(report.profiles[1]!.profile).toEqual({
      form: 'product',
      weights: { click: 1, watch: 1 },
      transforms: { watch: { clamp: [1, 600] } },
    });
  });

  it.each([
    [
      ['--sweep', 'likes=1'],
      /error: --sweep: unknown head "likes" \(this model's heads: click, watch, like\)/,
    ],
    [['--sweep', 'like=0,x'], /error: --sweep: weight of "like" must be a number, got "x"/],
    [
      ['--sweep', 'watch=1', '--sweep-form', 'product'],
      /error: --sweep: watch=1: profile\.transforms\.watch: the product form needs/,
    ],
    [
      ['--sweep', 'like=1', '--sweep-form', 'mean'],
      /error: --sweep-form: expected sum \| product, got "mean"/,
    ],
    [['--sweep', 'like=1', '--sweep-axes', 'click,-dismiss'], /error: --sweep-axes: unknown head "dismiss"/],
    [['--sweep', 'like=1', '--sweep-k', '0'], /--sweep-k must be a whole number >= 1/],
    [['--weights', 'click=0', '--sweep', 'like=0'], /error: --weights: at least one weight must be non-zero/],
  ])('rejects %j before scoring', async (flags, message) => {
    const { error, stderr } = await run(['--model', model, '--data', data, ...flags]);
    expect(error?.exitCode).toBe(1);
    expect(stderr).toMatch(message);
    expect(stderr).not.toMatch(/\n\s+at /);
  });
});

/**
 * Ranker quality on a simulated world: simulate (by code, for the world's parameters), hold out
 * the latest 10% of impressions, then train and evaluate variants of the example config through
 * the CLI as a user runs them:
 *   - mmoe            the config as shipped (MMoE, shallow position tower);
 *   - shared-bottom   one shared MLP whose width is chosen to match MMoE's parameter count;
 *   - mmoe-no-tower   MMoE without the position tower;
 *   - mmoe-tower-mlp  MMoE whose tower has a hidden layer (biasUnits [16]), so position can
 *                     decay at a rate per device (not in the default list).
 * Each is compared with the popularity baseline on held-out labels (AUC / RMSE) and with the
 * simulator's unbiased truth (Spearman within each request and pooled, NDCG@10); the click
 * tower's learnt position curve is printed against the simulator's, and training throughput.
 *
 * The world departs from the defaults in two documented parameters (docs/simulator.md):
 * policy.logDuration = 1 (the logging policy pushes long videos up, which clicks do not reward,
 * so position is confounded with a feature the truth ignores) and rating.share = 0.5 (enough
 * held-out ratings to measure RMSE). POLICY_DURATION=0 RATING_SHARE=0.1 gives the default world.
 *
 *   npx tsx bench/ranker-quality.ts
 *   (env: USERS, ITEMS, REQUESTS, SEED, EPOCHS (6), PATIENCE (3), TRAIN_SEED, VARIANTS, CONFIG, POLICY_DURATION, RATING_SHARE,
 *    SB_WIDTH, RESULTS=path of the JSON output, KEEP=1 keeps the temp folder)
 * Prints tables and writes bench/results/ranker-quality.json.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { selectBackend } from '../src/engine/tfjs-backend.js';
import type { ModelEvaluation } from '../src/evaluation/evaluate-model.js';
import { meanGroupSpearman } from '../src/evaluation/metrics.js';
import { parseConfigText } from '../src/features/parse-config.js';
import { loadBundle } from '../src/model/bundle.js';
import type { BiasTowerCurve } from '../src/model/fold-bias.js';
import { architectureOf, headsOf } from '../src/model/from-config.js';
import { buildRankerGraphs } from '../src/model/graph.js';
import { modelInputs } from '../src/model/inputs.js';
import { DEFAULT_PARAMS } from '../src/sim/params.js';
import { simulate } from '../src/sim/simulate.js';
import { positionCurves, positionCurveTable } from './lib/position-curve.js';
import { splitWorld } from './lib/split-world.js';

const WORLD = {
  users: Number(process.env.USERS ?? 20_000),
  items: Number(process.env.ITEMS ?? 1_000),
  requests: Number(process.env.REQUESTS ?? 40_000),
  seed: Number(process.env.SEED ?? 9),
  /** policy.logDuration: the logging policy pushes long videos up, which clicks do not reward. */
  policyLogDuration: Number(process.env.POLICY_DURATION ?? 1),
  /** rating.share: the share of clicks that leave a rating. */
  ratingShare: Number(process.env.RATING_SHARE ?? 0.5),
};
const KEEP = process.env.KEEP === '1';
/** The shared bottom's first-layer width, to run it without mmoe (272 matches the shipped config). */
const SB_WIDTH = process.env.SB_WIDTH ? Number(process.env.SB_WIDTH) : null;
/**
 * Longer than the shipped config (4 epochs, patience 1): every variant gets to train until its
 * validation loss has not improved for 3 epochs, so each is compared at its own best epoch.
 */
const EPOCHS = Number(process.env.EPOCHS ?? 6);
const PATIENCE = Number(process.env.PATIENCE ?? 3);
/** training.seed of every variant (input and gate dropout, initial weights, shuffle). */
const TRAIN_SEED = process.env.TRAIN_SEED ? Number(process.env.TRAIN_SEED) : null;
const VARIANTS = (process.env.VARIANTS ?? 'mmoe,shared-bottom,mmoe-no-tower').split(',');
const CONFIG = process.env.CONFIG ?? fileURLToPath(new URL('../examples/simulator.yaml', import.meta.url));
/** Where the run's figures go (RESULTS=path to write elsewhere, e.g. for parallel runs). */
const RESULTS =
  process.env.RESULTS ?? fileURLToPath(new URL('./results/ranker-quality.json', import.meta.url));
const CLI = fileURLToPath(new URL('../bin/multirank.mjs', import.meta.url));

function cli(args: string[]): void {
  const result = spawnSync(process.execPath, [CLI, ...args, '--no-progress'], {
    stdio: ['ignore', 'inherit', 'inherit'],
  });
  if (result.status !== 0) throw new Error(`multirank ${args.join(' ')} failed (${result.status})`);
}

/** The example config pointed at the split world, with a variant's changes applied to its text. */
function variantConfig(
  base: string,
  world: ReturnType<typeof splitPaths>,
  variant: string,
  bottom: number | null,
): string {
  let text = base
    .replace(/log: \S+/, `log: ${world.train}`)
    .replace(/items: \S+/, `items: ${world.items}`)
    .replace(/users: \S+/, `users: ${world.users}`);
  text = text
    .replace(/epochs: \d+/, `epochs: ${EPOCHS}`)
    .replace(/earlyStoppingPatience: \d+/, `earlyStoppingPatience: ${PATIENCE}`);
  if (TRAIN_SEED !== null) text = text.replace(/seed: \d+/, `seed: ${TRAIN_SEED}`);
  if (variant === 'shared-bottom') {
    text = text
      .replace(/experts: \d+/, 'architecture: shared-bottom')
      .replace(/expertUnits: \[(\d+)/, `expertUnits: [${bottom}`);
  }
  if (variant === 'mmoe-no-tower') text = text.replaceAll(', biasTower: true', '');
  if (variant === 'mmoe-tower-mlp') text = text.replace(/biasUnits: \[\]/, 'biasUnits: [16]');
  return text;
}
const splitPaths = (dir: string) => ({
  train: join(dir, 'train.jsonl'),
  items: join(dir, 'items.jsonl'),
  users: join(dir, 'users.jsonl'),
});

/** Serving-graph parameters of a shared-bottom variant with the given first layer width. */
function sharedBottomParams(
  configText: string,
  fitted: Parameters<typeof modelInputs>[0],
  width: number,
): number {
  const config = parseConfigText(configText, { baseDir: '/' });
  const arch = architectureOf(config, fitted);
  const graphs = buildRankerGraphs(modelInputs(fitted), headsOf(fitted.tasks), {
    ...arch,
    expertUnits: [width, ...arch.expertUnits.slice(1)],
  });
  const params = graphs.serving.countParams();
  graphs.serving.dispose();
  return params;
}

interface Row {
  variant: string;
  biasTower: BiasTowerCurve | null;
  params: number;
  examplesPerSecond: number;
  bestEpoch: number;
  trainSeconds: number;
  evaluation: ModelEvaluation;
}

async function main(): Promise<void> {
  await selectBackend('cpu');
  const dir = mkdtempSync(join(tmpdir(), 'multirank-ranker-quality-'));
  try {
    console.log(
      `world: ${WORLD.users} users, ${WORLD.items} items, ${WORLD.requests} requests, seed ${WORLD.seed}, policy.logDuration ${WORLD.policyLogDuration}, rating.share ${WORLD.ratingShare}; training: ${EPOCHS} epochs, patience ${PATIENCE}, seed ${TRAIN_SEED ?? 'as configured'}`,
    );
    const params = {
      ...DEFAULT_PARAMS,
      policy: { ...DEFAULT_PARAMS.policy, logDuration: WORLD.policyLogDuration },
      rating: { ...DEFAULT_PARAMS.rating, share: WORLD.ratingShare },
    };
    const { users, items, requests, seed } = WORLD;
    await simulate({ outDir: dir, users, items, requests, seed, format: 'jsonl', params });
    const world = await splitWorld(dir, 0.1);
    const base = readFileSync(CONFIG, 'utf8');
    const rows: Row[] = [];
    let mmoeParams: number | null = null;
    for (const variant of VARIANTS) {
      let bottom: number | null = null;
      if (variant === 'shared-bottom') {
        if (SB_WIDTH) bottom = SB_WIDTH;
        else {
          if (mmoeParams === null)
            throw new Error('shared-bottom is matched to mmoe: list mmoe first, or set SB_WIDTH');
          const bundle = await loadBundle(join(dir, 'model-mmoe'));
          const probe = variantConfig(base, splitPaths(dir), variant, 1);
          // Smallest first-layer width whose parameter count reaches MMoE's.
          bottom = 1;
          while (sharedBottomParams(probe, bundle.fitted, bottom) < mmoeParams) bottom++;
        }
      }
      const configPath = join(dir, `${variant}.yaml`);
      writeFileSync(configPath, variantConfig(base, splitPaths(dir), variant, bottom));
      const out = join(dir, `model-${variant}`);
      const started = performance.now();
      console.log(`\n## ${variant}${bottom ? ` (shared bottom width ${bottom})` : ''}`);
      cli(['train', '--config', configPath, '--out', out]);
      const trainSeconds = Math.round((performance.now() - started) / 1000);
      const report = join(dir, `${variant}.evaluation.json`);
      cli([
        'evaluate',
        '--model',
        out,
        '--data',
        world.heldout,
        '--ground-truth',
        world.heldoutTruth,
        '--baseline-log',
        world.train,
        '--out',
        report,
        '--weights',
        'click=1',
      ]);
      const bundle = await loadBundle(out);
      const params = bundle.model?.countParams() ?? 0;
      if (variant === 'mmoe') mmoeParams = params;
      const metrics = bundle.metrics as {
        bestEpoch: number;
        history: { examplesPerSecond: number }[];
        biasTower?: BiasTowerCurve | null;
      };
      const speeds = metrics.history.map((h) => h.examplesPerSecond);
      rows.push({
        variant,
        biasTower: metrics.biasTower ?? null,
        params,
        examplesPerSecond: Math.round(speeds.reduce((a, b) => a + b, 0) / speeds.length),
        bestEpoch: metrics.bestEpoch,
        trainSeconds,
        evaluation: JSON.parse(readFileSync(report, 'utf8')) as ModelEvaluation,
      });
    }
    const logged = loggedWithinRequest(readFileSync(world.heldoutTruth, 'utf8'));
    printTables(rows, logged);
    printPositionCurves(rows, params.positionEta);
    mkdirSync(dirname(RESULTS), { recursive: true });
    writeFileSync(
      RESULTS,
      `${JSON.stringify({ world: WORLD, config: CONFIG, training: { epochs: EPOCHS, patience: PATIENCE, seed: TRAIN_SEED }, loggedWithinRequest: logged, variants: rows }, null, 2)}\n`,
    );
  } finally {
    if (KEEP) console.log(`kept ${dir}`);
    else rmSync(dir, { recursive: true, force: true });
  }
}

const f4 = (x: number | undefined) => (x === undefined || Number.isNaN(x) ? '—' : x.toFixed(4));

/**
 * Spearman of the logged order (position 1 first) with each truth column within each request:
 * how well the logging policy itself ordered the held-out slates.
 */
function loggedWithinRequest(truthJsonl: string): Record<string, number> {
  const rows = truthJsonl
    .split('\n')
    .filter((line) => line !== '')
    .map((line) => JSON.parse(line) as Record<string, number | string>);
  const requests = rows.map((r) => String(r.request_id));
  const order = rows.map((r) => -Number(r.position));
  const result: Record<string, number> = {};
  for (const column of ['p_click', 'expected_watch_seconds', 'p_like', 'p_dismiss', 'expected_rating'])
    result[column] = meanGroupSpearman(
      requests,
      order,
      rows.map((r) => Number(r[column])),
    ).spearman;
  return result;
}

function printTables(rows: Row[], logged: Record<string, number>): void {
  const heads = rows[0]?.evaluation.heads ?? [];
  const metricOf = (kind: string) => (kind === 'binary' ? 'AUC' : 'RMSE');
  const header = ['model', ...heads.map((h) => `${h.name} ${metricOf(h.kind)}`)];
  const table: string[][] = [header];
  const value = (h: ModelEvaluation['heads'][number], q: 'model' | 'baseline') => {
    const quality = h[q];
    if (!quality) return undefined;
    return h.kind === 'binary' ? quality.auc : quality.rmse;
  };
  table.push(['popularity', ...heads.map((h) => f4(value(h, 'baseline')))]);
  for (const row of rows)
    table.push([row.variant, ...row.evaluation.heads.map((h) => f4(value(h, 'model')))]);
  const labelled = heads.map((h) => `${h.name} ${h.labelled}`).join(', ');
  console.log(
    `\nheld-out labels (latest 10% of impressions; AUC higher is better, RMSE lower; labelled rows: ${labelled}):`,
  );
  printAligned(table);

  // NDCG@10 within each request of the click score, with the true p_click as the gain.
  const ndcg = (row: Row, q: 'model' | 'popularity' | 'logged') =>
    row.evaluation.ranking?.gains.find((g) => g.source === 'truth' && g.gain === 'p_click')?.[q] ?? undefined;
  const columns = heads.map((h) => h.truth?.column ?? h.name);
  const within: string[][] = [['model', ...columns.map((c) => `ρ ${c}`), 'NDCG@10 p_click']];
  if (rows[0])
    within.push(['logged order', ...columns.map((c) => f4(logged[c])), f4(ndcg(rows[0], 'logged'))]);
  if (rows[0]) within.push(['popularity', ...heads.map(() => '—'), f4(ndcg(rows[0], 'popularity'))]);
  for (const row of rows)
    within.push([
      row.variant,
      ...row.evaluation.heads.map((h) => f4(h.truth?.withinRequest ?? undefined)),
      f4(ndcg(row, 'model')),
    ]);
  console.log(
    "\nagainst the simulator's unbiased truth within each request (mean Spearman over the held-out slates; NDCG@10 with p_click as gain):",
  );
  printAligned(within);

  const pooled: string[][] = [['model', ...columns.map((c) => `ρ ${c}`)]];
  for (const row of rows)
    pooled.push([row.variant, ...row.evaluation.heads.map((h) => f4(h.truth?.spearman))]);
  console.log(
    "\nagainst the simulator's unbiased truth over every held-out impression (Spearman, requests pooled):",
  );
  printAligned(pooled);

  const speed: string[][] = [['model', 'parameters', 'examples/s (wasm)', 'best epoch', 'train time']];
  for (const row of rows) {
    speed.push([
      row.variant,
      `${row.params}`,
      `${row.examplesPerSecond}`,
      `${row.bestEpoch}`,
      `${row.trainSeconds} s`,
    ]);
  }
  console.log('\ntraining:');
  printAligned(speed);
}

/** The click tower's learnt position effect per device against the simulator's −η ln p. */
function printPositionCurves(rows: Row[], eta: readonly number[]): void {
  for (const row of rows) {
    if (!row.biasTower) continue;
    const curves = positionCurves(row.biasTower, 'click', eta, 10);
    console.log(
      `\n${row.variant}: click bias-tower logit minus position 1, learnt / simulator ln propensity:`,
    );
    printAligned(positionCurveTable(curves));
  }
}

function printAligned(table: string[][]): void {
  const widths = table[0]!.map((_, c) => Math.max(...table.map((r) => (r[c] ?? '').length)));
  for (const r of table)
    console.log(
      r
        .map((cell, c) => cell.padEnd(widths[c]!))
        .join('  ')
        .trimEnd(),
    );
}

await main();

/**
 * Ranker quality on a simulated world, through the CLI as a user runs it: simulate, hold out the
 * latest 10% of impressions, then train and evaluate three variants of the example config:
 *   - mmoe            the config as shipped (MMoE, shallow position tower);
 *   - shared-bottom   one shared MLP whose width is chosen to match MMoE's parameter count;
 *   - mmoe-no-tower   MMoE without the position tower.
 * Each is compared with the popularity baseline on held-out labels (AUC / RMSE) and with the
 * simulator's unbiased truth (Spearman), and training throughput (examples/s) is reported.
 *
 *   npx tsx bench/ranker-quality.ts     (env: USERS, ITEMS, REQUESTS, SEED, EPOCHS, VARIANTS, CONFIG)
 * Prints tables and writes bench/results/ranker-quality.json.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseConfigText } from '../src/features/parse-config.js';
import { selectBackend } from '../src/model/backend.js';
import { loadBundle } from '../src/model/bundle.js';
import { architectureOf, headsOf } from '../src/model/from-config.js';
import { buildRankerGraphs } from '../src/model/graph.js';
import { modelInputs } from '../src/model/inputs.js';
import type { ModelEvaluation } from '../src/training/evaluate-model.js';
import { splitWorld } from './lib/split-world.js';

const WORLD = {
  users: Number(process.env.USERS ?? 20_000),
  items: Number(process.env.ITEMS ?? 1_000),
  requests: Number(process.env.REQUESTS ?? 40_000),
  seed: Number(process.env.SEED ?? 9),
};
const EPOCHS = process.env.EPOCHS ? Number(process.env.EPOCHS) : null;
const VARIANTS = (process.env.VARIANTS ?? 'mmoe,shared-bottom,mmoe-no-tower').split(',');
const CONFIG = process.env.CONFIG ?? fileURLToPath(new URL('../examples/simulator.yaml', import.meta.url));
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
  if (EPOCHS) text = text.replace(/epochs: \d+/, `epochs: ${EPOCHS}`);
  if (variant === 'shared-bottom') {
    text = text
      .replace(/experts: \d+/, 'architecture: shared-bottom')
      .replace(/expertUnits: \[(\d+)/, `expertUnits: [${bottom}`);
  }
  if (variant === 'mmoe-no-tower') text = text.replaceAll(', biasTower: true', '');
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
      `world: ${WORLD.users} users, ${WORLD.items} items, ${WORLD.requests} requests, seed ${WORLD.seed}`,
    );
    cli([
      'simulate',
      '--out',
      dir,
      '--format',
      'jsonl',
      '--users',
      `${WORLD.users}`,
      '--items',
      `${WORLD.items}`,
      '--requests',
      `${WORLD.requests}`,
      '--seed',
      `${WORLD.seed}`,
    ]);
    const world = await splitWorld(dir, 0.1);
    const base = readFileSync(CONFIG, 'utf8');
    const rows: Row[] = [];
    let mmoeParams: number | null = null;
    for (const variant of VARIANTS) {
      let bottom: number | null = null;
      if (variant === 'shared-bottom') {
        if (mmoeParams === null) throw new Error('shared-bottom is matched to mmoe: list mmoe first');
        const bundle = await loadBundle(join(dir, 'model-mmoe'));
        const probe = variantConfig(base, splitPaths(dir), variant, 1);
        // Smallest first-layer width whose parameter count reaches MMoE's.
        bottom = 1;
        while (sharedBottomParams(probe, bundle.fitted, bottom) < mmoeParams) bottom++;
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
      const params = bundle.model.countParams();
      if (variant === 'mmoe') mmoeParams = params;
      const metrics = bundle.metrics as { bestEpoch: number; history: { examplesPerSecond: number }[] };
      const speeds = metrics.history.map((h) => h.examplesPerSecond);
      rows.push({
        variant,
        params,
        examplesPerSecond: Math.round(speeds.reduce((a, b) => a + b, 0) / speeds.length),
        bestEpoch: metrics.bestEpoch,
        trainSeconds,
        evaluation: JSON.parse(readFileSync(report, 'utf8')) as ModelEvaluation,
      });
    }
    printTables(rows);
    mkdirSync(new URL('./results/', import.meta.url), { recursive: true });
    writeFileSync(
      new URL('./results/ranker-quality.json', import.meta.url),
      `${JSON.stringify({ world: WORLD, config: CONFIG, variants: rows }, null, 2)}\n`,
    );
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const f4 = (x: number | undefined) => (x === undefined || Number.isNaN(x) ? '—' : x.toFixed(4));

function printTables(rows: Row[]): void {
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
  console.log('\nheld-out labels (latest 10% of impressions; AUC higher is better, RMSE lower):');
  printAligned(table);

  // NDCG@10 within each request of the click score, with the true p_click as the gain.
  const ndcg = (row: Row, q: 'model' | 'popularity') =>
    row.evaluation.ranking?.gains.find((g) => g.source === 'truth' && g.gain === 'p_click')?.[q] ?? undefined;
  const truth: string[][] = [
    ['model', ...heads.map((h) => `ρ ${h.truth?.column ?? h.name}`), 'NDCG@10 p_click'],
  ];
  if (rows[0])
    truth.push(['popularity', ...heads.map(() => '—'), f4(ndcg(rows[0], 'popularity') ?? undefined)]);
  for (const row of rows) {
    truth.push([
      row.variant,
      ...row.evaluation.heads.map((h) => f4(h.truth?.spearman)),
      f4(ndcg(row, 'model')),
    ]);
  }
  console.log(
    "\nagainst the simulator's unbiased truth (Spearman over every held-out impression; NDCG within requests):",
  );
  printAligned(truth);

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

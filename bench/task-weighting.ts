/**
 * Task weighting against hand-set weights, on two worlds, 3 seeds each:
 *   - sim: the simulator's default world (DEFAULT_PARAMS) with examples/simulator.yaml's
 *     features and tasks (click, watch, like, dismiss, rating; like and dismiss are the sparse
 *     binary heads);
 *   - census: a census-like table written here (one row per person, 6 columns), with a dense
 *     (income, ~25%), a balanced (married, ~45%) and a sparse (self_employed_high, ~3%) binary task,
 *     drawn from a known logistic model so every head is learnable.
 * Variants: `equal` (fixed, every weight 1), a grid of hand-set weights on the sparse heads
 * (`hand-3`, `hand-10`, the others as equal), `uncertainty` and `gradnorm` with every weight 1.
 * Metric: held-out AUC per binary head and RMSE per regression head, mean ± spread (sd) over
 * seeds; then, per head, uncertainty against the best grid point for that head.
 *
 *   npx tsx bench/task-weighting.ts           (env: SEEDS=1,2,3 REQUESTS=6000 ROWS=30000 EPOCHS=6 HELD_OUT=0.3 HEAD_PATIENCE=0
 *                                             WORLDS=sim,census VARIANTS=… LOG=1 OUT=file.json FROM=file.json)
 * Prints tables and writes bench/results/task-weighting.json (OUT); FROM=<results file> prints an
 * earlier run's tables again without training.
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { selectBackend } from '../src/engine/tfjs-backend.js';
import { auc } from '../src/evaluation/metrics.js';
import { parseConfigText } from '../src/features/parse-config.js';
import { simulate } from '../src/sim/simulate.js';
import { train } from '../src/training/trainer.js';
import { Rng } from '../src/util/random.js';

const SEEDS = (process.env.SEEDS ?? '1,2,3').split(',').map(Number);
const REQUESTS = Number(process.env.REQUESTS ?? 6_000);
const ROWS = Number(process.env.ROWS ?? 30_000);
const EPOCHS = Number(process.env.EPOCHS ?? 6);
/**
 * Share of each world's rows held out (the latest, by time). A sparse head's AUC on a few dozen
 * positives is noise (±0.04 on 55): the held-out side is kept large enough to resolve it.
 */
const HELD_OUT = Number(process.env.HELD_OUT ?? 0.3);
const WORLDS = (process.env.WORLDS ?? 'sim,census').split(',');
const ONLY = process.env.VARIANTS?.split(',');
/** Where the results go (bench/results/…), or FROM: print the tables of an earlier run's file, training nothing. */
const OUT = process.env.OUT ?? 'task-weighting.json';
const FROM = process.env.FROM;
/** Task-wise early stopping (training.headPatience) in every variant; 0 = off. */
const HEAD_PATIENCE = Number(process.env.HEAD_PATIENCE ?? 0);
/** LOG=1 prints the trainer's lines (split, epochs, every head's validation curve). */
const LOG = process.env.LOG === '1';
const root = fileURLToPath(new URL('..', import.meta.url));

interface Variant {
  name: string;
  weighting: 'fixed' | 'uncertainty' | 'gradnorm';
  /** Weight of each sparse head (the others stay 1). */
  sparseWeight: number;
}
const VARIANTS: Variant[] = [
  { name: 'equal', weighting: 'fixed', sparseWeight: 1 },
  { name: 'hand-3', weighting: 'fixed', sparseWeight: 3 },
  { name: 'hand-10', weighting: 'fixed', sparseWeight: 10 },
  { name: 'uncertainty', weighting: 'uncertainty', sparseWeight: 1 },
  { name: 'gradnorm', weighting: 'gradnorm', sparseWeight: 1 },
];

/** A world: its config text for a variant and seed, and which heads are sparse. */
interface World {
  name: string;
  sparse: string[];
  config(variant: Variant, seed: number): string;
  /** Per head, the AUC of the true probabilities on the held-out rows, where the world knows them. */
  ceiling?: Record<string, number>;
}

function simWorld(dir: string): World {
  const example = readFileSync(join(root, 'examples/simulator.yaml'), 'utf8');
  const [head = '', rest = ''] = example.split(/^tasks:\n/m);
  const afterTasks = rest.slice(rest.search(/^\S/m));
  const sparse = ['like', 'dismiss'];
  return {
    name: 'sim',
    sparse,
    config: (variant, seed) => {
      const w = (task: string) => (sparse.includes(task) ? variant.sparseWeight : 1);
      const tasks = `tasks:
  - { name: click, kind: binary, biasTower: true, weight: 1 }
  - { name: watch, column: watch_seconds, kind: regression, transform: log1p, biasTower: true, weight: 1 }
  - { name: like, kind: binary, group: satisfaction, weight: ${w('like')} }
  - { name: dismiss, kind: binary, group: satisfaction, weight: ${w('dismiss')} }
  - { name: rating, kind: regression, group: satisfaction, missingLabel: mask, weight: 1 }
`;
      const training = `training: { epochs: ${EPOCHS}, batchSize: 512, learningRate: 0.002, seed: ${seed}, earlyStoppingPatience: 2, headPatience: ${HEAD_PATIENCE}, taskWeighting: ${variant.weighting} }\n`;
      return (head + tasks + afterTasks.replace(/^training:[\s\S]*$/m, '') + training)
        .replaceAll('../data/sim/', `${dir}/`)
        .replace(/validation: \{ lastFraction: [0-9.]+ \}/, `validation: { lastFraction: ${HELD_OUT} }`);
    },
  };
}

function censusWorld(dir: string): World {
  const rng = new Rng(5, 'census-like');
  const pick = <T>(list: readonly T[]) => list[rng.int(list.length)]!;
  const lines = [
    'age,hours_per_week,workclass,education,occupation,sex,income_over_50k,married,self_employed_high',
  ];
  const educations = ['HS', 'Some-college', 'Bachelors', 'Masters', 'Doctorate', '11th'];
  const occupations = ['Exec', 'Craft', 'Sales', 'Prof', 'Clerical', 'Service', 'Farming', 'Tech'];
  const sigmoid = (x: number) => 1 / (1 + Math.exp(-x));
  const truth: number[][] = [];
  for (let i = 0; i < ROWS; i++) {
    const age = 18 + rng.int(60);
    const hours = 10 + rng.int(60);
    const workclass = pick(['Private', 'Self-emp', 'Gov', 'Private', 'Private']);
    const education = rng.int(educations.length);
    const occupation = rng.int(occupations.length);
    const sex = pick(['F', 'M']);
    const income = sigmoid(-4.2 + 0.04 * age + 0.03 * hours + 0.5 * education + (occupation === 0 ? 1 : 0));
    const married = sigmoid(-2.5 + 0.06 * age + (sex === 'M' ? 0.4 : -0.2));
    const selfHigh = sigmoid(
      -6.5 +
        (workclass === 'Self-emp' ? 2.5 : 0) +
        0.03 * hours +
        (occupation === 6 ? 1.2 : 0) +
        0.2 * education,
    );
    const draw = (p: number) => (rng.uniform() < p ? 1 : 0);
    truth.push([income, married, selfHigh]);
    lines.push(
      [
        age,
        hours,
        workclass,
        educations[education],
        occupations[occupation],
        sex,
        draw(income),
        draw(married),
        draw(selfHigh),
      ].join(','),
    );
  }
  writeFileSync(join(dir, 'census.csv'), `${lines.join('\n')}\n`);
  // The held-out side is the last rows (no timestamp: file order); the best any model can do there.
  const heldOut = Math.round(ROWS * HELD_OUT);
  const labels = lines.slice(-heldOut).map((line) => line.split(',').slice(-3).map(Number));
  const ceilingOf = (k: number) =>
    auc(
      truth.slice(-heldOut).map((t) => t[k]!),
      labels.map((l) => l[k]!),
    );
  return {
    ceiling: { income: ceilingOf(0), married: ceilingOf(1), self_employed_high: ceilingOf(2) },
    name: 'census',
    sparse: ['self_employed_high'],
    config: (variant, seed) => `
data: { log: ${dir}/census.csv, validation: { lastFraction: ${HELD_OUT} } }
features:
  - { name: age, source: context, type: numeric, normalize: zscore }
  - { name: hours_per_week, source: context, type: numeric, normalize: zscore }
  - { name: workclass, source: context, type: categorical }
  - { name: education, source: context, type: categorical }
  - { name: occupation, source: context, type: categorical }
  - { name: sex, source: context, type: categorical, embeddingDim: 2 }
tasks:
  - { name: income, column: income_over_50k, kind: binary }
  - { name: married, kind: binary }
  - { name: self_employed_high, kind: binary, weight: ${variant.sparseWeight} }
model: { experts: 3, expertUnits: [16], towerUnits: [8] }
training: { epochs: ${EPOCHS}, batchSize: 256, learningRate: 0.005, seed: ${seed}, earlyStoppingPatience: 2, headPatience: ${HEAD_PATIENCE}, taskWeighting: ${variant.weighting} }
`,
  };
}

type Scores = Record<string, number>; // head → AUC (binary) or RMSE (regression)

async function runOne(world: World, variant: Variant, seed: number, dir: string): Promise<Scores> {
  const config = parseConfigText(world.config(variant, seed), { baseDir: dir });
  const out = join(dir, `model-${world.name}-${variant.name}-${seed}`);
  const log = LOG ? (line: string) => process.stderr.write(`  ${line}\n`) : undefined;
  const report = await train(config, { outDir: out, ...(log ? { log } : {}) });
  rmSync(out, { recursive: true, force: true });
  const scores: Scores = { epochs: report.history.length, bestEpoch: report.bestEpoch };
  for (const head of report.validation.heads) {
    const value = head.kind === 'binary' ? head.model.auc : head.model.rmse;
    if (typeof value === 'number') scores[head.name] = value;
  }
  return scores;
}

const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
const sd = (xs: number[]) =>
  Math.sqrt(mean(xs.map((x) => (x - mean(xs)) ** 2)) * (xs.length / Math.max(1, xs.length - 1)));

async function main(): Promise<void> {
  await selectBackend('wasm');
  const scratch = mkdtempSync(join(tmpdir(), 'multirank-task-weighting-'));
  const results: Record<string, Record<string, Scores[]>> = {};
  try {
    const worlds: World[] = [];
    if (WORLDS.includes('sim')) {
      // FROM needs only the worlds' shapes and the census ceiling, not the simulated log.
      if (!FROM)
        await simulate({
          outDir: scratch,
          users: 4_000,
          items: 800,
          requests: REQUESTS,
          seed: 9,
          format: 'jsonl',
        });
      worlds.push(simWorld(scratch));
    }
    if (WORLDS.includes('census')) worlds.push(censusWorld(scratch));
    if (FROM) {
      const saved = JSON.parse(readFileSync(FROM, 'utf8')) as { results: typeof results };
      for (const world of worlds)
        if (saved.results[world.name]) printWorld(world, saved.results[world.name]!);
      return;
    }
    for (const world of worlds) {
      results[world.name] = {};
      // Seeds outermost, variants inside: each comparison runs interleaved under the same load.
      for (const seed of SEEDS) {
        for (const variant of VARIANTS.filter((v) => !ONLY || ONLY.includes(v.name))) {
          const started = performance.now();
          const scores = await runOne(world, variant, seed, scratch);
          const runs = results[world.name]!;
          runs[variant.name] = [...(runs[variant.name] ?? []), scores];
          process.stderr.write(
            `${world.name} ${variant.name} seed ${seed}: ${JSON.stringify(scores)} (${((performance.now() - started) / 1000).toFixed(0)} s, load ${loadavg()[0]!.toFixed(2)})\n`,
          );
        }
      }
      printWorld(world, results[world.name]!);
    }
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
  if (FROM) return;
  const out = fileURLToPath(new URL(`results/${OUT}`, import.meta.url));
  mkdirSync(fileURLToPath(new URL('results', import.meta.url)), { recursive: true });
  const settings = {
    seeds: SEEDS,
    epochs: EPOCHS,
    requests: REQUESTS,
    rows: ROWS,
    heldOut: HELD_OUT,
    headPatience: HEAD_PATIENCE,
  };
  writeFileSync(out, `${JSON.stringify({ at: new Date().toISOString(), ...settings, results }, null, 2)}\n`);
}

function printWorld(world: World, byVariant: Record<string, Scores[]>): void {
  const heads = Object.keys(byVariant.equal?.[0] ?? {}).filter((h) => h !== 'epochs' && h !== 'bestEpoch');
  const isRmse = (head: string) => head === 'watch' || head === 'rating';
  console.log(
    `\n${world.name} (sparse: ${world.sparse.join(', ')}); AUC, or RMSE for watch and rating; mean ± sd over ${SEEDS.length} seeds\n`,
  );
  console.log(`| variant | ${heads.join(' | ')} |`);
  console.log(`|---|${heads.map(() => '---').join('|')}|`);
  for (const variant of VARIANTS) {
    const runs = byVariant[variant.name] ?? [];
    const cells = heads.map((h) => {
      const xs = runs.map((r) => r[h]!).filter(Number.isFinite);
      return `${mean(xs).toFixed(4)} ± ${sd(xs).toFixed(4)}`;
    });
    console.log(`| ${variant.name} | ${cells.join(' | ')} |`);
  }
  if (world.ceiling)
    console.log(`| true probabilities | ${heads.map((h) => world.ceiling![h]!.toFixed(4)).join(' | ')} |`);
  const grid = VARIANTS.filter((v) => v.weighting === 'fixed').map((v) => v.name);
  console.log('\nuncertainty against the best grid point of each head (equal, hand-3, hand-10):\n');
  for (const head of heads) {
    const better = (a: number, b: number) => (isRmse(head) ? a <= b : a >= b);
    const means = grid.map((name) => ({ name, value: mean((byVariant[name] ?? []).map((r) => r[head]!)) }));
    const best = means.reduce((a, b) => (better(a.value, b.value) ? a : b));
    const ours = mean((byVariant.uncertainty ?? []).map((r) => r[head]!));
    // Paired by seed: the seeds share the held-out rows, so the difference is steadier than either.
    const paired = (against: string) => {
      const d = (byVariant.uncertainty ?? []).map(
        (r, k) => r[head]! - (byVariant[against]?.[k]?.[head] ?? Number.NaN),
      );
      return `${mean(d) >= 0 ? '+' : ''}${mean(d).toFixed(4)} ± ${sd(d).toFixed(4)}`;
    };
    console.log(
      `- ${head}: uncertainty ${ours.toFixed(4)} vs best ${best.name} ${best.value.toFixed(4)} (${better(ours, best.value) ? 'at least as good' : 'worse'}); by seed, uncertainty − ${best.name} ${paired(best.name)}, uncertainty − equal ${paired('equal')}`,
    );
  }
}

await main();

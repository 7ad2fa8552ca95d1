/**
 * Reproduces the synthetic experiment of the MMoE paper (Ma et al. 2018, section 3): two
 * regression tasks with controlled correlation, MMoE against a shared-bottom model of about
 * the same parameter count. MMoE's advantage should grow as the correlation falls.
 *
 *   npm run bench -- mmoe-synthetic        (env: REPEATS, EPOCHS, TRAIN_ROWS)
 * Prints a table and writes bench/results/mmoe-synthetic.json.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import * as tf from '@tensorflow/tfjs';
import { selectBackend } from '../src/model/backend.js';
import { type ArchitectureSpec, buildRankerGraphs, type ModelHead } from '../src/model/graph.js';
import { pearson } from '../src/training/metrics.js';
import { predictHeads, trainStep } from '../src/training/step.js';
import { correlatedTasks } from './lib/correlated-tasks.js';

const REPEATS = Number(process.env.REPEATS ?? 3);
const EPOCHS = Number(process.env.EPOCHS ?? 15);
const TRAIN_ROWS = Number(process.env.TRAIN_ROWS ?? 8000);
const TEST_ROWS = 2000;
const BATCH = 128;
const heads: ModelHead[] = [
  { name: 'task1', kind: 'regression', biasTower: false },
  { name: 'task2', kind: 'regression', biasTower: false },
];
const lossHeads = heads.map(() => ({ kind: 'regression' as const, weight: 1 }));
const mmoeSpec = (seed: number): ArchitectureSpec => ({
  architecture: 'mmoe',
  experts: 8,
  expertUnits: [16],
  towerUnits: [8],
  gateDropout: 0,
  inputDropout: 0,
  sharedEmbeddings: [],
  interactions: [],
  wide: [],
  bias: null,
  seed,
});

function paramCount(spec: ArchitectureSpec, d: number): number {
  const graphs = buildRankerGraphs([{ name: 'x', kind: 'dense', width: d }], heads, spec);
  const count = graphs.serving.countParams();
  graphs.training.dispose();
  return count;
}

/** The shared-bottom width whose parameter count is closest to the MMoE's. */
function matchedSharedBottom(seed: number, d: number): ArchitectureSpec {
  const target = paramCount(mmoeSpec(seed), d);
  let best = { width: 1, gap: Number.POSITIVE_INFINITY };
  for (let width = 16; width <= 512; width += 2) {
    const gap = Math.abs(
      paramCount({ ...mmoeSpec(seed), architecture: 'shared-bottom', expertUnits: [width] }, d) - target,
    );
    if (gap < best.gap) best = { width, gap };
  }
  return { ...mmoeSpec(seed), architecture: 'shared-bottom', expertUnits: [best.width] };
}

/** Trains one model and returns its mean test MSE over the two tasks. */
function trainAndTest(spec: ArchitectureSpec, rho: number, seed: number): number {
  // One draw, then split: train and test must share the task weights and sinusoids.
  const all = correlatedTasks(TRAIN_ROWS + TEST_ROWS, rho, seed);
  const train = { ...all, n: TRAIN_ROWS };
  const test = {
    n: TEST_ROWS,
    d: all.d,
    x: all.x.subarray(TRAIN_ROWS * all.d),
    y1: all.y1.subarray(TRAIN_ROWS),
    y2: all.y2.subarray(TRAIN_ROWS),
  };
  const graphs = buildRankerGraphs([{ name: 'x', kind: 'dense', width: train.d }], heads, spec);
  const optimizer = tf.train.adam(0.003);
  for (let epoch = 0; epoch < EPOCHS; epoch++) {
    for (let start = 0; start < train.n; start += BATCH) {
      const end = Math.min(train.n, start + BATCH);
      const n = end - start;
      tf.tidy(() => {
        const inputs = [tf.tensor2d(train.x.subarray(start * train.d, end * train.d), [n, train.d])];
        const labels = [
          tf.tensor2d(train.y1.subarray(start, end), [n, 1]),
          tf.tensor2d(train.y2.subarray(start, end), [n, 1]),
        ];
        trainStep(graphs.training, optimizer, lossHeads, {
          inputs,
          labels,
          masks: [tf.ones([n, 1]), tf.ones([n, 1])],
        });
      });
    }
  }
  const [p1, p2] = tf.tidy(() => predictHeads(graphs.serving, [tf.tensor2d(test.x, [test.n, test.d])]));
  let mse = 0;
  for (let i = 0; i < test.n; i++) mse += ((p1![i]! - test.y1[i]!) ** 2 + (p2![i]! - test.y2[i]!) ** 2) / 2;
  graphs.training.dispose();
  optimizer.dispose();
  return mse / test.n;
}

const backend = await selectBackend((process.env.MULTIRANK_TF_BACKEND as 'auto') ?? 'auto');
const rows: {
  rho: number;
  labelCorrelation: number;
  sharedBottomMse: number;
  mmoeMse: number;
  advantage: number;
  /** Standard error of the advantage over the repeats (paired: same data for both models). */
  advantageSe: number;
}[] = [];
const started = Date.now();
for (const rho of [1, 0.9, 0.5, 0]) {
  let sharedBottom = 0;
  let mmoe = 0;
  const gaps: number[] = [];
  for (let r = 0; r < REPEATS; r++) {
    const sb = trainAndTest(matchedSharedBottom(r, 100), rho, 100 * r + 1);
    const mm = trainAndTest(mmoeSpec(r), rho, 100 * r + 1);
    sharedBottom += sb / REPEATS;
    mmoe += mm / REPEATS;
    gaps.push(sb - mm);
  }
  const meanGap = gaps.reduce((a, b) => a + b, 0) / gaps.length;
  const variance = gaps.reduce((a, g) => a + (g - meanGap) ** 2, 0) / Math.max(1, gaps.length - 1);
  const sample = correlatedTasks(5000, rho, 99);
  rows.push({
    rho,
    labelCorrelation: pearson(sample.y1, sample.y2),
    sharedBottomMse: sharedBottom,
    mmoeMse: mmoe,
    advantage: sharedBottom - mmoe,
    advantageSe: Math.sqrt(variance / gaps.length),
  });
}

console.log(
  `backend ${backend.backend}; ${REPEATS} repeats × ${EPOCHS} epochs on ${TRAIN_ROWS} rows; MMoE ${paramCount(mmoeSpec(0), 100)} params, shared-bottom ${paramCount(matchedSharedBottom(0, 100), 100)}`,
);
console.log(
  '| ρ (weight cosine) | label corr. | shared-bottom test MSE | MMoE test MSE | MMoE advantage ± s.e. |',
);
console.log('| --- | --- | --- | --- | --- |');
for (const row of rows) {
  console.log(
    `| ${row.rho.toFixed(1)} | ${row.labelCorrelation.toFixed(3)} | ${row.sharedBottomMse.toFixed(4)} | ${row.mmoeMse.toFixed(4)} | ${row.advantage.toFixed(4)} ± ${row.advantageSe.toFixed(4)} |`,
  );
}
console.log(`wall time ${((Date.now() - started) / 1000).toFixed(1)} s`);
mkdirSync(new URL('./results/', import.meta.url), { recursive: true });
writeFileSync(
  new URL('./results/mmoe-synthetic.json', import.meta.url),
  `${JSON.stringify({ backend: backend.backend, repeats: REPEATS, epochs: EPOCHS, trainRows: TRAIN_ROWS, rows }, null, 2)}\n`,
);

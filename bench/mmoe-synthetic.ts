/**
 * Reproduces the synthetic experiment of the MMoE paper (Ma et al. 2018, section 3): two
 * regression tasks with controlled correlation, MMoE against a shared-bottom model of about
 * the same parameter count. The paper finds MMoE's advantage growing as the correlation falls.
 *
 *   npm run bench -- mmoe-synthetic
 *   env: REPEATS, EPOCHS, TRAIN_ROWS, BATCH, LR (start of the cosine decay; it ends at LR/100)
 * Prints a table and writes bench/results/mmoe-synthetic.json.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { selectBackend } from '../src/engine/tfjs-backend.js';
import { pearson } from '../src/evaluation/metrics.js';
import { architectureWith } from '../src/model/from-config.js';
import { type ArchitectureSpec, buildRankerGraphs } from '../src/model/graph.js';
import { correlatedTasks } from './lib/correlated-tasks.js';
import { type FitOptions, fitTwoTasks, slice, TWO_TASKS } from './lib/fit-two-tasks.js';
import { meanAndError, type Paired, pairedRow } from './lib/paired-stats.js';

const REPEATS = Number(process.env.REPEATS ?? 2);
const TRAIN_ROWS = Number(process.env.TRAIN_ROWS ?? 40_000);
const TEST_ROWS = 10_000;
/** Training error is measured on this many training rows (a fixed subset: the full set is slow to score). */
const TRAIN_SCORED = 10_000;
const RHOS = [1, 0.9, 0.5, 0];
const D = 100;
const LR = Number(process.env.LR ?? 0.01);
const fit: Omit<FitOptions, 'seed'> = {
  epochs: Number(process.env.EPOCHS ?? 4),
  batch: Number(process.env.BATCH ?? 512),
  learningRate: LR,
  finalRate: LR / 100,
  traceEvery: 1,
};

/** The paper's MMoE: 8 single-layer experts of 16 ReLU units, single-layer towers of 8. */
const mmoeSpec = (seed: number): ArchitectureSpec =>
  architectureWith({ architecture: 'mmoe', experts: 8, expertUnits: [16], towerUnits: [8], seed });

function paramCount(spec: ArchitectureSpec): number {
  const graphs = buildRankerGraphs([{ name: 'x', kind: 'dense', width: D }], TWO_TASKS, spec);
  const count = graphs.serving.countParams();
  graphs.training.dispose();
  return count;
}

/**
 * The single-layer shared bottom whose parameter count (gates of the MMoE included, biases too)
 * is closest to the MMoE's. The paper leaves the gates out of its count (113 units); counting
 * them gives the shared bottom a few more units, which can only favour it.
 */
function matchedSharedBottom(seed: number): ArchitectureSpec {
  const target = paramCount(mmoeSpec(seed));
  let best = { width: 1, gap: Number.POSITIVE_INFINITY };
  for (let width = 16; width <= 512; width += 1) {
    const gap = Math.abs(
      paramCount({ ...mmoeSpec(seed), architecture: 'shared-bottom', expertUnits: [width] }) - target,
    );
    if (gap < best.gap) best = { width, gap };
  }
  return { ...mmoeSpec(seed), architecture: 'shared-bottom', expertUnits: [best.width] };
}

const backend = await selectBackend((process.env.MULTIRANK_TF_BACKEND as 'auto') ?? 'auto');
const sharedBottom = matchedSharedBottom(0);
const started = Date.now();
/** Per ρ: for each repeat, shared-bottom and MMoE results on the same data. */
const runs = RHOS.map(
  () => [] as { sb: ReturnType<typeof fitTwoTasks>; mm: ReturnType<typeof fitTwoTasks> }[],
);
for (let r = 0; r < REPEATS; r++) {
  // Repeat r uses one data seed for every ρ: x, u1, the sinusoids and task 1's labels are the
  // same across ρ, so the differences between rows come from task 2 alone.
  const seed = 100 * r + 1;
  RHOS.forEach((rho, k) => {
    const all = correlatedTasks(TRAIN_ROWS + TEST_ROWS, rho, seed, D);
    const train = slice(all, 0, TRAIN_ROWS);
    const test = slice(all, TRAIN_ROWS, TRAIN_ROWS + TEST_ROWS);
    const scored = slice(all, 0, Math.min(TRAIN_ROWS, TRAIN_SCORED));
    const options = { ...fit, seed: seed + 7 };
    const sb = fitTwoTasks({ ...sharedBottom, seed: r }, train, test, options, scored);
    const mm = fitTwoTasks(mmoeSpec(r), train, test, options, scored);
    runs[k]!.push({ sb, mm });
    console.error(
      `repeat ${r} ρ ${rho}: shared-bottom ${sb.trainMse.toFixed(4)}/${sb.testMse.toFixed(4)}, MMoE ${mm.trainMse.toFixed(4)}/${mm.testMse.toFixed(4)} (train/test MSE), ${((Date.now() - started) / 1000).toFixed(0)} s`,
    );
  });
}

const rows = RHOS.map((rho, k) => {
  const sample = correlatedTasks(5000, rho, 99, D);
  const pairs = runs[k]!;
  const firstEpoch = (run: ReturnType<typeof fitTwoTasks>): number => run.trace[0]![2];
  return {
    rho,
    labelCorrelation: pearson(sample.y1, sample.y2),
    train: pairedRow(pairs.map((p): Paired => [p.sb.trainMse, p.mm.trainMse])),
    test: pairedRow(pairs.map((p): Paired => [p.sb.testMse, p.mm.testMse])),
    testAfterEpoch1: pairedRow(pairs.map((p): Paired => [firstEpoch(p.sb), firstEpoch(p.mm)])),
    traces: pairs.map((p) => ({ sharedBottom: p.sb.trace, mmoe: p.mm.trace })),
  };
});
// The trend the paper predicts, paired by repeat: advantage at ρ = 0 minus advantage at ρ = 1.
const trend = meanAndError(
  runs[0]!.map((_, r) => {
    const gap = (k: number) => runs[k]![r]!.sb.testMse - runs[k]![r]!.mm.testMse;
    return gap(RHOS.length - 1) - gap(0);
  }),
);

const f = (x: number) => x.toFixed(4);
console.log(
  `backend ${backend.backend}; ${REPEATS} repeats × ${fit.epochs} epochs on ${TRAIN_ROWS} rows, batch ${fit.batch}, Adam ${LR} cosine-decayed to ${LR / 100}; MMoE ${paramCount(mmoeSpec(0))} params, shared-bottom (${sharedBottom.expertUnits[0]} units) ${paramCount(sharedBottom)}; noise floor 0.0100`,
);
console.log(
  '| ρ | label corr. | SB train MSE | MMoE train MSE | SB test MSE | MMoE test MSE | advantage, test ± s.e. | advantage, train ± s.e. | advantage after epoch 1, test ± s.e. |',
);
console.log('| --- | --- | --- | --- | --- | --- | --- | --- | --- |');
for (const row of rows) {
  console.log(
    `| ${row.rho.toFixed(1)} | ${row.labelCorrelation.toFixed(3)} | ${f(row.train.sharedBottom)} | ${f(row.train.mmoe)} | ${f(row.test.sharedBottom)} | ${f(row.test.mmoe)} | ${f(row.test.advantage)} ± ${f(row.test.se)} | ${f(row.train.advantage)} ± ${f(row.train.se)} | ${f(row.testAfterEpoch1.advantage)} ± ${f(row.testAfterEpoch1.se)} |`,
  );
}
console.log(
  `advantage at ρ 0 − advantage at ρ 1 (test, paired by repeat): ${f(trend.mean)} ± ${f(trend.se)} (the paper predicts > 0)`,
);
console.log(`wall time ${((Date.now() - started) / 1000).toFixed(1)} s`);
mkdirSync(new URL('./results/', import.meta.url), { recursive: true });
writeFileSync(
  new URL('./results/mmoe-synthetic.json', import.meta.url),
  `${JSON.stringify({ backend: backend.backend, repeats: REPEATS, trainRows: TRAIN_ROWS, testRows: TEST_ROWS, ...fit, sharedBottomUnits: sharedBottom.expertUnits[0], trend, rows }, null, 2)}\n`,
);

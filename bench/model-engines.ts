/**
 * The model call on each engine: TF.js (wasm, the engine before ONNX) against ONNX Runtime (one
 * intra-op thread) on the shipped models/default, at 100, 500, 1000 and 2000 rows. The two run
 * interleaved call by call on the same random batches (test/engine/helpers.ts), so load from
 * other processes hits both alike. CPU time is the process's (ONNX Runtime computes on its own
 * thread); wall time is the await. GFLOP/s from the network's multiply-adds per row.
 *
 * Then RANKINGS requests (default 2,000) of 500 candidates ranked on both: orders that differ, at
 * all and beyond swaps of near-ties (scores within 1e-6, below the heads' float32 resolution),
 * and the largest score gap.
 *
 *   npx tsx bench/model-engines.ts   (CALLS=200 WARMUP=20 ROWS=100,500,1000,2000 RANKINGS=2000 MODEL=models/default)
 * Prints a table and writes bench/results/model-engines.json.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { availableParallelism, loadavg } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type * as tf from '@tensorflow/tfjs';
import { createOnnxEngine } from '../src/engine/onnx-engine.js';
import { selectBackend } from '../src/engine/tfjs-backend.js';
import { createTfjsEngine } from '../src/engine/tfjs-engine.js';
import type { ModelEngine } from '../src/engine/types.js';
import { loadBundle } from '../src/model/bundle.js';
import { modelInputs } from '../src/model/inputs.js';
import { loadServedModel } from '../src/ranking/served-model.js';
import { Rng } from '../src/util/random.js';
import { randomBatch } from '../test/engine/helpers.js';

const root = fileURLToPath(new URL('..', import.meta.url));
const CALLS = Number(process.env.CALLS ?? 200);
const WARMUP = Number(process.env.WARMUP ?? 20);
const ROWS = (process.env.ROWS ?? '100,500,1000,2000').split(',').map(Number);

/** Multiply-adds × 2 per row of the dense and dot layers (embedding lookups and adds are left out). */
function flopsPerRow(model: tf.LayersModel): number {
  let flops = 0;
  for (const layer of model.layers) {
    const name = layer.getClassName();
    if (name === 'Dense') flops += 2 * (layer.getWeights()[0]?.size ?? 0);
    if (name === 'Dot') {
      const shapes = (Array.isArray(layer.input) ? layer.input : [layer.input]).map((t) => t.shape);
      // batchDot of [n, a, b] with [n, a] (pooling, expert mixture) or [n, d] with [n, d]: one product per element of the larger.
      const elements = Math.max(...shapes.map((s) => s.slice(1).reduce<number>((p, d) => p * (d ?? 1), 1)));
      flops += 2 * elements;
    }
  }
  return flops;
}

const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? Number.NaN;
};
const round = (x: number, digits = 2) => Math.round(x * 10 ** digits) / 10 ** digits;

/** One timed call: process CPU ms and wall ms. */
async function timed(engine: ModelEngine, batch: Parameters<ModelEngine['run']>[0]) {
  const cpu = process.cpuUsage();
  const wall = performance.now();
  await engine.run(batch);
  const used = process.cpuUsage(cpu);
  return { cpu: (used.user + used.system) / 1000, wall: performance.now() - wall };
}

const backend = await selectBackend('wasm');
const bundle = await loadBundle(process.env.MODEL ?? join(root, 'models/default'));
if (!bundle.onnx)
  throw new Error('models/default has no model.onnx: run `npx multirank export --model models/default`');
const model = bundle.model;
if (!model) throw new Error('the bundle has no TF.js model to compare with');
const engines = [createTfjsEngine(model), await createOnnxEngine(bundle.onnx, { intraOpThreads: 1 })];
const flops = flopsPerRow(model);
const loadBefore = loadavg()[0] ?? 0;
const rng = new Rng(5, 'model-engines-bench');

const bySize = [];
for (const rows of ROWS) {
  const batches = Array.from({ length: 8 }, (_, k) =>
    randomBatch(modelInputs(bundle.fitted), rows, rows + k),
  );
  const ms = engines.map(() => ({ cpu: [] as number[], wall: [] as number[] }));
  for (let i = 0; i < WARMUP + CALLS; i++) {
    const batch = batches[i % batches.length]!;
    // Alternate which engine goes first, so neither always runs on a warmer cache.
    const order = i % 2 === 0 ? [0, 1] : [1, 0];
    for (const e of order) {
      const t = await timed(engines[e]!, batch);
      if (i >= WARMUP) {
        ms[e]!.cpu.push(t.cpu);
        ms[e]!.wall.push(t.wall);
      }
    }
  }
  const [tfjs, onnx] = ms.map((m) => ({ cpuMs: round(median(m.cpu)), wallMs: round(median(m.wall)) }));
  const gflops = (cpuMs: number) => round((flops * rows) / (cpuMs * 1e6), 1);
  bySize.push({
    rows,
    tfjs: { ...tfjs!, gflopsPerSecond: gflops(tfjs!.cpuMs) },
    onnx: { ...onnx!, gflopsPerSecond: gflops(onnx!.cpuMs) },
    cpuRatio: round(tfjs!.cpuMs / onnx!.cpuMs, 1),
  });
}
for (const engine of engines) await engine.dispose();

/**
 * The rankings themselves: RANKINGS requests of 500 candidates from the bundle's candidate index,
 * ranked through the whole ranker on each engine; how many orders differ, and the largest score gap.
 */
async function compareRankings(count: number) {
  const [onnx, tfjs] = [
    await loadServedModel(bundle.dir, { engine: 'onnx', onnxThreads: 1 }),
    await loadServedModel(bundle.dir, { engine: 'tfjs', onnxThreads: 1 }),
  ];
  const ids = onnx.candidates?.itemIds ?? [];
  const profile = { form: 'sum' as const, weights: { click: 1, watch: 0.1, like: 0.5, dismiss: -1 } };
  let differentOrders = 0;
  let differentBeyondTies = 0;
  let maxScoreGap = 0;
  for (let i = 0; i < count; i++) {
    const request = {
      userId: `u${rng.int(5000)}`,
      context: { device: ['mobile', 'tv', 'desktop'][rng.int(3)], recent_items: [ids[rng.int(ids.length)]!] },
      candidates: Array.from(rng.permutation(ids.length).slice(0, 500), (r) => ({ itemId: ids[r]! })),
    };
    const a = await onnx.ranker.rank(request, profile, { limit: 500 });
    const b = await tfjs.ranker.rank(request, profile, { limit: 500 });
    if (a.items.some((item, k) => item.itemId !== b.items[k]?.itemId)) differentOrders++;
    if (!sameUpToTies(a.items, b.items)) differentBeyondTies++;
    a.items.forEach((item, k) => {
      maxScoreGap = Math.max(maxScoreGap, Math.abs(item.score - (b.items[k]?.score ?? Number.NaN)));
    });
  }
  onnx.dispose();
  tfjs.dispose();
  return { requests: count, candidates: 500, differentOrders, differentBeyondTies, maxScoreGap };
}

/** Scores closer than this are float32 noise in the heads (about 1e-7 at these values): a tie. */
const TIE = 1e-6;

/** Whether `a` orders the items as `b` does, up to swaps inside runs of `b` closer than TIE. */
function sameUpToTies(a: { itemId: string }[], b: { itemId: string; score: number }[]): boolean {
  const group = new Map<string, number>();
  let run = 0;
  b.forEach((item, k) => {
    if (k > 0 && b[k - 1]!.score - item.score >= TIE) run++;
    group.set(item.itemId, run);
  });
  return a.every((item, k) => group.get(item.itemId) === group.get(b[k]!.itemId));
}
const rankings = await compareRankings(Number(process.env.RANKINGS ?? 2000));

const result = {
  model: bundle.manifest.name,
  flopsPerRow: flops,
  tfjsBackend: backend.backend,
  onnxThreads: 1,
  calls: CALLS,
  warmup: WARMUP,
  loadAverage: { before: round(loadBefore), after: round(loadavg()[0] ?? 0), cores: availableParallelism() },
  bySize,
  rankings,
  node: process.version,
};
console.log(`models/default, ${flops} FLOPs per row; medians of ${CALLS} interleaved calls per size`);
console.log(
  '| rows | TF.js CPU ms | TF.js wall ms | ONNX CPU ms | ONNX wall ms | CPU ratio | TF.js GFLOP/s | ONNX GFLOP/s |',
);
console.log('| --- | --- | --- | --- | --- | --- | --- | --- |');
for (const s of bySize) {
  console.log(
    `| ${s.rows} | ${s.tfjs.cpuMs} | ${s.tfjs.wallMs} | ${s.onnx.cpuMs} | ${s.onnx.wallMs} | ${s.cpuRatio}× | ${s.tfjs.gflopsPerSecond} | ${s.onnx.gflopsPerSecond} |`,
  );
}
console.log(
  `rankings: ${rankings.requests} requests × ${rankings.candidates} candidates: ${rankings.differentOrders} orders differ, ${rankings.differentBeyondTies} beyond swaps of scores within ${TIE}; largest score gap ${rankings.maxScoreGap.toExponential(2)}`,
);
console.log(
  `load average ${result.loadAverage.before} → ${result.loadAverage.after} on ${result.loadAverage.cores} cores`,
);
const out = fileURLToPath(new URL('./results/', import.meta.url));
mkdirSync(out, { recursive: true });
writeFileSync(`${out}model-engines.json`, `${JSON.stringify(result, null, 2)}\n`);

/**
 * Ranking-core latency: createRanker(models/default).rank() for 100, 500 and 1000 candidates on
 * the engine serving would pick (MULTIRANK_ENGINE, default auto: ONNX Runtime; tfjs on wasm), warm (after 20 unmeasured calls), 200 calls each; every call is one encode and
 * one model call over all its candidates. Also times the two stages on their own: encoding the
 * request (the catalog's items encoded once at load, gathered per request), and the model call
 * with read-back.
 *
 *   npx tsx bench/rank-core.ts         (ITEMS_FILE=data/sim/items.jsonl CALLS=200 MULTIRANK_ENGINE=auto)
 * Without the item table (written by `npm run train:default`), the default model's world is
 * simulated into a temp folder first. Prints a table and writes bench/results/rank-core.json.
 */
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as tf from '@tensorflow/tfjs';
import type { CombinationProfile } from '../src/combination/schema.js';
import { readSetting } from '../src/config.js';
import { openEngine } from '../src/engine/open-engine.js';
import { selectBackend } from '../src/engine/tfjs-backend.js';
import { encodeRows } from '../src/features/encode.js';
import { createRequestEncoder } from '../src/features/request-encoder.js';
import { rowFromRequest } from '../src/features/rows.js';
import { loadBundle } from '../src/model/bundle.js';
import { loadItemCatalog } from '../src/ranking/item-catalog.js';
import { predictHeads } from '../src/ranking/predict-heads.js';
import { createRanker, type RankInput } from '../src/ranking/ranker.js';
import { createLocalScorer } from '../src/ranking/scorer.js';
import { simulate } from '../src/sim/simulate.js';
import { Rng } from '../src/util/random.js';

const root = fileURLToPath(new URL('..', import.meta.url));
const CALLS = Number(process.env.CALLS ?? 200);
const WARMUP = 20;
const SIZES = [100, 500, 1000];
const rng = new Rng(11, 'rank-core-bench');

const backend = await selectBackend('wasm');
const bundle = await loadBundle(join(root, 'models/default'));
const engineChoice = readSetting('engine');
const { engine } = await openEngine(bundle, {
  engine: engineChoice,
  onnxThreads: readSetting('onnxThreads'),
});
let itemsFile = process.env.ITEMS_FILE ?? join(root, 'data/sim/items.jsonl');
let scratch: string | null = null;
if (!existsSync(itemsFile)) {
  const world = JSON.parse(readFileSync(join(root, 'models/default/world.json'), 'utf8'));
  scratch = mkdtempSync(join(tmpdir(), 'multirank-rank-bench-'));
  console.log(`no ${itemsFile}: simulating the default model's world into ${scratch}`);
  await simulate({ outDir: scratch, ...world.sizes, requests: 100, seed: world.seed, format: 'jsonl' });
  itemsFile = join(scratch, 'items.jsonl');
}
const catalog = await loadItemCatalog(itemsFile, bundle.fitted);
const itemIds = Array.from({ length: catalog.size }, (_, i) => `i${i}`).filter((id) => catalog.has(id));
const ranker = createRanker(bundle, catalog, createLocalScorer(bundle, engine));
const profile: CombinationProfile = {
  form: 'sum',
  weights: { click: 1, watch: 0.1, like: 0.5, dismiss: -1 },
};

const pick = (list: readonly string[]) => list[rng.int(list.length)] ?? '';
function request(size: number, i: number): RankInput {
  const ids = rng.permutation(itemIds.length).slice(0, size);
  return {
    userId: `u${i}`,
    user: { region: pick(['na', 'eu', 'apac']), age_bucket: '25-34', primary_device: pick(['mobile', 'tv']) },
    context: {
      device: pick(['mobile', 'desktop', 'tv']),
      current_item_id: pick(itemIds),
      recent_items: Array.from({ length: 20 }, () => pick(itemIds)),
    },
    candidates: Array.from(ids, (r) => ({ itemId: itemIds[r]!, sources: ['bench'] })),
  };
}

const round = (x: number) => Math.round(x * 100) / 100;
function summary(values: number[]) {
  const sorted = [...values].sort((a, b) => a - b);
  const at = (q: number) => round(sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? 0);
  return {
    meanMs: round(values.reduce((a, b) => a + b, 0) / values.length),
    p50Ms: at(0.5),
    p99Ms: at(0.99),
  };
}

// The ranker's encoder: the catalog encoded once, a request gathered (features/request-encoder.ts).
const encoder = createRequestEncoder(bundle.fitted, catalog.entries());
const candidatesOf = (input: RankInput) =>
  input.candidates.map((c, index) => ({ itemId: c.itemId, item: catalog.get(c.itemId), index }));
const rowsOf = (input: RankInput) =>
  input.candidates.map((c, i) =>
    rowFromRequest(bundle.fitted.layout, input, { itemId: c.itemId, item: catalog.get(c.itemId) }, i),
  );

/** CALLS fresh requests of `size` candidates after WARMUP unmeasured ones; the stages are interleaved call by call, so load from other processes hits them alike. */
async function measure(size: number) {
  const fixed = encodeRows(bundle.fitted, rowsOf(request(size, 0)), { labels: false });
  const ms = { rank: [] as number[], encode: [] as number[], predict: [] as number[] };
  const timed = async (into: number[], measured: boolean, fn: () => unknown) => {
    const t = performance.now();
    await fn();
    if (measured) into.push(performance.now() - t);
  };
  for (let i = 0; i < WARMUP + CALLS; i++) {
    const input = request(size, i);
    const measured = i >= WARMUP;
    await timed(ms.rank, measured, () => ranker.rank(input, profile, { limit: 20 }));
    await timed(ms.encode, measured, () => encoder.encode(input, candidatesOf(input)));
    await timed(ms.predict, measured, () => predictHeads(engine, bundle.fitted.tasks, fixed));
  }
  return {
    candidates: size,
    calls: CALLS,
    rank: summary(ms.rank),
    encode: summary(ms.encode),
    predict: summary(ms.predict),
  };
}

const loadBefore = loadavg()[0] ?? 0;
const tensorsBefore = tf.memory().numTensors;
const bySize: Awaited<ReturnType<typeof measure>>[] = [];
for (const size of SIZES) bySize.push(await measure(size));
await engine.dispose();
const result = {
  model: bundle.manifest.name,
  engine: engine.name,
  backend: backend.backend,
  items: catalog.size,
  warmup: WARMUP,
  tensorLeak: tf.memory().numTensors - tensorsBefore,
  // 1-minute load average of the machine before and after (2 cores here): figures taken under
  // load are inflated, mostly in the model call's fixed per-kernel overhead.
  loadAverage: { before: round(loadBefore), after: round(loadavg()[0] ?? 0), cores: availableParallelism() },
  bySize,
  node: process.version,
};

console.log(
  `models/default on ${result.engine} (TF.js ${result.backend}), ${result.items} catalog items, ${CALLS} warm calls per size`,
);
console.log('| candidates | rank mean ms | rank p50 ms | rank p99 ms | encode mean ms | predict mean ms |');
console.log('| --- | --- | --- | --- | --- | --- |');
for (const s of bySize) {
  console.log(
    `| ${s.candidates} | ${s.rank.meanMs} | ${s.rank.p50Ms} | ${s.rank.p99Ms} | ${s.encode.meanMs} | ${s.predict.meanMs} |`,
  );
}
const out = fileURLToPath(new URL('./results/', import.meta.url));
mkdirSync(out, { recursive: true });
writeFileSync(`${out}rank-core.json`, `${JSON.stringify(result, null, 2)}\n`);
console.log(JSON.stringify(result));
if (scratch) rmSync(scratch, { recursive: true, force: true });

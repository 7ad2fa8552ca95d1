/**
 * Item embeddings at catalogue scale: BPR fit time, nearest-items time (k = 50, the approximate
 * search above 5,000 items), peak RSS, recall@10 of the approximate lists against exact search
 * on a sample of items, and how many neighbours share the item's planted cluster.
 *
 * Clicks are synthetic with planted structure: items in CLUSTERS equal clusters, each user
 * belongs to one cluster and clicks inside it with probability 0.85 (else anywhere), items
 * within a cluster skewed towards its first ones (u² draws), users drawn uniformly per click.
 *
 *   npx tsx bench/candidates-embeddings.ts
 *   ITEMS=100000 USERS=50000 CLICKS=400000 CLUSTERS=200 DIM=32 EPOCHS=10 K=50 SAMPLE=2000 npx tsx bench/candidates-embeddings.ts
 * Prints the figures and writes bench/results/candidates-embeddings.json.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { TopK } from '../src/candidates/embeddings/top-k.js';
import { dot } from '../src/candidates/embeddings/vector.js';
import { fitItemEmbeddings, nearestItems } from '../src/candidates/embeddings.js';
import type { Csr } from '../src/candidates/types.js';
import { Rng } from '../src/util/random.js';

const settings = {
  items: Number(process.env.ITEMS ?? 100_000),
  users: Number(process.env.USERS ?? 50_000),
  clicks: Number(process.env.CLICKS ?? 400_000),
  clusters: Number(process.env.CLUSTERS ?? 200),
  dim: Number(process.env.DIM ?? 32),
  epochs: Number(process.env.EPOCHS ?? 10),
  k: Number(process.env.K ?? 50),
  sample: Number(process.env.SAMPLE ?? 2_000),
  seed: Number(process.env.SEED ?? 1),
};
const IN_CLUSTER = 0.85;

const clusterOf = (item: number) => Math.floor((item * settings.clusters) / settings.items);

/** Planted-cluster clicks (see the header). */
function syntheticClicks(rng: Rng): { users: Int32Array; items: Int32Array } {
  const { items: nItems, users: nUsers, clicks: n, clusters } = settings;
  const users = new Int32Array(n);
  const items = new Int32Array(n);
  for (let c = 0; c < n; c++) {
    const user = rng.int(nUsers);
    const cluster = rng.bernoulli(IN_CLUSTER) ? user % clusters : rng.int(clusters);
    const first = Math.ceil((cluster * nItems) / clusters);
    const size = Math.ceil(((cluster + 1) * nItems) / clusters) - first;
    users[c] = user;
    items[c] = first + Math.floor(size * rng.uniform() ** 2);
  }
  return { users, items };
}

/** Mean share of each sampled item's exact top-10 found in its approximate top-10. */
function recallAt10(embeddings: Float32Array, lists: Csr, sample: Int32Array): number {
  const { items: n, dim } = settings;
  const top = new TopK(10);
  let found = 0;
  let wanted = 0;
  for (const i of sample) {
    top.clear();
    for (let j = 0; j < n; j++) if (j !== i) top.push(j, dot(embeddings, i * dim, j * dim, dim));
    const approx = new Set(lists.targets.subarray(lists.offsets[i], (lists.offsets[i] ?? 0) + 10));
    for (let r = 0; r < top.size; r++) if (approx.has(top.items[r] ?? -1)) found++;
    wanted += top.size;
  }
  return found / wanted;
}

/** Share of all neighbours in the first `depth` places that sit in the item's planted cluster. */
function sameCluster(lists: Csr, depth: number): number {
  let same = 0;
  let total = 0;
  for (let i = 0; i < settings.items; i++) {
    const start = lists.offsets[i] ?? 0;
    const end = Math.min(lists.offsets[i + 1] ?? 0, start + depth);
    for (let p = start; p < end; p++) if (clusterOf(lists.targets[p] ?? 0) === clusterOf(i)) same++;
    total += end - start;
  }
  return same / total;
}

let peakRss = 0;
const sampleRss = () => {
  peakRss = Math.max(peakRss, process.memoryUsage().rss, process.resourceUsage().maxRSS * 1024);
};
const round = (x: number, places: number) => Math.round(x * 10 ** places) / 10 ** places;

const rng = new Rng(settings.seed, 'bench/candidates-embeddings');
const clicks = syntheticClicks(rng.fork('clicks'));
sampleRss();
let t = performance.now();
const embeddings = fitItemEmbeddings(clicks, settings.users, settings.items, {
  dim: settings.dim,
  epochs: settings.epochs,
  seed: settings.seed,
});
const fitSeconds = (performance.now() - t) / 1000;
sampleRss();
t = performance.now();
const lists = nearestItems(embeddings, settings.items, settings.dim, settings.k);
const knnSeconds = (performance.now() - t) / 1000;
sampleRss();
const sample = rng.fork('sample').permutation(settings.items).slice(0, settings.sample);
const result = {
  fitSeconds: round(fitSeconds, 2),
  knnSeconds: round(knnSeconds, 2),
  peakRssMb: Math.round(peakRss / 2 ** 20),
  recallAt10: round(recallAt10(embeddings, lists, sample), 4),
  sameClusterAt10: round(sameCluster(lists, 10), 4),
  neighbourEntries: lists.targets.length,
};
sampleRss();
result.peakRssMb = Math.round(peakRss / 2 ** 20);

console.log(
  `${settings.items.toLocaleString('en-US')} items, ${settings.users.toLocaleString('en-US')} users, ` +
    `${settings.clicks.toLocaleString('en-US')} clicks, ${settings.clusters} clusters; dim ${settings.dim}, ` +
    `${settings.epochs} epochs, k ${settings.k}`,
);
console.log(`fit s              ${result.fitSeconds}`);
console.log(`kNN s              ${result.knnSeconds}`);
console.log(`peak RSS MB        ${result.peakRssMb}`);
console.log(
  `recall@10          ${result.recallAt10} (${settings.sample.toLocaleString('en-US')} items vs exact)`,
);
console.log(`same cluster @10   ${result.sameClusterAt10}`);
const out = fileURLToPath(new URL('./results/', import.meta.url));
mkdirSync(out, { recursive: true });
const record = {
  bench: 'candidates-embeddings',
  node: process.version,
  date: new Date().toISOString(),
  settings,
  result,
};
writeFileSync(join(out, 'candidates-embeddings.json'), `${JSON.stringify(record, null, 2)}\n`);

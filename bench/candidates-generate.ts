/**
 * Candidate generation latency: generateCandidates (all seven sources, merge, default quotas,
 * cap 500) on a synthetic random index of 100k items with 100 co-watch and 100 similar
 * neighbours per item, built in memory. Requests mix warm users (current item + 20 recent),
 * cold users (no current item, no history) and unknown current items with some history.
 *
 *   npx tsx bench/candidates-generate.ts              (ITEMS=100000 NEIGHBOURS=100 REQUESTS=10000)
 * Prints mean / p50 / p99 µs per request and writes bench/results/candidates-generate.json.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { generateCandidates } from '../src/candidates/generate.js';
import {
  CANDIDATE_INDEX_FORMAT,
  type CandidateIndex,
  type CandidateIndexMeta,
  type CandidateRequest,
  type Csr,
  type RankedItems,
} from '../src/candidates/types.js';
import { Rng } from '../src/util/random.js';

const ITEMS = Number(process.env.ITEMS ?? 100_000);
const NEIGHBOURS = Number(process.env.NEIGHBOURS ?? 100);
const REQUESTS = Number(process.env.REQUESTS ?? 10_000);
const WARMUP = 1_000;
const rng = new Rng(5, 'candidates-bench');

/** `rows` rows of `perRow` random targets with falling scores (best first, as the index stores them). */
function randomCsr(rows: number, perRow: number, targets: number): Csr {
  const offsets = new Int32Array(rows + 1);
  const items = new Int32Array(rows * perRow);
  const scores = new Float32Array(rows * perRow);
  for (let r = 0; r < rows; r++) {
    offsets[r + 1] = (r + 1) * perRow;
    for (let j = 0; j < perRow; j++) {
      items[r * perRow + j] = rng.int(targets);
      scores[r * perRow + j] = 1 / (1 + j);
    }
  }
  return { offsets, targets: items, scores };
}

/** Groups of `size` members over all items, and item → group. */
function randomGroups(groups: number): { of: Int32Array; csr: Csr } {
  const of = Int32Array.from({ length: ITEMS }, () => rng.int(groups));
  const members: number[][] = Array.from({ length: groups }, () => []);
  of.forEach((g, item) => {
    members[g]?.push(item);
  });
  const offsets = new Int32Array(groups + 1);
  members.forEach((m, g) => {
    offsets[g + 1] = (offsets[g] ?? 0) + m.length;
  });
  const flat = Int32Array.from(members.flat());
  return { of, csr: { offsets, targets: flat, scores: Float32Array.from(flat, (_, i) => 1 / (1 + i)) } };
}

function randomList(length: number): RankedItems {
  const items = rng.permutation(ITEMS).slice(0, length);
  return { items, scores: Float32Array.from(items, (_, i) => length - i) };
}

function buildIndex(): CandidateIndex {
  const itemIds = Array.from({ length: ITEMS }, (_, i) => `v${i}`);
  const topics = randomGroups(1_000);
  const creators = randomGroups(20_000);
  const segments = () => new Map(['all', 'device:mobile', 'device:tv'].map((s) => [s, randomList(1_000)]));
  return {
    format: CANDIDATE_INDEX_FORMAT,
    itemIds,
    indexOf: new Map(itemIds.map((id, i) => [id, i])),
    cowatch: randomCsr(ITEMS, NEIGHBOURS, ITEMS),
    similar: randomCsr(ITEMS, NEIGHBOURS, ITEMS),
    topicOf: topics.of,
    topics: topics.csr,
    topicNames: Array.from({ length: 1_000 }, (_, i) => `t${i}`),
    creatorOf: creators.of,
    creators: creators.csr,
    creatorNames: Array.from({ length: 20_000 }, (_, i) => `c${i}`),
    popular: segments(),
    trending: segments(),
    fresh: randomList(1_000),
    meta: { format: CANDIDATE_INDEX_FORMAT } as CandidateIndexMeta,
  };
}

type Kind = 'warm' | 'cold' | 'unknown';
const KINDS: Kind[] = ['warm', 'warm', 'cold', 'unknown'];
const item = () => `v${rng.int(ITEMS)}`;

function request(kind: Kind, i: number): CandidateRequest {
  const segments = i % 3 === 0 ? ['device:tv'] : ['device:watch'];
  if (kind === 'cold') return { userId: `new${i}`, segments };
  const recentItems = Array.from({ length: kind === 'warm' ? 20 : 5 }, item);
  const exclude = recentItems.slice(0, 3);
  const currentItem = kind === 'warm' ? item() : `missing${i}`;
  return { userId: `u${i}`, currentItem, recentItems, exclude, segments };
}

let t = performance.now();
const index = buildIndex();
const buildMs = performance.now() - t;
const requests = Array.from({ length: WARMUP + REQUESTS }, (_, i) => {
  const kind = KINDS[i % KINDS.length] ?? 'warm';
  return { kind, request: request(kind, i) };
});

const micros: Record<Kind | 'all', number[]> = { warm: [], cold: [], unknown: [], all: [] };
let candidates = 0;
requests.forEach(({ kind, request }, i) => {
  t = performance.now();
  const merged = generateCandidates(index, request);
  const us = (performance.now() - t) * 1000;
  if (i < WARMUP) return;
  candidates += merged.length;
  micros[kind].push(us);
  micros.all.push(us);
});

const round = (x: number) => Math.round(x * 10) / 10;
function summary(values: number[]) {
  const sorted = [...values].sort((a, b) => a - b);
  const at = (q: number) => round(sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? 0);
  const mean = round(values.reduce((a, b) => a + b, 0) / Math.max(1, values.length));
  return {
    requests: values.length,
    meanUs: mean,
    p50Us: at(0.5),
    p99Us: at(0.99),
    maxUs: round(sorted.at(-1) ?? 0),
  };
}

const result = {
  items: ITEMS,
  neighboursPerItem: NEIGHBOURS,
  requests: REQUESTS,
  warmup: WARMUP,
  indexBuildMs: Math.round(buildMs),
  meanCandidates: round(candidates / REQUESTS),
  byKind: {
    all: summary(micros.all),
    warm: summary(micros.warm),
    cold: summary(micros.cold),
    unknown: summary(micros.unknown),
  },
  node: process.version,
};
console.log(`index: ${ITEMS} items × ${NEIGHBOURS} neighbours, built in ${result.indexBuildMs} ms`);
console.log(
  `${REQUESTS} requests after ${WARMUP} warm-up, ${result.meanCandidates} candidates each on average`,
);
console.log('| requests | n | mean µs | p50 µs | p99 µs | max µs |');
console.log('| --- | --- | --- | --- | --- | --- |');
for (const [kind, s] of Object.entries(result.byKind)) {
  console.log(`| ${kind} | ${s.requests} | ${s.meanUs} | ${s.p50Us} | ${s.p99Us} | ${s.maxUs} |`);
}
const out = fileURLToPath(new URL('./results/', import.meta.url));
mkdirSync(out, { recursive: true });
writeFileSync(`${out}candidates-generate.json`, `${JSON.stringify(result, null, 2)}\n`);
console.log(JSON.stringify(result));

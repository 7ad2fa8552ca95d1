/**
 * A replica with a 1M-item live catalog against one with none, both separate processes with
 * their own redis-server (default workers, shipped model):
 *
 *   1. the big catalog is written to its Redis first (the write script, BATCH items a call), then
 *      both services are started: time from spawn to /readyz 200 (the big one reads the whole
 *      catalog before it listens), and resident memory (VmRSS, worker threads included) once
 *      warm, and at its peak;
 *   2. POST /v1/rank open-loop (bench/lib/open-loop.ts, as bench/rank-http.ts runs it) at RATE/s
 *      for SECONDS, in ROUNDS alternating between the two services: 500 candidates sent from the
 *      bundle's items, 500 sent from the live items (the big service only: the other has none),
 *      and 500 generated; p50/p90/p99 from the scheduled send time.
 *
 *   npx tsx bench/catalog-scale.ts
 *   env: ITEMS=1000000 BATCH=5000 RATE=30 SECONDS=15 ROUNDS=2 USERS=200
 * Prints the figures with the load average and writes bench/results/catalog-scale.json.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { Agent } from 'node:http';
import { availableParallelism, loadavg } from 'node:os';
import { itemJson } from '../src/catalog/records.js';
import { writeItems } from '../src/catalog/redis-catalog.js';
import { closeRedis, createRedisClient } from '../src/storage/redis.js';
import { type SpawnedRedis, spawnRedisServer, untilRedisReady } from '../test/helpers/redis.js';
import {
  catalogState,
  memoryMb,
  ROOT,
  type Service,
  startService,
  syntheticItem,
} from './lib/catalog-service.js';
import { type OpenLoopResult, openLoop } from './lib/open-loop.js';

const num = (name: string, fallback: number) => Number(process.env[name] ?? fallback);
const ITEMS = num('ITEMS', 1_000_000);
const BATCH = num('BATCH', 5000);
const RATE = num('RATE', 30);
const SECONDS = num('SECONDS', 15);
const ROUNDS = num('ROUNDS', 2);
const USERS = num('USERS', 200);
const load = () => loadavg()[0]!.toFixed(2);
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

const bundleIds = readFileSync(`${ROOT}/models/default/items.jsonl`, 'utf8')
  .trim()
  .split('\n')
  .map((line) => (JSON.parse(line) as { item_id: string }).item_id);

/** One body per user: 500 candidates from `ids` (or generated when null). */
function bodies(ids: (i: number) => string, generated: boolean): Buffer[] {
  return Array.from({ length: USERS }, (_, u) => {
    const context = {
      device: ['mobile', 'desktop', 'tv'][u % 3],
      current_item_id: bundleIds[(u * 7) % 1000],
    };
    const candidates = generated
      ? undefined
      : Array.from({ length: 500 }, (_, k) => ({ itemId: ids(u * 499 + k * 7919) }));
    return Buffer.from(JSON.stringify({ userId: `u${u}`, context, ...(candidates ? { candidates } : {}) }));
  });
}

async function populate(url: string): Promise<number> {
  const client = createRedisClient(url, { commandTimeoutMs: 60_000 });
  await untilRedisReady(client);
  const started = performance.now();
  for (let from = 0; from < ITEMS; from += BATCH) {
    const items = Array.from({ length: Math.min(BATCH, ITEMS - from) }, (_, k) => {
      const item = syntheticItem('big-', from + k);
      return [item.itemId, itemJson(item.itemId, item.features)] as const;
    });
    await writeItems(client, items);
  }
  await closeRedis(client);
  return (performance.now() - started) / 1000;
}

async function warm(service: Service, pool: Buffer[]): Promise<void> {
  for (const body of pool) {
    const res = await fetch(`${service.url}/v1/rank`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body,
    });
    if (res.status !== 200) throw new Error(`warm-up: ${res.status} ${await res.text()}`);
    await res.arrayBuffer();
  }
}

function run(service: Service, pool: Buffer[], agent: Agent): Promise<OpenLoopResult> {
  return openLoop({
    host: '127.0.0.1',
    port: service.port,
    path: '/v1/rank',
    bodies: pool,
    rate: RATE,
    seconds: SECONDS,
    arrivals: 'uniform',
    seed: 1,
    agent,
    timeoutMs: 10_000,
  });
}

async function main(): Promise<void> {
  const loadBefore = load();
  console.log(`load average (1 min) before: ${loadBefore} on ${availableParallelism()} cores`);
  const redises: SpawnedRedis[] = [];
  const services: Service[] = [];
  const agent = new Agent({ keepAlive: true, maxSockets: 64 });
  try {
    const bigRedis = await spawnRedisServer();
    redises.push(bigRedis);
    const emptyRedis = await spawnRedisServer();
    redises.push(emptyRedis);
    const writeSeconds = await populate(`redis://127.0.0.1:${bigRedis.port}`);
    console.log(
      `${ITEMS.toLocaleString('en')} items written to Redis in ${writeSeconds.toFixed(1)} s (the write script, ${BATCH} a call)`,
    );
    const redisMb = memoryMb(bigRedis.process.pid!).rss;

    const env = (port: number) => ({ REDIS_URL: `redis://127.0.0.1:${port}`, LOG_LEVEL: 'warn' });
    const empty = await startService(env(emptyRedis.port));
    services.push(empty);
    const big = await startService(env(bigRedis.port));
    services.push(big);
    const state = await catalogState(big.url);
    console.log(
      `spawn to ready: no live items ${(empty.readyMs / 1000).toFixed(1)} s, ${ITEMS.toLocaleString('en')} live items ${(big.readyMs / 1000).toFixed(1)} s (catalog: ${state.detail})`,
    );

    const pools = {
      'bundle 500 sent': bodies((i) => bundleIds[i % bundleIds.length]!, false),
      'live 500 sent': bodies((i) => `big-${i % ITEMS}`, false),
      '500 generated': bodies(() => '', true),
    };
    for (const [name, pool] of Object.entries(pools)) {
      if (name !== 'live 500 sent') await warm(empty, pool);
      await warm(big, pool);
    }
    await sleep(1000);
    const memory = { empty: memoryMb(empty.child.pid!), big: memoryMb(big.child.pid!), redisMb };
    console.log(
      `resident memory once warm: no live items ${memory.empty.rss.toFixed(0)} MB (peak ${memory.empty.peak.toFixed(0)}), ` +
        `${ITEMS.toLocaleString('en')} live items ${memory.big.rss.toFixed(0)} MB (peak ${memory.big.peak.toFixed(0)}); ` +
        `redis-server holding them ${redisMb.toFixed(0)} MB`,
    );

    const results: Record<string, { empty: OpenLoopResult[]; big: OpenLoopResult[]; load: string[] }> = {};
    for (let round = 0; round < ROUNDS; round++) {
      for (const [name, pool] of Object.entries(pools)) {
        const entry = results[name] ?? { empty: [], big: [], load: [] };
        results[name] = entry;
        entry.load.push(load());
        if (name !== 'live 500 sent') entry.empty.push(await run(empty, pool, agent));
        await sleep(500);
        entry.big.push(await run(big, pool, agent));
        await sleep(500);
      }
    }
    const fmt = (r: OpenLoopResult) =>
      `p50 ${r.p50.toFixed(1)} p90 ${r.p90.toFixed(1)} p99 ${r.p99.toFixed(1)} ms (${r.completionRate.toFixed(1)}/s${r.valid ? '' : ', INVALID'})`;
    for (const [name, { empty: e, big: b, load: l }] of Object.entries(results)) {
      console.log(`${name} @${RATE}/s, load ${l.join(', ')}:`);
      for (const [i, r] of e.entries()) console.log(`  round ${i + 1} no live items  ${fmt(r)}`);
      for (const [i, r] of b.entries())
        console.log(`  round ${i + 1} ${(ITEMS / 1e6).toFixed(1)}M live items ${fmt(r)}`);
    }
    const loadAfter = load();
    console.log(`load average (1 min) after: ${loadAfter}`);
    mkdirSync(`${ROOT}/bench/results`, { recursive: true });
    writeFileSync(
      `${ROOT}/bench/results/catalog-scale.json`,
      `${JSON.stringify(
        {
          date: new Date().toISOString(),
          cores: availableParallelism(),
          items: ITEMS,
          loadBefore,
          loadAfter,
          writeSeconds,
          readyMs: { empty: empty.readyMs, big: big.readyMs },
          memoryMb: memory,
          rank: results,
        },
        null,
        2,
      )}\n`,
    );
  } finally {
    agent.destroy();
    await Promise.all(services.map((service) => service.stop()));
    await Promise.all(redises.map((redis) => redis.stop()));
  }
}

await main();

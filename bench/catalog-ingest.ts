/**
 * The live catalog under writes: two replicas (separate processes, default workers) on one
 * redis-server.
 *
 *   1. ingest: ITEMS new items through `PUT /v1/items` on replica A, BATCH items a call, CONCURRENCY
 *      calls in flight (closed loop: the rate is what the service sustains); items/s achieved,
 *      call latency, statuses; then how long replica B took to hold them all;
 *   2. propagation: ROUNDS times, one new item PUT on A, then B (and A) polled every POLL_MS with a
 *      rank of the item as a candidate and a generated rank, until the item is ranked with its
 *      features (no `unknown`) and proposed by `fresh`: the time from sending the PUT, p50/p90/max.
 *
 *   npx tsx bench/catalog-ingest.ts
 *   env: ITEMS=200000 BATCH=1000 CONCURRENCY=4 ROUNDS=20 POLL_MS=10 REPLICAS=2 (1: ingest alone)
 *        PROFILE_DIR=DIR (the services write V8 CPU profiles there)
 * The CPU time each process spent during the ingest (/proc, the service's worker threads
 * included) is printed too: on a shared machine it says what the rate would be with the cores to
 * ourselves.
 * Prints the figures with the load average and writes bench/results/catalog-ingest.json. The
 * services and redis-server are stopped in `finally`.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { availableParallelism, loadavg } from 'node:os';
import { type SpawnedRedis, spawnRedisServer } from '../test/helpers/redis.js';
import { call, liveItems, ROOT, type Service, startService, syntheticItem } from './lib/catalog-service.js';
import { quantile as nearestRank } from './lib/open-loop.js';

const num = (name: string, fallback: number) => Number(process.env[name] ?? fallback);
const ITEMS = num('ITEMS', 200_000);
const BATCH = num('BATCH', 1000);
const CONCURRENCY = num('CONCURRENCY', 4);
const ROUNDS = num('ROUNDS', 20);
const POLL_MS = num('POLL_MS', 10);
const REPLICAS = num('REPLICAS', 2);

/** CPU seconds a process has used so far (user + system, its threads included). */
function cpuSeconds(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
  return (Number(fields[11]) + Number(fields[12])) / 100;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
// The open-loop bench's nearest-rank quantile, on a sorted copy.
const quantile = (values: number[], q: number) => nearestRank(Float64Array.from(values).sort(), q);
const load = () => loadavg()[0]!.toFixed(2);

async function ingest(a: Service): Promise<Record<string, unknown>> {
  const calls = Math.ceil(ITEMS / BATCH);
  const latencies: number[] = [];
  const statuses: Record<string, number> = {};
  let next = 0;
  let rejected = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      for (let c = next++; c < calls; c = next++) {
        const items = Array.from({ length: Math.min(BATCH, ITEMS - c * BATCH) }, (_, k) =>
          syntheticItem('bulk-', c * BATCH + k),
        );
        const sent = performance.now();
        const { status, json } = await call(a.url, 'PUT', '/v1/items', { items });
        latencies.push(performance.now() - sent);
        statuses[status] = (statuses[status] ?? 0) + 1;
        if (status === 200) rejected += (json as { rejected: unknown[] }).rejected.length;
      }
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  return {
    items: ITEMS,
    batch: BATCH,
    concurrency: CONCURRENCY,
    seconds,
    itemsPerSecond: ITEMS / seconds,
    callP50Ms: quantile(latencies, 0.5),
    callP99Ms: quantile(latencies, 0.99),
    statuses,
    rejected,
  };
}

interface Ranked {
  itemId: string;
  unknown?: boolean;
  sources?: string[];
}

async function rankIds(url: string, body: object): Promise<Ranked[]> {
  const res = await fetch(`${url}/v1/rank`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ limit: 500, ...body }),
  });
  if (res.status !== 200) throw new Error(`rank: ${res.status} ${await res.text()}`);
  return ((await res.json()) as { items: Ranked[] }).items;
}

/** Ms from `since` until `url` ranks `id` with its features and proposes it as fresh. */
async function visible(url: string, id: string, since: number): Promise<number> {
  for (;;) {
    const [sent] = await rankIds(url, { userId: 'u1', candidates: [{ itemId: id }] });
    if (sent && sent.unknown === undefined) {
      const generated = await rankIds(url, { userId: 'u1', context: { device: 'tv' } });
      if (generated.find((item) => item.itemId === id)?.sources?.includes('fresh'))
        return performance.now() - since;
    }
    await sleep(POLL_MS);
  }
}

async function propagation(a: Service, b: Service): Promise<Record<string, unknown>> {
  const writer: number[] = [];
  const other: number[] = [];
  for (let round = 0; round < ROUNDS; round++) {
    const id = `fresh-${Date.now()}-${round}`;
    const features = {
      topic: 't07',
      duration_seconds: 300,
      upload_time: Math.floor(Date.now() / 1000) + 86_400,
    };
    const sent = performance.now();
    const put = call(a.url, 'PUT', '/v1/items', { items: [{ itemId: id, features }] });
    const [onA, onB] = await Promise.all([visible(a.url, id, sent), visible(b.url, id, sent), put]);
    writer.push(onA);
    other.push(onB);
    await sleep(200 + Math.random() * 300);
  }
  const summary = (values: number[]) => ({
    p50: quantile(values, 0.5),
    p90: quantile(values, 0.9),
    max: Math.max(...values),
  });
  return { rounds: ROUNDS, pollMs: POLL_MS, writerMs: summary(writer), otherReplicaMs: summary(other) };
}

async function main(): Promise<void> {
  const loadBefore = load();
  console.log(`load average (1 min) before: ${loadBefore} on ${availableParallelism()} cores`);
  let redis: SpawnedRedis | undefined;
  const services: Service[] = [];
  try {
    redis = await spawnRedisServer();
    const env = {
      REDIS_URL: `redis://127.0.0.1:${redis.port}`,
      LOG_LEVEL: 'warn',
      MULTIRANK_MAX_EVENT_LOOP_DELAY_MS: '0',
    };
    const a = await startService(env);
    services.push(a);
    const b = REPLICAS > 1 ? await startService(env) : a;
    if (b !== a) services.push(b);
    console.log(
      `replicas ready (${services.map((s) => (s.readyMs / 1000).toFixed(1)).join(' s, ')} s after spawn)`,
    );

    const pids = { writer: a.child.pid!, other: b.child.pid!, redis: redis.process.pid! };
    const cpuBefore = Object.fromEntries(Object.entries(pids).map(([name, pid]) => [name, cpuSeconds(pid)]));
    const ingested = await ingest(a);
    const lastPut = performance.now();
    while ((await liveItems(b.url)) < ITEMS) await sleep(50);
    ingested.otherReplicaHoldsAllAfterMs = performance.now() - lastPut;
    const cpu = Object.fromEntries(
      Object.entries(pids)
        .filter(([name]) => name !== 'other' || b !== a)
        .map(([name, pid]) => [name, cpuSeconds(pid) - cpuBefore[name]!]),
    );
    ingested.cpuSeconds = cpu;
    console.log(
      `CPU during the ingest: ${Object.entries(cpu)
        .map(([name, s]) => `${name} ${s.toFixed(1)} s (${((s * 1e6) / ITEMS).toFixed(0)} µs an item)`)
        .join(', ')}`,
    );
    console.log(
      `ingest: ${ITEMS.toLocaleString('en')} items in ${(ingested.seconds as number).toFixed(1)} s = ` +
        `${Math.round(ingested.itemsPerSecond as number).toLocaleString('en')} items/s ` +
        `(${BATCH} a call, ${CONCURRENCY} in flight; call p50 ${(ingested.callP50Ms as number).toFixed(0)} ms, ` +
        `p99 ${(ingested.callP99Ms as number).toFixed(0)} ms; statuses ${JSON.stringify(ingested.statuses)}, ` +
        `rejected ${ingested.rejected}); replica B held them all ${(ingested.otherReplicaHoldsAllAfterMs as number).toFixed(0)} ms after the last answer`,
    );
    console.log(`load average (1 min) after ingest: ${load()}`);

    const propagated = await propagation(a, b);
    const fmt = (s: unknown) => {
      const { p50, p90, max } = s as { p50: number; p90: number; max: number };
      return `p50 ${p50.toFixed(0)} ms, p90 ${p90.toFixed(0)} ms, max ${max.toFixed(0)} ms`;
    };
    console.log(
      `new item rankable with its features and proposed by fresh, from sending its PUT (${ROUNDS} items): ` +
        `writer ${fmt(propagated.writerMs)}; other replica ${fmt(propagated.otherReplicaMs)}`,
    );
    const loadAfter = load();
    console.log(`load average (1 min) after: ${loadAfter}`);
    mkdirSync(`${ROOT}/bench/results`, { recursive: true });
    writeFileSync(
      `${ROOT}/bench/results/catalog-ingest.json`,
      `${JSON.stringify({ date: new Date().toISOString(), cores: availableParallelism(), loadBefore, loadAfter, ingest: ingested, propagation: propagated }, null, 2)}\n`,
    );
  } finally {
    await Promise.all(services.map((service) => service.stop()));
    await redis?.stop();
  }
}

await main();

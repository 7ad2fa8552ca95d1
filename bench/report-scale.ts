/**
 * How an experiment report scales with stored events: the report from the daily totals kept at
 * ingest against the report that reads every event, on a redis-server of its own (never the
 * machine's 6379). Events are written through the store's append script in chunks of 500, as
 * POST /v1/events writes them: sessions of one user on one day (10 impressions, clicks, a like, a
 * watch), users spread over 14 days, two variants.
 *
 *   npx tsx bench/report-scale.ts                 (SIZES=200000,1000000,10000000 SCAN_UP_TO=1000000)
 * Prints a table and writes bench/results/report-scale.json. Stops by itself; redis-server is
 * stopped in `finally`.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { fileURLToPath } from 'node:url';
import type { FeedbackEvent } from '../src/events/event-types.js';
import { DAY_MS, totalsKeys } from '../src/events/experiment-totals.js';
import { dailyTotals, readRedisEvents } from '../src/events/redis-event-store.js';
import { appendToStream, eventKeys } from '../src/events/redis-stream.js';
import { experimentReport } from '../src/experiments/report.js';
import type { Experiment } from '../src/experiments/types.js';
import { closeRedis, createRedisClient, type RedisClient } from '../src/storage/redis.js';
import { Rng } from '../src/util/random.js';
import { spawnRedisServer, untilRedisReady } from '../test/helpers/redis.js';

const SIZES = (process.env.SIZES ?? '200000,1000000,10000000').split(',').map(Number);
const SCAN_UP_TO = Number(process.env.SCAN_UP_TO ?? 1_000_000);
const DAY0 = 20_400 * DAY_MS;
const profile = { form: 'sum' as const, weights: { click: 1 } };
const EXPERIMENT: Experiment = {
  id: 'scale',
  salt: 'scale',
  status: 'running',
  traffic: 1,
  control: 'a',
  variants: [
    { name: 'a', allocation: 1, profile },
    { name: 'b', allocation: 1, profile },
  ],
};

/** Sessions until `count` events: one user, one day, 10 impressions and what followed them. */
function* sessions(count: number, users: number, rng: Rng): Generator<FeedbackEvent> {
  let made = 0;
  while (made < count) {
    const user = rng.int(users);
    const base = {
      userId: `u${user}`,
      experimentId: EXPERIMENT.id,
      variant: user % 2 === 0 ? 'a' : 'b',
      timestamp: DAY0 + rng.int(14) * DAY_MS + rng.int(DAY_MS),
    };
    const types: FeedbackEvent['type'][] = Array(10).fill('impression');
    if (rng.bernoulli(0.6)) types.push('click');
    if (rng.bernoulli(0.3)) types.push('click', 'watch');
    if (rng.bernoulli(0.1)) types.push('like');
    for (const type of types) {
      if (made >= count) return;
      yield {
        ...base,
        eventId: `e${made}`,
        type,
        itemId: `i${rng.int(50_000)}`,
        ...(type === 'watch' ? { value: rng.int(600) } : {}),
      };
      made++;
    }
  }
}

async function fill(redis: RedisClient, prefix: string, count: number): Promise<number> {
  const settings = { keyPrefix: prefix, dedupeTtlSeconds: 86_400, maxLength: 0 };
  const rng = new Rng(11, 'report-scale');
  const started = performance.now();
  let chunk: FeedbackEvent[] = [];
  let inFlight: Promise<unknown>[] = [];
  let done = 0;
  for (const event of sessions(count, Math.max(1_000, count / 50), rng)) {
    chunk.push(event);
    if (chunk.length < 500) continue;
    inFlight.push(appendToStream(redis, settings, chunk));
    chunk = [];
    if (inFlight.length >= 4) {
      await Promise.all(inFlight);
      inFlight = [];
    }
    done += 500;
    if (done % 1_000_000 === 0) process.stderr.write(`  stored ${done.toLocaleString('en')} events\n`);
  }
  await Promise.all([...inFlight, appendToStream(redis, settings, chunk)]);
  return count / ((performance.now() - started) / 1000);
}

/**
 * What keeping the totals costs at ingest: chunks of the same sessions sent with and without their
 * experimentId, alternating, one chunk at a time; events per second of each side.
 */
async function ingestCost(redis: RedisClient, count: number): Promise<{ with: number; without: number }> {
  const settings = { keyPrefix: 'ingest:', dedupeTtlSeconds: 86_400, maxLength: 0 };
  const all = [...sessions(count, count / 50, new Rng(12, 'ingest-cost'))];
  const seconds = { with: 0, without: 0 };
  for (let i = 0, k = 0; i < all.length; i += 500, k++) {
    const side = k % 2 === 0 ? 'with' : 'without';
    const chunk = all.slice(i, i + 500);
    const sent = side === 'with' ? chunk : chunk.map(({ experimentId: _, variant: __, ...rest }) => rest);
    const started = performance.now();
    await appendToStream(redis, settings, sent);
    seconds[side] += (performance.now() - started) / 1000;
  }
  await redis.flushall();
  return { with: Math.round(count / 2 / seconds.with), without: Math.round(count / 2 / seconds.without) };
}

async function bytesOf(redis: RedisClient, prefix: string): Promise<{ stream: number; totals: number }> {
  const keys = totalsKeys(prefix, EXPERIMENT.id);
  const days = await redis.smembers(keys.days);
  let totals = Number((await redis.memory('USAGE', keys.days)) ?? 0);
  for (const day of days)
    totals += Number((await redis.memory('USAGE', keys.day(Number(day)), 'SAMPLES', 0)) ?? 0);
  const stream = Number((await redis.memory('USAGE', eventKeys(prefix).stream, 'SAMPLES', 0)) ?? 0);
  return { stream, totals };
}

async function main(): Promise<void> {
  const server = await spawnRedisServer(['--save', '', '--appendonly', 'no']);
  const redis = createRedisClient(`redis://127.0.0.1:${server.port}`, { commandTimeoutMs: 600_000 });
  const rows: Record<string, number | string | null>[] = [];
  let ingest = { with: 0, without: 0 };
  try {
    await untilRedisReady(redis); // the offline queue is off: no command before the connection is up
    ingest = await ingestCost(redis, 200_000);
    process.stderr.write(`ingest, one chunk at a time: ${JSON.stringify(ingest)} events/s\n`);
    for (const size of SIZES) {
      const prefix = `bench${size}:`;
      process.stderr.write(`filling ${size.toLocaleString('en')} events\n`);
      const ingestPerSecond = await fill(redis, prefix, size);
      const source = {
        read: (filter?: object) => readRedisEvents(redis, '/nonexistent/spool.jsonl', filter, prefix),
        experimentTotals: (id: string, window: object) => dailyTotals(redis, prefix, id, window),
      };
      let started = performance.now();
      const fromTotals = await experimentReport(source, EXPERIMENT);
      const totalsSeconds = (performance.now() - started) / 1000;
      let scanSeconds: number | null = null;
      if (size <= SCAN_UP_TO) {
        started = performance.now();
        const fromEvents = await experimentReport(source, EXPERIMENT, {}, { fromEvents: true });
        scanSeconds = (performance.now() - started) / 1000;
        if (
          JSON.stringify({ ...fromEvents, computedFrom: '' }) !==
          JSON.stringify({ ...fromTotals, computedFrom: '' })
        )
          throw new Error(`reports differ at ${size} events`);
      }
      const bytes = await bytesOf(redis, prefix);
      const userDays = fromTotals.variants.reduce((sum, v) => sum + v.users, 0);
      rows.push({
        events: size,
        users: userDays,
        ingestPerSecond: Math.round(ingestPerSecond),
        totalsSeconds: Number(totalsSeconds.toFixed(2)),
        scanSeconds: scanSeconds === null ? null : Number(scanSeconds.toFixed(2)),
        streamMb: Math.round(bytes.stream / 1e6),
        totalsMb: Math.round(bytes.totals / 1e6),
        load: loadavg()[0]!.toFixed(2),
      });
      process.stderr.write(`${JSON.stringify(rows.at(-1))}\n`);
      await redis.flushall();
    }
  } finally {
    await closeRedis(redis);
    await server.stop();
  }
  console.log(
    `ingest (200,000 events, chunks of 500 alternating, one at a time): ${ingest.with.toLocaleString('en')} events/s with an experiment, ${ingest.without.toLocaleString('en')} without\n`,
  );
  console.log(
    '| events | users | ingest events/s | report from daily totals s | report from events s | stream MB | totals MB | load |',
  );
  console.log('|---|---|---|---|---|---|---|---|');
  for (const r of rows)
    console.log(
      `| ${r.events?.toLocaleString('en')} | ${r.users?.toLocaleString('en')} | ${r.ingestPerSecond?.toLocaleString('en')} | ${r.totalsSeconds} | ${r.scanSeconds ?? 'not run'} | ${r.streamMb} | ${r.totalsMb} | ${r.load} |`,
    );
  const out = fileURLToPath(new URL('results/report-scale.json', import.meta.url));
  mkdirSync(fileURLToPath(new URL('results', import.meta.url)), { recursive: true });
  writeFileSync(out, `${JSON.stringify({ at: new Date().toISOString(), ingest, rows }, null, 2)}\n`);
}

await main();

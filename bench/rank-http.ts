/**
 * POST /v1/rank over real HTTP: the service as a separate process (`src/server.ts`, shipped
 * model, wasm backend, its own redis-server when one is installed), loaded by autocannon from
 * this process on 127.0.0.1. For 100, 500 and 1000 sent candidates, and for the 500 the
 * generators fill in:
 *   - a fixed rate (RATE, default 50 requests/s, over FIXED_CONNECTIONS = 2 keep-alive connections
 *     each pacing itself) for DURATION seconds: latency p50/p90/p99/max;
 *   - as fast as CONNECTIONS connections allow: the throughput ceiling and its latency.
 * The cache is warm: every user of the request pool is ranked once before measuring, and the
 * pool (USERS ids) is cycled, so user features come from the in-process cache or Redis.
 *
 *   npx tsx bench/rank-http.ts      (env: RATE=50 DURATION=20 FIXED_CONNECTIONS=2 CONNECTIONS=4 USERS=200)
 * Prints a table and writes bench/results/rank-http.json. Stops by itself; nothing leaves 127.0.0.1.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { availableParallelism, loadavg } from 'node:os';
import { fileURLToPath } from 'node:url';
import autocannon from 'autocannon';
import { freePort } from '../test/helpers/ports.js';
import { type SpawnedRedis, spawnRedisServer } from '../test/helpers/redis.js';

const RATE = Number(process.env.RATE ?? 50);
const DURATION = Number(process.env.DURATION ?? 20);
const CONNECTIONS = Number(process.env.CONNECTIONS ?? 4);
/** Connections sharing the fixed rate, each sending at RATE / FIXED_CONNECTIONS, evenly spaced. */
const FIXED_CONNECTIONS = Number(process.env.FIXED_CONNECTIONS ?? 2);
const USERS = Number(process.env.USERS ?? 200);
const root = fileURLToPath(new URL('..', import.meta.url));

const itemIds = readFileSync(`${root}models/default/items.jsonl`, 'utf8')
  .trim()
  .split('\n')
  .map((line) => (JSON.parse(line) as { item_id: string }).item_id);

/** Request bodies for one scenario: `candidates` items (or null: generated), one body per user. */
function bodies(candidates: number | null): string[] {
  return Array.from({ length: USERS }, (_, u) => {
    const context = {
      device: ['mobile', 'desktop', 'tv'][u % 3],
      current_item_id: itemIds[(u * 7) % itemIds.length],
    };
    const list =
      candidates === null
        ? undefined
        : Array.from({ length: candidates }, (_, k) => ({ itemId: itemIds[(u * 31 + k) % itemIds.length] }));
    return JSON.stringify({ userId: `u${u}`, context, ...(list ? { candidates: list } : {}) });
  });
}

async function waitReady(url: string): Promise<void> {
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    const ok = await fetch(`${url}/readyz`).then(
      (r) => r.status === 200,
      () => false,
    );
    if (ok) return;
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error('service did not become ready within 60 s');
}

interface Run {
  requests: number;
  rps: number;
  p50: number;
  p90: number;
  p99: number;
  max: number;
  errors: number;
}

/** One autocannon run cycling through `pool`; `rate` null means as fast as possible. */
async function load(url: string, pool: string[], rate: number | null, seconds: number): Promise<Run> {
  let next = 0;
  const result = await autocannon({
    url: `${url}/v1/rank`,
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    // At a fixed rate each connection paces itself (connectionRate): `overallRate` over many
    // connections fires them together, a burst every 1/rate seconds, which measures the bursts.
    connections: rate === null ? CONNECTIONS : FIXED_CONNECTIONS,
    ...(rate === null ? {} : { connectionRate: rate / FIXED_CONNECTIONS }),
    duration: seconds,
    requests: [
      {
        setupRequest: (request) => {
          request.body = pool[next++ % pool.length];
          return request;
        },
      },
    ],
  });
  return {
    requests: result.requests.total,
    rps: result.requests.average,
    p50: result.latency.p50,
    p90: result.latency.p90,
    p99: result.latency.p99,
    max: result.latency.max,
    errors: result.non2xx + result.errors + result.timeouts,
  };
}

async function main(): Promise<void> {
  let redis: SpawnedRedis | undefined;
  try {
    redis = await spawnRedisServer();
  } catch {
    console.log(
      'redis-server not available: running without Redis (user features from the in-process cache)',
    );
  }
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const server: ChildProcess = spawn(process.execPath, ['--import', 'tsx', `${root}src/server.ts`], {
    env: {
      ...process.env,
      PORT: String(port),
      HOST: '127.0.0.1',
      LOG_LEVEL: 'warn',
      MULTIRANK_RATE_LIMIT_PER_MINUTE: '0',
      MULTIRANK_TF_BACKEND: 'wasm',
      REDIS_URL: redis ? `redis://127.0.0.1:${redis.port}/0` : '',
    },
    stdio: ['ignore', 'inherit', 'inherit'],
  });
  const rows: Record<string, unknown>[] = [];
  try {
    await waitReady(url);
    const scenarios: [string, number | null][] = [
      ['100 sent', 100],
      ['500 sent', 500],
      ['1000 sent', 1000],
      ['500 generated', null],
    ];
    for (const [name, size] of scenarios) {
      const pool = bodies(size);
      for (const body of pool) {
        const res = await fetch(`${url}/v1/rank`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body,
        });
        if (res.status !== 200) throw new Error(`warm-up ${name}: ${res.status} ${await res.text()}`);
      }
      const fixed = await load(url, pool, RATE, DURATION);
      const max = await load(url, pool, null, Math.max(5, Math.round(DURATION / 2)));
      rows.push({ scenario: name, fixedRate: RATE, fixed, max });
      console.log(
        `${name.padEnd(14)} @${RATE}/s: p50 ${fixed.p50} ms  p90 ${fixed.p90} ms  p99 ${fixed.p99} ms  max ${fixed.max} ms  errors ${fixed.errors} | ` +
          `max ${max.rps.toFixed(0)}/s (p50 ${max.p50} ms, p99 ${max.p99} ms, errors ${max.errors})`,
      );
    }
  } finally {
    server.kill('SIGTERM');
    await new Promise((r) => server.once('exit', r));
    await redis?.stop();
  }
  const summary = {
    bench: 'rank-http',
    when: new Date().toISOString(),
    cores: availableParallelism(),
    loadavgAtEnd: loadavg(),
    redis: redis !== undefined,
    durationSeconds: DURATION,
    connectionsAtMax: CONNECTIONS,
    connectionsAtFixedRate: FIXED_CONNECTIONS,
    users: USERS,
    rows,
  };
  mkdirSync(`${root}bench/results`, { recursive: true });
  writeFileSync(`${root}bench/results/rank-http.json`, `${JSON.stringify(summary, null, 2)}\n`);
  console.log(
    `\nload average at end: ${loadavg()
      .map((l) => l.toFixed(2))
      .join(' ')}`,
  );
}

await main();

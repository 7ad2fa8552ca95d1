/**
 * How fast a request the service has no room for is refused: the service as its own process
 * with 2 scoring workers and MULTIRANK_RANK_QUEUE=QUEUE (default 8), a burst of BURST (default
 * 200) concurrent 1000-candidate rank requests over 127.0.0.1; the time from send to answer of
 * every 503 (and of the 200s, for contrast). Stops by itself; the service is killed in finally.
 *
 *   npx tsx bench/shed-latency.ts          (BURST=200 QUEUE=8 ROUNDS=5)
 * Prints a table and writes bench/results/shed-latency.json.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { Agent, request } from 'node:http';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const BURST = Number(process.env.BURST ?? 200);
const QUEUE = Number(process.env.QUEUE ?? 8);
const ROUNDS = Number(process.env.ROUNDS ?? 5);
const agent = new Agent({ keepAlive: true, maxSockets: BURST });
const body = JSON.stringify({
  userId: 'u1',
  context: { device: 'tv' },
  candidates: Array.from({ length: 1000 }, (_, i) => ({ itemId: `i${i % 1000}` })),
});

function post(port: number): Promise<{ status: number; ms: number }> {
  const started = performance.now();
  return new Promise((resolve, reject) => {
    const req = request(
      {
        host: '127.0.0.1',
        port,
        path: '/v1/rank',
        method: 'POST',
        agent,
        headers: { 'content-type': 'application/json' },
      },
      (res) => {
        res.resume();
        res.on('end', () => resolve({ status: res.statusCode ?? 0, ms: performance.now() - started }));
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

// Off the hot path: a sorted copy is enough for a few thousand samples.
const percentile = (values: number[], q: number) => {
  const sorted = [...values].sort((a, b) => a - b);
  return (
    Math.round((sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? Number.NaN) * 10) / 10
  );
};

const scratch = mkdtempSync(join(tmpdir(), 'multirank-shed-'));
let child: ChildProcess | undefined;
try {
  child = spawn(process.execPath, ['--import', 'tsx', join(root, 'src/server.ts')], {
    env: {
      ...process.env,
      PORT: '0',
      HOST: '127.0.0.1',
      REDIS_URL: '',
      MULTIRANK_WORKERS: '2',
      MULTIRANK_RANK_QUEUE: String(QUEUE),
      MULTIRANK_RATE_LIMIT_PER_MINUTE: '0',
      MULTIRANK_EVENTS_FILE: join(scratch, 'events.jsonl'),
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const port = await new Promise<number>((resolve, reject) => {
    let text = '';
    child?.stdout?.on('data', (chunk: Buffer) => {
      text += chunk.toString();
      const match = /Server listening at http:\/\/127\.0\.0\.1:(\d+)/.exec(text);
      if (match) resolve(Number(match[1]));
    });
    child?.once('exit', (code) => reject(new Error(`the service exited (${code}):\n${text}`)));
  });
  const loadBefore = loadavg()[0] ?? 0;
  const shed: number[] = [];
  const served: number[] = [];
  for (let round = 0; round < ROUNDS; round++) {
    const answers = await Promise.all(Array.from({ length: BURST }, () => post(port)));
    for (const a of answers) (a.status === 503 ? shed : served).push(a.ms);
  }
  const result = {
    burst: BURST,
    queue: QUEUE,
    rounds: ROUNDS,
    shed: {
      count: shed.length,
      p50Ms: percentile(shed, 0.5),
      p99Ms: percentile(shed, 0.99),
      maxMs: percentile(shed, 1),
    },
    served: { count: served.length, p50Ms: percentile(served, 0.5), p99Ms: percentile(served, 0.99) },
    loadAverage: { before: loadBefore, after: loadavg()[0] ?? 0 },
  };
  console.log(
    `bursts of ${BURST} concurrent 1000-candidate requests, 2 workers, queue ${QUEUE}, ${ROUNDS} rounds`,
  );
  console.log('| answer | count | p50 ms | p99 ms | max ms |');
  console.log('| --- | --- | --- | --- | --- |');
  console.log(
    `| 503 | ${result.shed.count} | ${result.shed.p50Ms} | ${result.shed.p99Ms} | ${result.shed.maxMs} |`,
  );
  console.log(`| 200 | ${result.served.count} | ${result.served.p50Ms} | ${result.served.p99Ms} | |`);
  console.log(
    `load average ${result.loadAverage.before.toFixed(2)} → ${result.loadAverage.after.toFixed(2)}`,
  );
  const out = fileURLToPath(new URL('./results/', import.meta.url));
  mkdirSync(out, { recursive: true });
  writeFileSync(`${out}shed-latency.json`, `${JSON.stringify(result, null, 2)}\n`);
} finally {
  child?.kill('SIGKILL');
  agent.destroy();
  rmSync(scratch, { recursive: true, force: true });
}

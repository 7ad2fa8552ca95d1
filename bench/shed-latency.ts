/**
 * How fast a request the service has no room for is refused: the service as its own process
 * with 2 scoring workers and MULTIRANK_RANK_QUEUE=QUEUE (default 8), sent 1000-candidate rank
 * requests open-loop at RATE (default 600/s, above its ceiling) for SECONDS (default 5) over
 * 127.0.0.1; the time from each request's scheduled send to its answer, for the 503s and, for
 * contrast, the 200s. Stops by itself; the service is killed in finally.
 *
 *   npx tsx bench/shed-latency.ts          (RATE=600 SECONDS=5 QUEUE=8)
 * Prints a table and writes bench/results/shed-latency.json.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { Agent, request } from 'node:http';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const RATE = Number(process.env.RATE ?? 600);
const SECONDS = Number(process.env.SECONDS ?? 5);
const QUEUE = Number(process.env.QUEUE ?? 8);
const agent = new Agent({ keepAlive: true, maxSockets: 1024 });
const body = JSON.stringify({
  userId: 'u1',
  context: { device: 'tv' },
  candidates: Array.from({ length: 1000 }, (_, i) => ({ itemId: `i${i % 1000}` })),
});

/** Sends one request at `due` (performance.now() time); latency counts from `due`, not from the send. */
function post(port: number, due: number): Promise<{ status: number; ms: number }> {
  const started = due;
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
  const answers: Promise<void>[] = [];
  const start = performance.now() + 50;
  for (let k = 0; k < RATE * SECONDS; k++) {
    const due = start + (k * 1000) / RATE;
    const wait = due - performance.now();
    if (wait > 1) await new Promise((resolve) => setTimeout(resolve, wait));
    answers.push(post(port, due).then((a) => void (a.status === 503 ? shed : served).push(a.ms)));
  }
  await Promise.all(answers);
  const result = {
    rate: RATE,
    seconds: SECONDS,
    queue: QUEUE,
    shed: {
      count: shed.length,
      p50Ms: percentile(shed, 0.5),
      p99Ms: percentile(shed, 0.99),
      maxMs: percentile(shed, 1),
    },
    served: { count: served.length, p50Ms: percentile(served, 0.5), p99Ms: percentile(served, 0.99) },
    loadAverage: { before: loadBefore, after: loadavg()[0] ?? 0 },
  };
  console.log(`1000-candidate requests at ${RATE}/s open-loop for ${SECONDS} s, 2 workers, queue ${QUEUE}`);
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

/**
 * POST /v1/rank over real HTTP: the service as a separate process (`src/server.ts`, shipped
 * model, wasm TF.js backend for whatever runs on TF.js, its own redis-server when one is
 * installed), loaded OPEN-LOOP from this process on 127.0.0.1 (bench/lib/open-loop.ts): requests
 * leave on a fixed schedule whether or not earlier answers came back, and latency is measured
 * from each request's scheduled send time, so a service that cannot keep up shows it as latency
 * and as an achieved rate below the target (the scenario is marked INVALID below 95%).
 *
 *   1. cold: the first COLD_SECONDS after /readyz first answers 200, 500 sent candidates at
 *      RATE/s, on a fresh process (timed from spawn) with nothing cached;
 *   2. for 100, 500 and 1000 sent candidates, and for the 500 the generators fill in: every user
 *      of the pool ranked once (warm caches), then SECONDS at RATE/s: sent and answered rates,
 *      p50/p90/p99/max from the scheduled time, answers by status;
 *   3. per scenario, the ceiling: the highest rate whose CEILING_SECONDS run keeps up, answers
 *      only 200s and has p99 ≤ CEILING_P99_MS (bench/lib/rate-ceiling.ts: ×1.5 steps from RATE,
 *      then bisection to 5 req/s or 10%).
 * The service's warnings and errors (LOG_LEVEL=warn) are counted by the phase they came in.
 *
 *   npx tsx bench/rank-http.ts
 *   env: RATE=50 SECONDS=20 COLD_SECONDS=5 CEILING_SECONDS=4 CEILING_P99_MS=50 CEILING_MAX_STEPS=7
 *        CEILING=1 ARRIVALS=uniform|poisson SEED=1 USERS=200 MAX_SOCKETS=64 TIMEOUT_MS=10000
 * Defaults take under 4 minutes (204–227 s on 2 cores). Prints a table and writes
 * bench/results/rank-http.json. Stops by itself (fixed durations); the service and redis-server
 * are stopped in `finally`, also on Ctrl-C. The service's /metrics counters of Redis errors,
 * breaker opens and worker restarts are read after each scenario. Nothing leaves 127.0.0.1.
 */
import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { Agent } from 'node:http';
import { availableParallelism, loadavg } from 'node:os';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { freePort } from '../test/helpers/ports.js';
import { type SpawnedRedis, spawnRedisServer } from '../test/helpers/redis.js';
import { type Arrivals, type OpenLoopResult, openLoop } from './lib/open-loop.js';
import { type Ceiling, type CeilingStep, searchCeiling } from './lib/rate-ceiling.js';

const num = (name: string, fallback: number): number => {
  const value = Number(process.env[name] ?? fallback);
  if (!Number.isFinite(value) || value < 0) throw new Error(`${name} must be a non-negative number`);
  return value;
};
const RATE = num('RATE', 50);
const SECONDS = num('SECONDS', 20);
const COLD_SECONDS = num('COLD_SECONDS', 5);
const CEILING = num('CEILING', 1) !== 0;
const CEILING_SECONDS = num('CEILING_SECONDS', 4);
const CEILING_P99_MS = num('CEILING_P99_MS', 50);
const CEILING_MAX_STEPS = num('CEILING_MAX_STEPS', 7);
const ARRIVALS = (process.env.ARRIVALS ?? 'uniform') as Arrivals;
if (ARRIVALS !== 'uniform' && ARRIVALS !== 'poisson') throw new Error('ARRIVALS must be uniform or poisson');
const SEED = num('SEED', 1);
const USERS = num('USERS', 200);
const MAX_SOCKETS = num('MAX_SOCKETS', 64);
const TIMEOUT_MS = num('TIMEOUT_MS', 10_000);
/** Quiet time between runs, so one run's backlog and collections do not land in the next. */
const PAUSE_MS = 1000;
const root = fileURLToPath(new URL('..', import.meta.url));

const itemIds = readFileSync(`${root}models/default/items.jsonl`, 'utf8')
  .trim()
  .split('\n')
  .map((line) => (JSON.parse(line) as { item_id: string }).item_id);

/** Request bodies for one scenario: `candidates` items (or null: generated), one body per user. */
function bodies(candidates: number | null): Buffer[] {
  return Array.from({ length: USERS }, (_, u) => {
    const context = {
      device: ['mobile', 'desktop', 'tv'][u % 3],
      current_item_id: itemIds[(u * 7) % itemIds.length],
    };
    const list =
      candidates === null
        ? undefined
        : Array.from({ length: candidates }, (_, k) => ({ itemId: itemIds[(u * 31 + k) % itemIds.length] }));
    return Buffer.from(JSON.stringify({ userId: `u${u}`, context, ...(list ? { candidates: list } : {}) }));
  });
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const load1 = (): number => loadavg()[0]!;

let stopping = false;
function interrupted(): void {
  console.log('\ninterrupted: finishing the run in flight, then stopping the service');
  stopping = true;
}

/** Polls /readyz every 50 ms until it answers 200; returns its body. */
async function waitReady(url: string, server: ChildProcess): Promise<Record<string, unknown>> {
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline && !stopping) {
    if (server.exitCode !== null) throw new Error(`service exited with ${server.exitCode} before ready`);
    const body = await fetch(`${url}/readyz`).then(
      async (r) => (r.status === 200 ? ((await r.json()) as Record<string, unknown>) : null),
      () => null,
    );
    if (body) return body;
    await sleep(50);
  }
  throw new Error('service did not become ready within 60 s');
}

/** Warnings and errors the service logged, counted by the bench phase they arrived in. */
class ServiceLog {
  phase = 'start-up';
  readonly counts = new Map<string, { phase: string; level: string; message: string; count: number }>();

  attach(stream: NodeJS.ReadableStream): void {
    createInterface({ input: stream }).on('line', (line) => this.add(line));
  }

  /** The last lines as written, shown when the service fails. */
  readonly tail: string[] = [];

  private add(line: string): void {
    this.tail.push(line);
    if (this.tail.length > 20) this.tail.shift();
    let level = 'raw';
    let message = line.slice(0, 200);
    try {
      const entry = JSON.parse(line) as { level?: number; msg?: string; err?: unknown };
      level =
        entry.level === undefined ? 'raw' : ({ 40: 'warn', 50: 'error', 60: 'fatal' }[entry.level] ?? 'info');
      message = `${entry.msg ?? ''}${entry.err ? ` (${String(entry.err).slice(0, 120)})` : ''}`;
    } catch {
      // not pino JSON (a stack trace, a runtime warning): kept as it is
    }
    const key = `${this.phase}\t${level}\t${message}`;
    const known = this.counts.get(key);
    if (known) known.count++;
    else this.counts.set(key, { phase: this.phase, level, message, count: 1 });
  }
}

/** Counters of /metrics that say the service degraded or failed (Redis errors, breaker, worker restarts). */
const WATCHED =
  /^multirank_(redis_errors_total|redis_skipped_total|redis_circuit_opens_total|scoring_worker_restarts_total|user_origin_errors_total)\b/;

/** The watched counters' series (name with labels → value); empty when /metrics does not answer. */
async function counters(url: string): Promise<Map<string, number>> {
  const text = await fetch(`${url}/metrics`).then(
    (r) => r.text(),
    () => '',
  );
  const series = new Map<string, number>();
  for (const row of text.split('\n')) {
    if (!WATCHED.test(row)) continue;
    const cut = row.lastIndexOf(' ');
    series.set(row.slice(0, cut), Number(row.slice(cut + 1)));
  }
  return series;
}

/** What rose between two scrapes. */
function rises(before: Map<string, number>, after: Map<string, number>): Record<string, number> {
  const out: Record<string, number> = {};
  for (const [name, value] of after) {
    const delta = value - (before.get(name) ?? 0);
    if (delta > 0) out[name] = delta;
  }
  return out;
}

const ms = (v: number | null | undefined): string =>
  v === null || v === undefined || Number.isNaN(v) ? '–' : v >= 100 ? v.toFixed(0) : v.toFixed(1);

function statusCounts(r: OpenLoopResult): { ok: number; shed: number; other: number } {
  const ok = r.statuses['200'] ?? 0;
  const shed = r.statuses['503'] ?? 0;
  return { ok, shed, other: r.completed - ok - shed };
}

function line(name: string, r: OpenLoopResult): string {
  const s = statusCounts(r);
  return (
    `${name.padEnd(16)} target ${r.targetRate}/s  sent ${r.sendRate.toFixed(1)}/s  answered ${r.completionRate.toFixed(1)}/s  ` +
    `n ${r.completed}  p50 ${ms(r.p50)}  p90 ${ms(r.p90)}  p99 ${ms(r.p99)}  max ${ms(r.max)} ms  ` +
    `200/503/other ${s.ok}/${s.shed}/${s.other}  send lag p99 ${ms(r.sendLagP99)} ms${r.valid ? '' : '  INVALID (< 95% of target)'}`
  );
}

function tableRow(name: string, r: OpenLoopResult): string {
  const s = statusCounts(r);
  return `| ${name} | ${r.targetRate} | ${r.sendRate.toFixed(1)} | ${r.completionRate.toFixed(1)} | ${r.completed} | ${ms(r.p50)} | ${ms(r.p90)} | ${ms(r.p99)} | ${ms(r.max)} | ${s.ok} / ${s.shed} / ${s.other} | ${ms(r.sendLagP99)} | ${r.valid ? 'yes' : '**INVALID**'} |`;
}

function git(args: string[]): string {
  try {
    return execFileSync('git', args, { cwd: root, encoding: 'utf8' }).trim();
  } catch {
    return 'unknown';
  }
}

async function stopServer(server: ChildProcess): Promise<void> {
  if (server.exitCode !== null || server.signalCode !== null) return;
  const exited = new Promise((r) => server.once('exit', r));
  server.kill('SIGTERM');
  const timer = setTimeout(() => server.kill('SIGKILL'), 15_000);
  await exited;
  clearTimeout(timer);
}

interface ScenarioRow {
  scenario: string;
  candidates: number | null;
  loadavg1Before: number;
  fixed: OpenLoopResult;
  ceiling: Ceiling | null;
  /** Watched /metrics counters that rose during the scenario (warm-up, fixed rate and ceiling). */
  counterRises: Record<string, number>;
}

async function main(): Promise<void> {
  process.once('SIGINT', interrupted);
  process.once('SIGTERM', interrupted);
  const began = performance.now();
  const loadBefore = loadavg();
  console.log(
    `load average (1 min) before: ${loadBefore[0]!.toFixed(2)} on ${availableParallelism()} cores; ` +
      `arrivals ${ARRIVALS}${ARRIVALS === 'poisson' ? ` (seed ${SEED})` : ''}, latency from the scheduled send time`,
  );
  const head = git(['rev-parse', '--short', 'HEAD']);
  const srcChanges = git(['status', '--porcelain', '--', 'src']);

  let redis: SpawnedRedis | undefined;
  let server: ChildProcess | undefined;
  const agent = new Agent({ keepAlive: true, maxSockets: MAX_SOCKETS });
  const log = new ServiceLog();
  const rows: ScenarioRow[] = [];
  let cold:
    | {
        spawnToReadyMs: number;
        readyz: Record<string, unknown>;
        run: OpenLoopResult;
        counterRises: Record<string, number>;
      }
    | undefined;

  try {
    try {
      redis = await spawnRedisServer();
    } catch {
      console.log(
        'redis-server not available: running without Redis (user features from the in-process cache)',
      );
    }
    const port = await freePort();
    const url = `http://127.0.0.1:${port}`;
    const run = (pool: Buffer[], rate: number, seconds: number): Promise<OpenLoopResult> =>
      openLoop({
        host: '127.0.0.1',
        port,
        path: '/v1/rank',
        bodies: pool,
        rate,
        seconds,
        arrivals: ARRIVALS,
        seed: SEED,
        agent,
        timeoutMs: TIMEOUT_MS,
        stopped: () => stopping,
      });
    const check = (): void => {
      if (stopping) throw new Error('interrupted');
      if (server && server.exitCode !== null) throw new Error(`service exited with ${server.exitCode}`);
    };

    // 1. From process start: spawn, wait for /readyz, load at once with nothing warmed.
    const pools = new Map<string, Buffer[]>();
    const scenarios: [string, number | null][] = [
      ['100 sent', 100],
      ['500 sent', 500],
      ['1000 sent', 1000],
      ['500 generated', null],
    ];
    for (const [name, size] of scenarios) pools.set(name, bodies(size));
    const spawnedAt = performance.now();
    server = spawn(process.execPath, ['--import', 'tsx', `${root}src/server.ts`], {
      env: {
        ...process.env,
        PORT: String(port),
        HOST: '127.0.0.1',
        LOG_LEVEL: 'warn',
        MULTIRANK_RATE_LIMIT_PER_MINUTE: '0',
        MULTIRANK_TF_BACKEND: 'wasm',
        REDIS_URL: redis ? `redis://127.0.0.1:${redis.port}/0` : '',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    log.attach(server.stdout!);
    log.attach(server.stderr!);
    const readyz = await waitReady(url, server);
    const spawnToReadyMs = performance.now() - spawnedAt;
    log.phase = 'cold';
    const coldRun = await run(pools.get('500 sent')!, RATE, COLD_SECONDS);
    let scraped = await counters(url);
    cold = { spawnToReadyMs, readyz, run: coldRun, counterRises: rises(new Map(), scraped) };
    console.log(
      `service ready ${(spawnToReadyMs / 1000).toFixed(1)} s after spawn (status ${String(readyz.status)}, engine ${String(readyz.engine)}, ` +
        `degraded [${(readyz.degraded as string[] | undefined)?.join(', ') ?? ''}])`,
    );
    console.log(line(`cold 500 sent`, coldRun));

    // 2 and 3. Warm, fixed rate; then the ceiling.
    for (const [name, size] of scenarios) {
      check();
      const pool = pools.get(name)!;
      log.phase = `${name} warm-up`;
      for (const body of pool) {
        const res = await fetch(`${url}/v1/rank`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body,
        });
        if (res.status !== 200) throw new Error(`warm-up ${name}: ${res.status} ${await res.text()}`);
        await res.arrayBuffer();
      }
      await sleep(PAUSE_MS);
      const loadavg1Before = load1();
      log.phase = `${name} @${RATE}/s`;
      const fixed = await run(pool, RATE, SECONDS);
      console.log(line(name, fixed));
      let ceiling: Ceiling | null = null;
      if (CEILING) {
        log.phase = `${name} ceiling`;
        ceiling = await searchCeiling(
          async (rate) => {
            check();
            await sleep(PAUSE_MS);
            return run(pool, rate, CEILING_SECONDS);
          },
          {
            boundMs: CEILING_P99_MS,
            startRate: RATE,
            startResult: fixed,
            resolution: 5,
            minRate: 5,
            maxRate: 2000,
            maxSteps: CEILING_MAX_STEPS,
          },
          (step: CeilingStep) => {
            if (step.result !== fixed)
              console.log(
                `  ${line(`ceiling ${step.rate}/s`, step.result)}${step.pass ? '  pass' : `  fail: ${step.reasons.join(', ')}`}`,
              );
          },
        );
        console.log(
          `  ${name}: ceiling (p99 ≤ ${CEILING_P99_MS} ms) ${ceiling.rate ?? `< ${Math.min(...ceiling.steps.map((s) => s.rate))}`} req/s, ` +
            `p99 ${ms(ceiling.p99)} ms there; first failing rate ${ceiling.firstFail ?? 'none tried'}`,
        );
        await sleep(PAUSE_MS);
      }
      const now = await counters(url);
      rows.push({
        scenario: name,
        candidates: size,
        loadavg1Before,
        fixed,
        ceiling,
        counterRises: rises(scraped, now),
      });
      scraped = now;
    }
  } catch (error) {
    if (log.tail.length > 0) console.error(`the service's last log lines:\n${log.tail.join('\n')}`);
    throw error;
  } finally {
    process.removeListener('SIGINT', interrupted);
    process.removeListener('SIGTERM', interrupted);
    if (server) await stopServer(server);
    await redis?.stop();
    agent.destroy();
  }

  const loadAfter = loadavg();
  const wallSeconds = (performance.now() - began) / 1000;

  console.log(
    '\n| scenario | target req/s | sent req/s | answered req/s | n | p50 ms | p90 ms | p99 ms | max ms | 200 / 503 / other | send lag p99 ms | valid |',
  );
  console.log('| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |');
  if (cold) console.log(tableRow(`first ${COLD_SECONDS} s after ready, 500 sent`, cold.run));
  for (const row of rows) console.log(tableRow(row.scenario, row.fixed));
  if (CEILING) {
    console.log(
      `\n| scenario | ceiling req/s (p99 ≤ ${CEILING_P99_MS} ms) | p99 there ms | first failing rate (why, p99 ms) | rates tried |`,
    );
    console.log('| --- | --- | --- | --- | --- |');
    for (const { scenario, ceiling } of rows) {
      if (!ceiling) continue;
      const failed = ceiling.steps.find((s) => s.rate === ceiling.firstFail);
      console.log(
        `| ${scenario} | ${ceiling.rate ?? '–'} | ${ms(ceiling.p99)} | ${failed ? `${failed.rate} (${failed.reasons.join(', ')}, ${ms(failed.result.p99)})` : '–'} | ${ceiling.steps.map((s) => s.rate).join(', ')} |`,
      );
    }
  }
  const warm = rows.find((r) => r.scenario === '500 sent');
  if (cold && warm) {
    console.log(
      `\ncold start: ready ${(cold.spawnToReadyMs / 1000).toFixed(1)} s after spawn; 500 sent at ${RATE}/s, p99 ${ms(cold.run.p99)} ms ` +
        `in the first ${COLD_SECONDS} s after ready against ${ms(warm.fixed.p99)} ms warm (max ${ms(cold.run.max)} vs ${ms(warm.fixed.max)} ms)`,
    );
  }
  const risen = [
    ...(cold ? [['cold', cold.counterRises] as const] : []),
    ...rows.map((r) => [r.scenario, r.counterRises] as const),
  ].flatMap(([phase, rose]) => Object.entries(rose).map(([name, delta]) => `  [${phase}] ${name} +${delta}`));
  console.log(
    risen.length === 0
      ? '\nservice counters: no Redis errors, skipped Redis calls, breaker opens, origin errors or worker restarts'
      : `\nservice counters that rose:\n${risen.join('\n')}`,
  );
  const logged = [...log.counts.values()].filter((e) => e.level !== 'info');
  console.log(
    logged.length === 0
      ? '\nservice log: no warnings or errors'
      : '\nservice log (warn and above), by phase:',
  );
  for (const e of logged)
    console.log(`  ${String(e.count).padStart(5)} × [${e.phase}] ${e.level}: ${e.message}`);
  console.log(
    `\nload average (1 min): before ${loadBefore[0]!.toFixed(2)}, after ${loadAfter[0]!.toFixed(2)} ` +
      `(5 min ${loadAfter[1]!.toFixed(2)}); ${availableParallelism()} cores; wall ${wallSeconds.toFixed(0)} s; ` +
      `src at ${head}${srcChanges ? ' with uncommitted changes' : ''}`,
  );

  const summary = {
    bench: 'rank-http',
    when: new Date().toISOString(),
    cores: availableParallelism(),
    loadavgBefore: loadBefore,
    loadavgAfter: loadAfter,
    wallSeconds,
    git: { head, srcChanges: srcChanges ? srcChanges.split('\n') : [] },
    redis: redis !== undefined,
    method: {
      loop: 'open',
      arrivals: ARRIVALS,
      seed: ARRIVALS === 'poisson' ? SEED : null,
      latencyFrom: 'scheduled send time',
      client: `node:http keep-alive agent, maxSockets ${MAX_SOCKETS}`,
      invalidBelow: 'sent or answered rate < 95% of target',
      timeoutMs: TIMEOUT_MS,
    },
    rate: RATE,
    seconds: SECONDS,
    coldSeconds: COLD_SECONDS,
    ceilingSeconds: CEILING_SECONDS,
    ceilingP99Ms: CEILING_P99_MS,
    users: USERS,
    cold: cold ?? null,
    rows,
    serviceLog: [...log.counts.values()],
  };
  mkdirSync(`${root}bench/results`, { recursive: true });
  writeFileSync(`${root}bench/results/rank-http.json`, `${JSON.stringify(summary, null, 2)}\n`);
}

await main();

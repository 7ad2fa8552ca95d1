/**
 * The service as a separate process for the catalog benches (as bench/rank-http.ts runs it:
 * `node --import tsx src/server.ts`, shipped model, wasm TF.js for what runs on TF.js), with the
 * admin key set, and what they read from it: readiness, the catalog's state, resident memory.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { freePort } from '../../test/helpers/ports.js';

export const ROOT = fileURLToPath(new URL('../..', import.meta.url));
export const ADMIN_KEY = 'bench-admin-key-0123456789abcdef';

/** A running service. */
export interface Service {
  url: string;
  port: number;
  child: ChildProcess;
  /** Milliseconds from spawn to the first 200 of /readyz. */
  readyMs: number;
  /** Lines the service printed (pino JSON at LOG_LEVEL), kept for the bench to read. */
  lines: string[];
  stop(): Promise<void>;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Spawns the service on a free port with `env` over the bench defaults; resolves once /readyz answers 200. */
export async function startService(env: NodeJS.ProcessEnv, readyWithinMs = 600_000): Promise<Service> {
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const started = performance.now();
  const profile = process.env.PROFILE_DIR ? ['--cpu-prof', `--cpu-prof-dir=${process.env.PROFILE_DIR}`] : [];
  const child = spawn(process.execPath, [...profile, '--import', 'tsx', `${ROOT}/src/server.ts`], {
    env: {
      ...process.env,
      PORT: String(port),
      HOST: '127.0.0.1',
      LOG_LEVEL: 'info',
      MULTIRANK_ADMIN_KEY: ADMIN_KEY,
      MULTIRANK_RATE_LIMIT_PER_MINUTE: '0',
      MULTIRANK_TF_BACKEND: 'wasm',
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const lines: string[] = [];
  for (const stream of [child.stdout!, child.stderr!]) {
    let rest = '';
    stream.on('data', (chunk: Buffer) => {
      const parts = (rest + chunk.toString()).split('\n');
      rest = parts.pop() ?? '';
      lines.push(...parts);
    });
  }
  const stop = async () => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), 20_000);
    await exited;
    clearTimeout(timer);
  };
  const deadline = Date.now() + readyWithinMs;
  for (;;) {
    if (child.exitCode !== null)
      throw new Error(`service exited with ${child.exitCode}:\n${lines.slice(-20).join('\n')}`);
    if (Date.now() > deadline) {
      await stop();
      throw new Error('service not ready in time');
    }
    const ok = await fetch(`${url}/readyz`).then(
      (r) => r.status === 200,
      () => false,
    );
    if (ok) break;
    await sleep(50);
  }
  return { url, port, child, readyMs: performance.now() - started, lines, stop };
}

/** Resident and peak resident memory of a process in MB (Linux /proc; its worker threads included). */
export function memoryMb(pid: number): { rss: number; peak: number } {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = (field: string) => Number(new RegExp(`${field}:\\s+(\\d+) kB`).exec(status)?.[1] ?? Number.NaN);
  return { rss: kb('VmRSS') / 1024, peak: kb('VmHWM') / 1024 };
}

/** The `catalog` component of /readyz: its status and detail. */
export async function catalogState(url: string): Promise<{ status: string; detail: string }> {
  const body = (await (await fetch(`${url}/readyz`)).json()) as {
    components: { name: string; status: string; detail?: string }[];
  };
  const component = body.components.find((c) => c.name === 'catalog');
  return { status: component?.status ?? 'absent', detail: component?.detail ?? '' };
}

/** The live item count the catalog component reports. */
export async function liveItems(url: string): Promise<number> {
  const { detail } = await catalogState(url);
  return Number(/^(\d+) live items/.exec(detail)?.[1] ?? 0);
}

/** A JSON call with the admin key; resolves with the status and parsed body. */
export async function call(
  url: string,
  method: string,
  path: string,
  body?: unknown,
): Promise<{ status: number; json: unknown }> {
  const res = await fetch(`${url}${path}`, {
    method,
    headers: {
      'x-api-key': ADMIN_KEY,
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
    },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const text = await res.text();
  return { status: res.status, json: text ? JSON.parse(text) : null };
}

/** Item `i` of a synthetic catalog, with the shipped model's item columns (upload times within a year). */
export function syntheticItem(
  prefix: string,
  i: number,
): { itemId: string; features: Record<string, unknown> } {
  return {
    itemId: `${prefix}${i}`,
    features: {
      topic: `t${String(i % 30).padStart(2, '0')}`,
      duration_seconds: 30 + ((i * 7919) % 3600),
      upload_time: 1_735_689_600 + ((i * 104_729) % 31_536_000),
      creator_id: `c${i % 5000}`,
    },
  };
}

/**
 * What the dashboard's browser test, its screenshot script (scripts/dashboard-screenshots.ts) and
 * its bench (bench/dashboard.ts) share: the service as a real process, Debian's headless chromium
 * through playwright-core, console errors collected, and an experiment with events to show.
 * Nothing here waits on the clock: each step waits for the output, the answer or the selector.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, symlinkSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type Browser, chromium, type Page } from 'playwright-core';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const LISTENING = /Server listening at (http:\/\/127\.0\.0\.1:\d+)/;

/** The admin key the harness starts the service with. */
export const ADMIN_KEY = 'dashboard-test-admin-key-0123456789';

/** Where Debian's chromium is (`apt-get install -y chromium`), or CHROMIUM_PATH. */
export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/** A running service process. */
export interface Service {
  base: string;
  child: ChildProcess;
  output(): string;
  stop(): Promise<void>;
}

/** Ends `child` (SIGTERM, then SIGKILL if it lingers past `graceMs`); resolves once it exited. */
export async function stopChild(child: ChildProcess, graceMs = 10_000): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
  await exited;
  clearTimeout(timer);
}

/** Starts `multirank serve` from the sources on a free port with Redis at `redisUrl`. */
export async function startService(env: NodeJS.ProcessEnv): Promise<Service> {
  const scratch = mkdtempSync(join(tmpdir(), 'multirank-dashboard-'));
  const child = spawn(process.execPath, [join(ROOT, 'bin/multirank.mjs'), 'serve'], {
    cwd: ROOT,
    env: {
      ...process.env,
      HOST: '127.0.0.1',
      PORT: '0',
      LOG_LEVEL: 'info',
      MULTIRANK_ADMIN_KEY: ADMIN_KEY,
      MULTIRANK_WORKERS: '1',
      MULTIRANK_RATE_LIMIT_PER_MINUTE: '0',
      MULTIRANK_EVENTS_FILE: join(scratch, 'events.jsonl'),
      MULTIRANK_EVENTS_SPOOL: join(scratch, 'spool.jsonl'),
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let text = '';
  const base = new Promise<string>((resolve, reject) => {
    const onData = (chunk: Buffer) => {
      text += chunk.toString();
      const match = LISTENING.exec(text);
      if (match) resolve(match[1] as string);
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', onData);
    child.once('exit', (code) => reject(new Error(`service exited (${code}) before listening:\n${text}`)));
  });
  const stop = async () => {
    await stopChild(child);
    await rm(scratch, { recursive: true, force: true });
  };
  try {
    return { base: await base, child, output: () => text, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}

/** Launches headless chromium; fails with the install line when it is missing. */
export async function launchBrowser(): Promise<Browser> {
  if (!existsSync(CHROMIUM)) {
    throw new Error(`no chromium at ${CHROMIUM}: apt-get install -y chromium (or set CHROMIUM_PATH)`);
  }
  // --no-sandbox: CI and these machines run as root, where chromium refuses its sandbox.
  return chromium.launch({ executablePath: CHROMIUM, headless: true, args: ['--no-sandbox'] });
}

/** Collects the page's console errors and uncaught exceptions. */
export function consoleErrors(page: Page): string[] {
  const errors: string[] = [];
  page.on('console', (message) => {
    if (message.type() === 'error') errors.push(`console: ${message.text()} (${message.location().url})`);
  });
  page.on('pageerror', (error) => errors.push(`page error: ${error.message}`));
  return errors;
}

/** POSTs events to the service in batches of 500; resolves to how many it stored. */
export async function sendEvents(base: string, events: object[]): Promise<number> {
  let stored = 0;
  for (let at = 0; at < events.length; at += 500) {
    const response = await fetch(`${base}/v1/events`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ events: events.slice(at, at + 500) }),
    });
    if (!response.ok) throw new Error(`POST /v1/events: ${response.status} ${await response.text()}`);
    stored += ((await response.json()) as { stored: number }).stored;
  }
  return stored;
}

/** A seeded generator of numbers in [0, 1) (mulberry32): the same events on every run. */
function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * Events of `users` users per variant, spread over the last `days` UTC days (1: all today): each
 * user sees `perUser` impressions and clicks, watches and likes at random, later variants a little
 * more often, with a weekly swing; every event names the experiment and the variant.
 */
export function experimentEvents(
  experiment: string,
  variants: string[],
  users: number,
  days = 1,
  perUser = 4,
) {
  const events: object[] = [];
  const now = Date.now();
  const draw = random(experiment.length * 7919 + users);
  variants.forEach((variant, v) => {
    for (let u = 0; u < users; u++) {
      const userId = `${experiment}-${variant}-u${u}`;
      const day = u % days;
      const timestamp = now - day * 86_400_000;
      const clickRate = 0.22 + 0.05 * v + 0.04 * Math.sin(day);
      for (let i = 0; i < perUser; i++) {
        const common = {
          userId,
          itemId: `i${(u * 7 + i) % 900}`,
          experimentId: experiment,
          variant,
          timestamp,
        };
        const id = `${userId}-${i}`;
        events.push({ ...common, eventId: `${id}-imp`, type: 'impression', position: i + 1 });
        if (draw() < clickRate) {
          events.push({ ...common, eventId: `${id}-click`, type: 'click' });
          events.push({
            ...common,
            eventId: `${id}-watch`,
            type: 'watch',
            value: Math.round(20 + 100 * draw()),
          });
          if (draw() < 0.3 + 0.1 * v) events.push({ ...common, eventId: `${id}-like`, type: 'like' });
        }
      }
    }
  });
  return events;
}

/** Creates `id` (running, half the traffic, control against more likes and fewer dismissals) and sends its events. */
export async function seedExperiment(base: string, id: string, users = 280, days = 7): Promise<void> {
  const put = await fetch(`${base}/v1/experiments/${id}`, {
    method: 'PUT',
    headers: { 'content-type': 'application/json', 'x-api-key': ADMIN_KEY },
    body: JSON.stringify({
      status: 'running',
      traffic: 0.5,
      variants: [
        { name: 'control', allocation: 1, profile: { form: 'sum', weights: { click: 1 } } },
        {
          name: 'more-likes',
          allocation: 1,
          profile: { form: 'sum', weights: { click: 1, like: 2, dismiss: -2 } },
        },
      ],
    }),
  });
  if (!put.ok) throw new Error(`PUT /v1/experiments/${id}: ${put.status} ${await put.text()}`);
  await sendEvents(base, experimentEvents(id, ['control', 'more-likes'], users, days));
}

/**
 * A models folder holding `default`: the shipped bundle's files, linked, with the reports the
 * dashboard shows (sweep.json and evaluation.json: the shipped model evaluated on its validation
 * split; see docs/dashboard.md).
 */
export function modelsWithReports(): { dir: string; remove(): Promise<void> } {
  const dir = mkdtempSync(join(tmpdir(), 'multirank-models-'));
  const bundle = join(dir, 'default');
  mkdirSync(bundle);
  const shipped = join(ROOT, 'models/default');
  for (const name of readdirSync(shipped)) symlinkSync(join(shipped, name), join(bundle, name));
  return { dir, remove: () => rm(dir, { recursive: true, force: true }) };
}

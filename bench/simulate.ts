/**
 * Throughput and memory of `multirank simulate`: wall time, impressions per second and peak
 * RSS for one or more log sizes. Each size runs in its own child process, so that peak RSS
 * belongs to that size alone; output goes to a temp dir that is removed afterwards.
 *
 *   npx tsx bench/simulate.ts
 *   IMPRESSIONS=1000000,5000000 USERS=100000 ITEMS=50000 FORMAT=both npx tsx bench/simulate.ts
 * Prints a table and writes bench/results/simulate.json.
 */
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type OutputFormat, simulate } from '../src/sim/simulate.js';

const SLATE = 10;
const settings = {
  impressions: (process.env.IMPRESSIONS ?? '1000000').split(',').map(Number),
  users: Number(process.env.USERS ?? 100_000),
  items: Number(process.env.ITEMS ?? 50_000),
  format: (process.env.FORMAT ?? 'both') as OutputFormat,
  seed: Number(process.env.SEED ?? 1),
};

/** One measured run. */
interface Result {
  impressions: number;
  requests: number;
  users: number;
  items: number;
  format: OutputFormat;
  wallSeconds: number;
  impressionsPerSecond: number;
  peakRssMb: number;
  outputMb: number;
}

/** Child side: simulate one size and print the measurement as a JSON line. */
async function measure(impressions: number): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'multirank-bench-sim-'));
  const requests = Math.ceil(impressions / SLATE);
  try {
    const started = performance.now();
    const { counts } = await simulate({ ...settings, outDir: dir, requests, slateSize: SLATE });
    const wallSeconds = (performance.now() - started) / 1000;
    const bytes = readdirSync(dir).reduce((sum, name) => sum + statSync(join(dir, name)).size, 0);
    const result: Result = {
      impressions: counts.impressions,
      requests,
      users: settings.users,
      items: settings.items,
      format: settings.format,
      wallSeconds: Math.round(wallSeconds * 100) / 100,
      impressionsPerSecond: Math.round(counts.impressions / wallSeconds),
      // maxRSS is in kilobytes.
      peakRssMb: Math.round(process.resourceUsage().maxRSS / 1024),
      outputMb: Math.round(bytes / 2 ** 20),
    };
    process.stdout.write(`${JSON.stringify(result)}\n`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Parent side: one child process per size. */
function runChild(impressions: number): Promise<Result> {
  const self = fileURLToPath(import.meta.url);
  const child = spawn(process.execPath, [...process.execArgv, self], {
    env: { ...process.env, BENCH_CHILD_IMPRESSIONS: String(impressions) },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  let out = '';
  child.stdout.on('data', (chunk: Buffer) => {
    out += chunk.toString();
  });
  return new Promise((resolve, reject) => {
    child.on('exit', (code) => {
      if (code !== 0) reject(new Error(`bench child for ${impressions} impressions exited with ${code}`));
      else resolve(JSON.parse(out.trim().split('\n').at(-1) ?? '{}') as Result);
    });
  });
}

function printTable(results: Result[]): void {
  const rows = [
    ['impressions', 'users', 'items', 'format', 'wall s', 'impressions/s', 'peak RSS MB', 'output MB'],
    ...results.map((r) => [
      r.impressions.toLocaleString('en-US'),
      r.users.toLocaleString('en-US'),
      r.items.toLocaleString('en-US'),
      r.format,
      r.wallSeconds.toFixed(1),
      r.impressionsPerSecond.toLocaleString('en-US'),
      String(r.peakRssMb),
      String(r.outputMb),
    ]),
  ];
  const widths = rows[0]?.map((_, c) => Math.max(...rows.map((row) => (row[c] ?? '').length))) ?? [];
  for (const row of rows) console.log(row.map((cell, c) => cell.padStart(widths[c] ?? 0)).join('  '));
}

const child = process.env.BENCH_CHILD_IMPRESSIONS;
if (child) {
  await measure(Number(child));
} else {
  const results: Result[] = [];
  for (const impressions of settings.impressions) results.push(await runChild(impressions));
  printTable(results);
  const out = fileURLToPath(new URL('./results/', import.meta.url));
  mkdirSync(out, { recursive: true });
  const record = { bench: 'simulate', node: process.version, date: new Date().toISOString(), results };
  writeFileSync(join(out, 'simulate.json'), `${JSON.stringify(record, null, 2)}\n`);
}

/**
 * Memory of the scoring workers: the service's resident set (RSS, every thread of the process)
 * once it is ready, with 1, 2 and 4 scoring workers (MULTIRANK_WORKERS; 1 scores on the event
 * loop, no worker), for the shipped model and for the same model with a 1,000,000-item catalog
 * (items.jsonl). The main thread holds the catalog: each item's record and its encoded row, once
 * (ranking/live-catalog.ts); a worker holds the bundle and its engine only, no catalog, and gets
 * the candidates' rows copied into each job. The difference per added worker is what one worker
 * costs, which should not grow with the catalog; the catalog's cost is the difference between
 * the two catalogs at the same worker count. With 1M items the RSS at ready also holds the load's
 * garbage, collected at no set time, so those rows vary by a few hundred MB from run to run.
 *
 *   npx tsx bench/worker-memory.ts          (WORKERS=1,2,4 ITEMS=1000000)
 * Prints a table and writes bench/results/worker-memory.json.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import {
  cpSync,
  createWriteStream,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { setBundleOnnx } from '../src/model/bundle-onnx.js';
import { Rng } from '../src/util/random.js';

const root = fileURLToPath(new URL('..', import.meta.url));
const WORKERS = (process.env.WORKERS ?? '1,2,4').split(',').map(Number);
const ITEMS = Number(process.env.ITEMS ?? 1_000_000);

/** The shipped bundle with an item table of `count` synthetic items (items.jsonl is not hashed). */
async function bigCatalogBundle(dir: string, count: number): Promise<void> {
  cpSync(join(root, 'models/default'), dir, { recursive: true });
  const rng = new Rng(9, 'worker-memory');
  const out = createWriteStream(join(dir, 'items.jsonl'));
  for (let i = 0; i < count; i++) {
    const line = `{"item_id":"i${i}","topic":"t${String(rng.int(30)).padStart(2, '0')}","duration_seconds":${30 + rng.int(3600)},"upload_time":${1_690_000_000 + rng.int(20_000_000)}}\n`;
    if (!out.write(line)) await new Promise<void>((resolve) => out.once('drain', () => resolve()));
  }
  await new Promise<void>((resolve) => out.end(() => resolve()));
  // Re-seal: unchanged hashed files, so the hash stays; this only proves the bundle still loads.
  await setBundleOnnx(dir, new Uint8Array(readFileSync(join(dir, 'model.onnx'))));
}

/** Starts the service on `bundle` with `workers`, waits until it listens, reads its RSS, stops it. */
async function rssWhenReady(
  bundle: string,
  workers: number,
): Promise<{ rssMb: number; startSeconds: number }> {
  const started = performance.now();
  const child: ChildProcess = spawn(process.execPath, ['--import', 'tsx', join(root, 'src/server.ts')], {
    env: {
      ...process.env,
      PORT: '0',
      HOST: '127.0.0.1',
      REDIS_URL: '',
      MULTIRANK_MODEL: bundle,
      MULTIRANK_WORKERS: String(workers),
      MULTIRANK_EVENTS_FILE: join(scratch, 'events.jsonl'),
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  try {
    await new Promise<void>((resolve, reject) => {
      let text = '';
      child.stdout?.on('data', (chunk: Buffer) => {
        text += chunk.toString();
        if (text.includes('Server listening')) resolve();
      });
      child.once('exit', (code) =>
        reject(new Error(`the service exited (${code}) before listening:\n${text}`)),
      );
    });
    const status = readFileSync(`/proc/${child.pid}/status`, 'utf8');
    const rssKb = Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? Number.NaN);
    return {
      rssMb: Math.round(rssKb / 1024),
      startSeconds: Math.round((performance.now() - started) / 100) / 10,
    };
  } finally {
    child.kill('SIGKILL');
  }
}

const scratch = mkdtempSync(join(tmpdir(), 'multirank-worker-memory-'));
const loadBefore = loadavg()[0] ?? 0;
try {
  const big = join(scratch, 'big');
  await bigCatalogBundle(big, ITEMS);
  const bundles = [
    { name: 'models/default (1,000 items)', dir: join(root, 'models/default') },
    { name: `${ITEMS.toLocaleString('en')} items`, dir: big },
  ];
  const rows = [];
  for (const bundle of bundles) {
    for (const workers of WORKERS)
      rows.push({ bundle: bundle.name, workers, ...(await rssWhenReady(bundle.dir, workers)) });
  }
  console.log('| catalog | MULTIRANK_WORKERS | RSS when ready MB | start s |');
  console.log('| --- | --- | --- | --- |');
  for (const row of rows)
    console.log(`| ${row.bundle} | ${row.workers} | ${row.rssMb} | ${row.startSeconds} |`);
  const result = {
    rows,
    loadAverage: { before: loadBefore, after: loadavg()[0] ?? 0 },
    node: process.version,
  };
  console.log(
    `load average ${result.loadAverage.before.toFixed(2)} → ${result.loadAverage.after.toFixed(2)}`,
  );
  const out = fileURLToPath(new URL('./results/', import.meta.url));
  mkdirSync(out, { recursive: true });
  writeFileSync(`${out}worker-memory.json`, `${JSON.stringify(result, null, 2)}\n`);
} finally {
  rmSync(scratch, { recursive: true, force: true });
}

/**
 * The data path at scale: simulate → read → fit → encode, with the time of each phase and the
 * peak RSS, for several log sizes. Flat memory means peak RSS stays put as the log grows.
 * The simulation is not measured; each size's read/fit/encode runs in its own child process.
 *
 *   npx tsx bench/data-pipeline.ts                     (IMPRESSIONS=200000,1000000 by default)
 * Prints a table and writes bench/results/data-pipeline.json.
 */
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { SkipReport } from '../src/data/skip-report.js';
import { encodeBatches } from '../src/features/encode.js';
import { fitFeatureStats } from '../src/features/fit.js';
import { parseConfigText } from '../src/features/parse-config.js';
import { simulate } from '../src/sim/simulate.js';
import { openTrainingData, trainingRows } from '../src/training/training-data.js';

const SIZES = (process.env.IMPRESSIONS ?? '200000,1000000').split(',').map(Number);
const CONFIG = fileURLToPath(new URL('../examples/simulator.yaml', import.meta.url));

interface Result {
  impressions: number;
  splitSeconds: number;
  fitSeconds: number;
  encodeSeconds: number;
  encodedRows: number;
  encodedRowsPerSecond: number;
  peakRssMb: number;
}

/** Child: read → fit → encode the log in `dir`, printing one JSON line. */
async function measure(dir: string, impressions: number): Promise<void> {
  // The example config with its data paths pointed at the simulated world.
  const text = readFileSync(CONFIG, 'utf8').replaceAll('../data/sim/', `${dir}/`);
  const config = parseConfigText(text, { baseDir: dir, where: CONFIG });
  const seconds = (since: number) => Math.round((performance.now() - since) / 10) / 100;
  let t = performance.now();
  const data = await openTrainingData(config);
  const splitSeconds = seconds(t);
  t = performance.now();
  const report = new SkipReport();
  const fitted = await fitFeatureStats(data.spec, trainingRows(data, 'train', report), {
    badValues: 'error',
    report,
  });
  const fitSeconds = seconds(t);
  t = performance.now();
  let encodedRows = 0;
  for await (const batch of encodeBatches(fitted, trainingRows(data, 'all', new SkipReport()), 1024, {
    labels: true,
  })) {
    encodedRows += batch.size;
  }
  const encodeSeconds = seconds(t);
  const result: Result = {
    impressions,
    splitSeconds,
    fitSeconds,
    encodeSeconds,
    encodedRows,
    encodedRowsPerSecond: Math.round(encodedRows / encodeSeconds),
    peakRssMb: Math.round(process.resourceUsage().maxRSS / 1024),
  };
  process.stdout.write(`${JSON.stringify(result)}\n`);
}

function runChild(dir: string, impressions: number): Promise<Result> {
  const child = spawn(process.execPath, [...process.execArgv, fileURLToPath(import.meta.url)], {
    env: { ...process.env, BENCH_CHILD_DIR: dir, BENCH_CHILD_IMPRESSIONS: String(impressions) },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  let out = '';
  child.stdout.on('data', (chunk: Buffer) => {
    out += chunk.toString();
  });
  return new Promise((resolve, reject) =>
    child.on('exit', (code) =>
      code === 0
        ? resolve(JSON.parse(out.trim().split('\n').at(-1) ?? '{}') as Result)
        : reject(new Error(`child exited ${code}`)),
    ),
  );
}

if (process.env.BENCH_CHILD_DIR) {
  await measure(process.env.BENCH_CHILD_DIR, Number(process.env.BENCH_CHILD_IMPRESSIONS));
} else {
  const results: Result[] = [];
  for (const impressions of SIZES) {
    const dir = mkdtempSync(join(tmpdir(), 'multirank-bench-data-'));
    try {
      await simulate({
        outDir: dir,
        users: 100_000,
        items: 50_000,
        requests: Math.ceil(impressions / 10),
        slateSize: 10,
        seed: 1,
        format: 'jsonl',
      });
      results.push(await runChild(dir, impressions));
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }
  console.log('| impressions | split s | fit s | encode s | encoded rows/s | peak RSS MB |');
  console.log('| --- | --- | --- | --- | --- | --- |');
  for (const r of results) {
    console.log(
      `| ${r.impressions.toLocaleString('en')} | ${r.splitSeconds} | ${r.fitSeconds} | ${r.encodeSeconds} | ${r.encodedRowsPerSecond.toLocaleString('en')} | ${r.peakRssMb} |`,
    );
  }
  mkdirSync(new URL('./results/', import.meta.url), { recursive: true });
  writeFileSync(
    new URL('./results/data-pipeline.json', import.meta.url),
    `${JSON.stringify(results, null, 2)}\n`,
  );
}

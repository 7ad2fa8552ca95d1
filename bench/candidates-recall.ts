/**
 * Candidate recall on held-out logs, end to end: simulate a world, hold out the last 10% of the
 * log, build the candidate index from the rest (with the item table) in a child process, then
 * measure recall@100/@500 of each source and of the merged list on the held-out clicks, against
 * the ideal (clicks on items the index knows), plus coverage and generation time per request.
 *
 *   npx tsx bench/candidates-recall.ts           (USERS=100000 ITEMS=100000 REQUESTS=500000: 5M impressions)
 *   ITEMS=20000 REQUESTS=100000 npx tsx bench/candidates-recall.ts
 *   WORLD=/tmp/some-world npx tsx bench/candidates-recall.ts   (reuse a simulated world; KEEP=1 keeps the temp dir)
 * Build time and peak RSS are those of `multirank candidates build` itself (its own process;
 * maxRSS read at its exit). Prints the figures and writes bench/results/candidates-recall.json.
 */
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { readCandidateIndex } from '../src/candidates/index-io.js';
import { evaluateCandidateRecall } from '../src/evaluation/candidate-recall.js';
import { runCli } from './lib/run-cli.js';
import { splitWorld } from './lib/split-world.js';

const settings = {
  users: Number(process.env.USERS ?? 100_000),
  items: Number(process.env.ITEMS ?? 100_000),
  requests: Number(process.env.REQUESTS ?? 500_000),
  heldout: Number(process.env.HELDOUT ?? 0.1),
  seed: Number(process.env.SEED ?? 1),
};

const folderBytes = (dir: string) =>
  readdirSync(dir).reduce((sum, f) => sum + statSync(join(dir, f)).size, 0);
const r = (x: number, digits = 4) => Math.round(x * 10 ** digits) / 10 ** digits;
const count = (x: number) => x.toLocaleString('en-US');

const worldDir = process.env.WORLD ?? mkdtempSync(join(tmpdir(), 'multirank-bench-recall-'));
const keep = process.env.KEEP === '1' || process.env.WORLD !== undefined;
try {
  let simulateSeconds: number | null = null;
  if (!existsSync(join(worldDir, 'interactions.jsonl'))) {
    console.log(`simulating ${count(settings.requests)} requests into ${worldDir} ...`);
    const { users, items, requests, seed } = settings;
    const simulated = await runCli([
      'simulate',
      ...['--out', worldDir, '--users', String(users), '--items', String(items)],
      ...['--requests', String(requests), '--seed', String(seed), '--format', 'jsonl', '--force'],
      '--no-progress',
    ]);
    simulateSeconds = r(simulated.seconds, 1);
  }
  const split = await splitWorld(worldDir, settings.heldout);

  console.log('building the candidate index from the training part ...');
  const indexDir = join(worldDir, 'candidates');
  const build = await runCli([
    'candidates',
    'build',
    '--logs',
    split.train,
    '--items',
    split.items,
    '--out',
    indexDir,
    '--no-progress',
  ]);
  // What the CLI process holds before reading anything (Node, tsx, the command modules).
  const baseline = await runCli(['--version']);
  const indexMb = folderBytes(indexDir) / 2 ** 20;

  console.log('measuring recall on the held-out part ...');
  let started = performance.now();
  const index = await readCandidateIndex(indexDir);
  const loadSeconds = (performance.now() - started) / 1000;
  started = performance.now();
  const report = await evaluateCandidateRecall(index, split.heldout);
  const evaluateSeconds = (performance.now() - started) / 1000;

  const names = Object.keys(report.recall);
  const result = {
    bench: 'candidates-recall',
    node: process.version,
    date: new Date().toISOString(),
    world: { ...settings, impressions: index.meta.impressions + report.rows, simulateSeconds },
    build: {
      seconds: r(build.seconds, 1),
      peakRssMb: Math.round(build.peakRssMb),
      cliBaselineRssMb: Math.round(baseline.peakRssMb),
      indexMb: r(indexMb, 1),
      trainingRows: index.meta.impressions,
      items: index.itemIds.length,
      summary: build.stdout.trim(),
    },
    heldout: { rows: report.rows, requests: report.requests, events: report.events },
    recall: Object.fromEntries(
      names.map((n) => [n, { 100: r(report.recall[n]?.[100] ?? 0), 500: r(report.recall[n]?.[500] ?? 0) }]),
    ),
    ideal: r(report.ideal),
    mergedAt500OverIdeal: r(report.relative.merged?.[500] ?? 0),
    anySource: r(report.anySource),
    coverage: Object.fromEntries(names.map((n) => [n, r(report.coverage[n] ?? 0)])),
    meanListLength: Object.fromEntries(names.map((n) => [n, r(report.meanListLength[n] ?? 0, 1)])),
    generationUsPerRequest: r(report.meanGenerationUs, 1),
    indexLoadSeconds: r(loadSeconds, 2),
    evaluateSeconds: r(evaluateSeconds, 1),
  };

  const { world } = result;
  console.log(
    `\nworld: ${count(world.users)} users, ${count(world.items)} items, ${count(world.impressions)} impressions` +
      (simulateSeconds === null ? ' (reused)' : ` (simulated in ${simulateSeconds.toFixed(0)} s)`),
  );
  console.log(
    `build: ${count(result.build.trainingRows)} training rows, ${result.build.seconds} s, peak RSS ` +
      `${result.build.peakRssMb} MB (CLI at rest ${result.build.cliBaselineRssMb} MB), index ${result.build.indexMb} MB on disk (${count(result.build.items)} items)`,
  );
  console.log(
    `held out: ${count(report.rows)} rows, ${count(report.requests)} requests with a click, ${count(report.events)} clicks; ` +
      `index loaded in ${result.indexLoadSeconds} s, evaluated in ${result.evaluateSeconds} s\n`,
  );
  console.log('| source | recall@100 | recall@500 | recall@500 / ideal | coverage | mean list length |');
  console.log('| --- | --- | --- | --- | --- | --- |');
  for (const n of names) {
    const cells = [
      report.recall[n]?.[100],
      report.recall[n]?.[500],
      report.relative[n]?.[500],
      report.coverage[n],
    ];
    console.log(
      `| ${n} | ${cells.map((c) => (c ?? 0).toFixed(4)).join(' | ')} | ${report.meanListLength[n]?.toFixed(1)} |`,
    );
  }
  console.log(`| ideal | ${report.ideal.toFixed(4)} | ${report.ideal.toFixed(4)} | 1.0000 | | |`);
  console.log(
    `\nmerged recall@500 / ideal: ${result.mergedAt500OverIdeal.toFixed(4)} (target ≥ 0.8); ` +
      `clicked item in any source's list: ${result.anySource.toFixed(4)}; ` +
      `generation ${result.generationUsPerRequest} µs/request (target < 2,000)`,
  );

  const out = fileURLToPath(new URL('./results/', import.meta.url));
  mkdirSync(out, { recursive: true });
  writeFileSync(join(out, 'candidates-recall.json'), `${JSON.stringify(result, null, 2)}\n`);
} finally {
  if (!keep) rmSync(worldDir, { recursive: true, force: true });
  else console.log(`kept ${worldDir}`);
}

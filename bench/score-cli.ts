/**
 * Throughput and memory of `multirank score`: a deterministic input of REQUESTS requests ×
 * CANDIDATES candidates (default 10,000 × 100 = 1M candidates) drawn from the shipped model's
 * items.jsonl and users.jsonl, scored by the CLI as a user would run it.
 *
 * Peak RSS is the CLI process's maxRSS at exit: the workers are threads of that process, so the
 * figure covers the main thread and every worker together. Wall time includes starting the
 * workers and loading the model in each; the scoring rate is the CLI's own (from its progress
 * summary, which starts once the workers are ready).
 *
 *   npx tsx bench/score-cli.ts
 *   REQUESTS=2000 CANDIDATES=100 WORKERS=2 FORMAT=csv npx tsx bench/score-cli.ts
 * Prints the figures and writes bench/results/score-cli.json.
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { availableParallelism, cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { runCli } from './lib/run-cli.js';

const settings = {
  requests: Number(process.env.REQUESTS ?? 10_000),
  candidates: Number(process.env.CANDIDATES ?? 100),
  workers: Number(process.env.WORKERS ?? availableParallelism()),
  format: (process.env.FORMAT ?? 'jsonl') as 'jsonl' | 'csv',
  seed: Number(process.env.SEED ?? 1),
};
const MODEL = fileURLToPath(new URL('../models/default', import.meta.url));

const idsOf = (file: string, key: string): string[] =>
  readFileSync(join(MODEL, file), 'utf8')
    .trimEnd()
    .split('\n')
    .map((line) => String((JSON.parse(line) as Record<string, unknown>)[key]));

/** The input file: one request a line, the same for the same settings. */
function writeInput(path: string): void {
  const items = idsOf('items.jsonl', 'item_id');
  const users = idsOf('users.jsonl', 'user_id');
  let state = settings.seed;
  const next = (n: number): number => {
    state = (Math.imul(state, 1103515245) + 12345) >>> 0;
    return state % n;
  };
  const devices = ['mobile', 'desktop', 'tv'];
  const lines: string[] =
    settings.format === 'csv' ? ['userId,candidates,device,current_item_id,recent_items'] : [];
  for (let r = 0; r < settings.requests; r++) {
    const userId = users[next(users.length)]!;
    // Distinct candidates (a partial shuffle), so that every input candidate is one output row.
    const pool = [...items];
    const candidates = Array.from({ length: Math.min(settings.candidates, pool.length) }, (_, i) => {
      const j = i + next(pool.length - i);
      [pool[i], pool[j]] = [pool[j]!, pool[i]!];
      return pool[i]!;
    });
    const device = devices[next(3)]!;
    const current = items[next(items.length)]!;
    const recent = [items[next(items.length)]!, items[next(items.length)]!, items[next(items.length)]!];
    lines.push(
      settings.format === 'csv'
        ? `${userId},${candidates.join('|')},${device},${current},${recent.join('|')}`
        : JSON.stringify({
            userId,
            context: { device, current_item_id: current, recent_items: recent },
            candidates,
          }),
    );
  }
  writeFileSync(path, `${lines.join('\n')}\n`);
}

const mb = (path: string) => Math.round((statSync(path).size / 2 ** 20) * 10) / 10;
const count = (x: number) => Math.round(x).toLocaleString('en-US');
const load = () => Math.round(loadavg()[0]! * 100) / 100;

const dir = mkdtempSync(join(tmpdir(), 'multirank-bench-score-'));
try {
  const input = join(dir, `requests.${settings.format}`);
  const out = join(dir, `scores.${settings.format}`);
  writeInput(input);
  const total = settings.requests * settings.candidates;
  console.log(
    `scoring ${count(settings.requests)} requests × ${settings.candidates} candidates (${count(total)}) ` +
      `on ${settings.workers} workers, ${settings.format} ...`,
  );
  const loadBefore = load();
  const run = await runCli([
    'score',
    '--model',
    MODEL,
    '--in',
    input,
    '--out',
    out,
    '--workers',
    String(settings.workers),
  ]);
  const loadAfter = load();
  // The progress summary: "score: 10,000 requests in 2m05s (80/s); ..." (scoring only, after model load).
  const rate = /score: [\d,]+ requests in \S+ \(([\d,]+)\/s\)/.exec(run.stderr)?.[1];
  const scoringRequestsPerSecond = rate ? Number(rate.replaceAll(',', '')) : null;
  const result = {
    model: 'default',
    requests: settings.requests,
    candidatesPerRequest: settings.candidates,
    candidates: total,
    workers: settings.workers,
    format: settings.format,
    inputMb: mb(input),
    outputMb: mb(out),
    wallSeconds: Math.round(run.seconds * 10) / 10,
    requestsPerSecond: Math.round(settings.requests / run.seconds),
    candidatesPerSecond: Math.round(total / run.seconds),
    scoringRequestsPerSecond,
    scoringCandidatesPerSecond: scoringRequestsPerSecond && scoringRequestsPerSecond * settings.candidates,
    peakRssMb: Math.round(run.peakRssMb),
    loadAverage: { before: loadBefore, after: loadAfter, cores: cpus().length },
    node: process.version,
  };
  console.log(run.stdout.trim());
  console.log(`wall ${result.wallSeconds} s (model load in every worker included)`);
  console.log(
    `requests/s ${count(result.requestsPerSecond)}, candidates/s ${count(result.candidatesPerSecond)}`,
  );
  if (scoringRequestsPerSecond) {
    console.log(
      `scoring only: requests/s ${count(scoringRequestsPerSecond)}, candidates/s ${count(scoringRequestsPerSecond * settings.candidates)}`,
    );
  }
  console.log(`peak RSS MB ${result.peakRssMb} (main thread and workers: one process)`);
  console.log(`input ${result.inputMb} MB, output ${result.outputMb} MB`);
  console.log(`load average ${loadBefore} before, ${loadAfter} after, on ${result.loadAverage.cores} cores`);
  const results = fileURLToPath(new URL('./results/', import.meta.url));
  mkdirSync(results, { recursive: true });
  writeFileSync(join(results, 'score-cli.json'), `${JSON.stringify(result, null, 2)}\n`);
} finally {
  rmSync(dir, { recursive: true, force: true });
}

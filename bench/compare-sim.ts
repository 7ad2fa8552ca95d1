/**
 * `multirank compare` on the simulator's default world: examples/simulator.yaml's features and
 * tasks, each task alone, shared-bottom, MMoE and PLE on one split and seed (src/training/compare.ts).
 *
 *   npx tsx bench/compare-sim.ts          (env: REQUESTS=6000 USERS=4000 ITEMS=800 EPOCHS=6 SEED=42)
 * Prints the comparison table and writes bench/results/compare-sim.json and compare-sim.svg.
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { comparisonSvg } from '../src/cli/commands/compare/svg.js';
import { comparisonTable } from '../src/cli/commands/compare/table.js';
import { selectBackend } from '../src/engine/tfjs-backend.js';
import { parseConfigText } from '../src/features/parse-config.js';
import { simulate } from '../src/sim/simulate.js';
import { compareArchitectures } from '../src/training/compare.js';

const REQUESTS = Number(process.env.REQUESTS ?? 6_000);
const EPOCHS = Number(process.env.EPOCHS ?? 6);
const SEED = Number(process.env.SEED ?? 42);
const root = fileURLToPath(new URL('..', import.meta.url));

await selectBackend('wasm');
const scratch = mkdtempSync(join(tmpdir(), 'multirank-compare-sim-'));
try {
  await simulate({
    outDir: scratch,
    users: Number(process.env.USERS ?? 4_000),
    items: Number(process.env.ITEMS ?? 800),
    requests: REQUESTS,
    seed: 9,
    format: 'jsonl',
  });
  const text = readFileSync(join(root, 'examples/simulator.yaml'), 'utf8')
    .replaceAll('../data/sim/', `${scratch}/`)
    .replace(
      /^training:[\s\S]*$/m,
      `training: { epochs: ${EPOCHS}, batchSize: 512, learningRate: 0.002, seed: ${SEED}, earlyStoppingPatience: 2 }\n`,
    );
  const report = await compareArchitectures(parseConfigText(text, { baseDir: scratch }), {
    log: (line) => process.stderr.write(`${line} (load ${loadavg()[0]!.toFixed(2)})\n`),
  });
  console.log(comparisonTable(report));
  const results = fileURLToPath(new URL('results', import.meta.url));
  mkdirSync(results, { recursive: true });
  writeFileSync(
    join(results, 'compare-sim.json'),
    `${JSON.stringify({ at: new Date().toISOString(), requests: REQUESTS, epochs: EPOCHS, report }, null, 2)}\n`,
  );
  writeFileSync(join(results, 'compare-sim.svg'), comparisonSvg(report));
} finally {
  rmSync(scratch, { recursive: true, force: true });
}

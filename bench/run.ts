/**
 * npm run bench: runs every benchmark script in bench/ (or the ones named on the command line)
 * one after another. Each script prints its own table and writes bench/results/<name>.json.
 */
import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const dir = fileURLToPath(new URL('.', import.meta.url));
const requested = process.argv.slice(2);
const scripts = readdirSync(dir)
  .filter((file) => file.endsWith('.ts') && file !== 'run.ts')
  .filter((file) => requested.length === 0 || requested.includes(file.replace(/\.ts$/, '')));

if (scripts.length === 0) console.log('no benchmarks to run');
let failed = 0;
for (const script of scripts) {
  console.log(`\n### ${script}`);
  const result = spawnSync(process.execPath, ['--import', 'tsx', `${dir}${script}`], { stdio: 'inherit' });
  if (result.status !== 0) failed++;
}
process.exit(failed === 0 ? 0 : 1);

/**
 * The README's command-line walk-through runs, in order, on a fresh folder: the example world, the
 * seed-9 world and its training, the held-out split and the evaluation. The commands are read out
 * of README.md, so a changed flag or file name there is tested as written.
 *
 * Scale rule (the only change made to them): sizes that would take minutes on 2 cores are divided
 * by SCALE — `--requests N` and the row counts of `head -n N` / `tail -n N` — so the world keeps
 * its shape and the split its proportions. The output figures shown in the README come from the
 * full-size run and are not compared here.
 */
import { spawn } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { BIN, killAfterTest, watchProcess } from '../helpers/process.js';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const SCALE = 100;
const SECTIONS = ['## Command line', '### Training a model', '### Evaluating a model'];

/** The shell lines of the ```sh blocks under `heading` (up to the next heading), continuations joined. */
function shellLines(readme: string, heading: string): string[] {
  const start = readme.indexOf(`${heading}\n`);
  if (start < 0) throw new Error(`README.md has no "${heading}"`);
  const rest = readme.slice(start + heading.length + 1);
  const end = rest.search(/^#{2,3} /m);
  const section = end < 0 ? rest : rest.slice(0, end);
  const blocks = [...section.matchAll(/```sh\n([\s\S]*?)```/g)].map((m) => m[1]!);
  return blocks
    .join('\n')
    .replace(/\\\n\s*/g, '')
    .split('\n')
    .map((line) => line.replace(/\s+#.*$/, '').trim())
    .filter((line) => line !== '' && !line.startsWith('#'));
}

/** The scale rule of the file comment. */
function scaled(line: string): string {
  return line
    .replace(/--requests (\d+)/, (_, n) => `--requests ${Math.ceil(Number(n) / SCALE)}`)
    .replace(/(head|tail) -n (\d+)/g, (_, cmd, n) => `${cmd} -n ${Math.ceil(Number(n) / SCALE)}`);
}

function run(line: string, cwd: string): Promise<{ code: number | null; output: string }> {
  // `npx multirank` is this checkout's CLI; every other line is the shell's (redirections, mkdir).
  const command = line.replace(/^npx multirank /, `exec "${process.execPath}" "${BIN}" `);
  const child = spawn('bash', ['-euo', 'pipefail', '-c', command], {
    cwd,
    env: { ...process.env, REDIS_URL: '' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  killAfterTest(child);
  const running = watchProcess(child);
  return running.exited.then((code) => ({ code, output: running.output() }));
}

const dir = mkdtempSync(join(tmpdir(), 'multirank-readme-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("README's command-line walk-through", () => {
  const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
  const lines = SECTIONS.flatMap((heading) => shellLines(readme, heading)).map(scaled);

  it('finds the commands it runs', () => {
    expect(lines.some((l) => l.startsWith('npx multirank simulate --out data/example'))).toBe(true);
    expect(lines.some((l) => l.startsWith('npx multirank train --config examples/simulator.yaml'))).toBe(
      true,
    );
    expect(lines.some((l) => l.startsWith('npx multirank evaluate --model models/mine'))).toBe(true);
  });

  it('runs them in order on a fresh folder', async () => {
    cpSync(join(ROOT, 'examples'), join(dir, 'examples'), { recursive: true });
    for (const line of lines) {
      const { code, output } = await run(line, dir);
      expect(code, `${line}\n${output}`).toBe(0);
    }
    for (const file of [
      'models/mine/manifest.json',
      'data/heldout/ground_truth.jsonl',
      'report.json',
      'report.svg',
    ])
      expect(existsSync(join(dir, file)), file).toBe(true);
    // The held-out rows are the split's validation rows: the report covers exactly them.
    const report = JSON.parse(readFileSync(join(dir, 'report.json'), 'utf8'));
    expect(report.data.rows).toBe(400);
  });
});

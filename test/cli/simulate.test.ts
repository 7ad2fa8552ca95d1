import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type Command, CommanderError } from 'commander';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { buildProgram } from '../../src/cli/main.js';
import { spawnCli } from '../helpers/process.js';

let root: string;
beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'multirank-cli-sim-'));
});
afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

const TINY = ['--users', '20', '--items', '60', '--requests', '30', '--no-progress'];

/** Parses argv in-process; commander errors are thrown instead of exiting. */
async function run(args: string[]): Promise<{ error?: CommanderError; stderr: string }> {
  const program = buildProgram();
  let stderr = '';
  const configure = (cmd: Command) =>
    cmd.exitOverride().configureOutput({ writeErr: (s) => (stderr += s), writeOut: () => {} });
  configure(program);
  for (const cmd of program.commands) configure(cmd);
  const stdout = vi.spyOn(process.stdout, 'write').mockImplementation(() => true);
  try {
    await program.parseAsync(['node', 'multirank', 'simulate', ...args]);
    return { stderr };
  } catch (err) {
    if (err instanceof CommanderError) return { error: err, stderr };
    throw err;
  } finally {
    stdout.mockRestore();
  }
}

describe('multirank simulate (in process)', () => {
  it('writes the requested formats into --out', async () => {
    const out = join(root, 'jsonl');
    expect(await run(['--out', out, '--format', 'jsonl', ...TINY])).toEqual({ stderr: '' });
    expect((await readdir(out)).sort()).toEqual([
      'ground_truth.jsonl',
      'interactions.jsonl',
      'items.jsonl',
      'users.jsonl',
      'world.json',
    ]);
    const world = JSON.parse(await readFile(join(out, 'world.json'), 'utf8'));
    expect(world.sizes).toMatchObject({ users: 20, items: 60, requests: 30, slateSize: 10 });
    expect(world.counts.impressions).toBe(300);
  });

  it.each([
    [['--users', 'abc'], /--users must be a whole number >= 1/],
    [['--users', '-3'], /--users must be a whole number >= 1/],
    [['--requests', '0'], /--requests must be a whole number >= 1/],
    [['--seed', '1.5'], /--seed must be a whole number >= 0/],
    [['--format', 'xml'], /--format.*jsonl, csv, both/],
    [['--items', '5', '--slate-size', '5'], /--items \(5\) must be greater than --slate-size \(5\)/],
  ])('rejects %j with a message naming the flag', async (flags, message) => {
    const { error, stderr } = await run(['--out', join(root, 'never'), ...flags]);
    // commander exits the process with this code when not overridden.
    expect(error?.exitCode).toBe(1);
    expect(stderr).toMatch(message);
  });

  it('requires --out', async () => {
    const { error, stderr } = await run(TINY);
    expect(error?.exitCode).not.toBe(0);
    expect(stderr).toMatch(/--out/);
  });

  it('refuses a non-empty --out unless --force, which replaces only simulator files', async () => {
    const out = join(root, 'busy');
    await mkdir(out);
    await writeFile(join(out, 'notes.txt'), 'keep me');
    await writeFile(join(out, 'interactions.csv'), 'stale');
    const refused = await run(['--out', out, '--format', 'jsonl', ...TINY]);
    expect(refused.error?.exitCode).not.toBe(0);
    expect(refused.stderr).toMatch(/is not empty; pass --force/);

    expect((await run(['--out', out, '--format', 'jsonl', '--force', ...TINY])).error).toBeUndefined();
    const files = await readdir(out);
    expect(files).toContain('notes.txt');
    expect(files).toContain('interactions.jsonl');
    expect(files).not.toContain('interactions.csv');
  });
});

describe('multirank simulate (binary)', () => {
  it('runs end to end and reports on stdout and stderr', async () => {
    const out = join(root, 'spawned');
    const cli = spawnCli(['simulate', '--out', out, '--users', '20', '--items', '60', '--requests', '30']);
    expect(await cli.exited).toBe(0);
    expect(cli.output()).toMatch(/simulate: 30 requests in .*; 300 impressions/);
    expect(cli.output()).toMatch(/wrote 300 impressions \(CTR [\d.]+%\)/);
    const csv = await readFile(join(out, 'interactions.csv'), 'utf8');
    expect(csv.split('\n')[0]).toBe(
      'request_id,user_id,item_id,timestamp,position,device,current_item_id,recent_items,click,watch_seconds,like,dismiss,rating',
    );
  });
});

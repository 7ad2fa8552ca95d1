/** `multirank train` shows the split it trains on, and refuses one with an empty side. */
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { spawnCli } from '../helpers/process.js';

const FIXTURES = new URL('../fixtures/data/', import.meta.url).pathname;
const dir = mkdtempSync(join(tmpdir(), 'multirank-train-split-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** The fixture config with another validation split, its data paths made absolute. */
function configWith(validation: string): string {
  const text = readFileSync(join(FIXTURES, 'sim.yaml'), 'utf8')
    .replace(/: (\w+)\.jsonl/g, `: ${FIXTURES}$1.jsonl`)
    .replace('validation: { lastFraction: 0.3 }', `validation: ${validation}`);
  const path = join(dir, `config-${Math.random().toString(36).slice(2)}.yaml`);
  writeFileSync(path, `${text}\ntraining: { epochs: 1 }\n`);
  return path;
}

describe('multirank train, the split', () => {
  it('refuses a cutoff that leaves no training rows, before training and without a bundle', async () => {
    const out = join(dir, 'none-left');
    const cli = spawnCli([
      'train',
      '--config',
      configWith('{ after: 2020-01-01 }'),
      '--out',
      out,
      '--no-progress',
    ]);
    expect(await cli.exited).toBe(1);
    expect(cli.output()).toContain(
      'interactions.jsonl: validation.after 2020-01-01T00:00:00Z leaves 0 training rows (0 train, 10 validation; ' +
        "the log's timestamps run from 2023-11-14T22:13:20Z to 2023-11-14T22:20:00Z): move the cutoff later",
    );
    expect(cli.output()).not.toContain('train loss');
    expect(existsSync(out)).toBe(false);
  });

  it('prints the split when training starts', async () => {
    const cli = spawnCli([
      'train',
      '--config',
      configWith('{ lastFraction: 0.3 }'),
      '--out',
      join(dir, 'ok'),
      '--no-progress',
    ]);
    expect(await cli.exited).toBe(0);
    expect(cli.output()).toContain(
      'train: split: validation.lastFraction 0.3 (after 2023-11-14T22:16:40Z): 7 training rows, 3 validation rows;',
    );
  });
});

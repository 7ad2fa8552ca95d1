/**
 * `multirank train` on data that used to mislead: a table with no item key has no popularity
 * baseline to beat, and `--candidates` puts a candidate index where serving looks for it.
 */
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { readCandidateIndex } from '../../src/candidates/index-io.js';
import { spawnCli } from '../helpers/process.js';

const FIXTURES = new URL('../fixtures/data/', import.meta.url).pathname;
const dir = mkdtempSync(join(tmpdir(), 'multirank-train-defaults-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const CENSUS = `
data:
  log: ${FIXTURES}census.csv
  validation: { lastFraction: 0.4 }
features:
  - { name: age, source: context, type: numeric }
  - { name: sex, source: context, type: categorical }
tasks:
  - { name: income, column: income_over_50k, kind: binary }
  - { name: married, kind: binary }
training: { epochs: 1 }
`;

describe('multirank train, data defaults', () => {
  it('says there is no popularity baseline for a table without an item key', async () => {
    const config = join(dir, 'census.yaml');
    writeFileSync(config, CENSUS);
    const cli = spawnCli(['train', '--config', config, '--out', join(dir, 'census'), '--no-progress']);
    expect(await cli.exited).toBe(0);
    expect(cli.output()).toContain(
      'no popularity baseline: the table has no item key (data.keys.item), so no item can be popular',
    );
    expect(cli.output()).not.toContain('beats it');
    expect(cli.output()).not.toContain('popularity  ');
  });

  it('refuses --candidates before training when the config lacks the index keys', async () => {
    const config = join(dir, 'census-candidates.yaml');
    writeFileSync(config, CENSUS);
    const out = join(dir, 'census-candidates');
    const cli = spawnCli(['train', '--config', config, '--out', out, '--candidates', '--no-progress']);
    expect(await cli.exited).toBe(1);
    expect(cli.output()).toContain(
      'sets no data.keys.user, data.keys.item, data.keys.timestamp: set it there',
    );
    expect(cli.output()).not.toContain('epoch 1');
    expect(existsSync(out)).toBe(false);
  });

  it('builds the bundle candidate index with --candidates, from the config’s log, table and keys', async () => {
    const out = join(dir, 'sim');
    const cli = spawnCli([
      'train',
      '--config',
      `${FIXTURES}sim.yaml`,
      '--out',
      out,
      '--candidates',
      '--no-progress',
    ]);
    expect(await cli.exited).toBe(0);
    expect(cli.output()).toMatch(/candidate index .*sim\/candidates: 5 items, /);
    // Where serving looks (src/ranking/served-model.ts): <bundle>/candidates.
    const index = await readCandidateIndex(join(out, 'candidates'));
    expect(index.meta.log).toBe(`${FIXTURES}interactions.jsonl`);
    expect(index.meta.items).toBe(`${FIXTURES}items.jsonl`);
    expect(index.topicNames.length).toBeGreaterThan(0);
  });
});

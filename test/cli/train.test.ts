/** `multirank train` refusing bad configs and bad data with messages a user can act on. */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { spawnCli } from '../helpers/process.js';

const FIXTURES = new URL('../fixtures/data/', import.meta.url).pathname;
const dir = mkdtempSync(join(tmpdir(), 'multirank-train-cli-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** The fixture config with a change applied, written to a temp file with absolute data paths. */
function configWith(change: (text: string) => string): string {
  const text = readFileSync(join(FIXTURES, 'sim.yaml'), 'utf8').replace(
    /: (\w+)\.jsonl/g,
    `: ${FIXTURES}$1.jsonl`,
  );
  const path = join(dir, `config-${Math.random().toString(36).slice(2)}.yaml`);
  writeFileSync(path, change(text));
  return path;
}

describe('multirank train, bad input', () => {
  it('rejects an unknown feature type, naming the field, without a usage dump', async () => {
    const config = configWith((t) =>
      t.replace(
        '{ name: region, source: user, type: categorical }',
        '{ name: region, source: user, type: categorial }',
      ),
    );
    const cli = spawnCli(['train', '--config', config, '--out', join(dir, 'm1'), '--no-progress']);
    expect(await cli.exited).toBe(1);
    expect(cli.output()).toContain(
      'features[1].type: unknown type "categorial" (expected categorical | hashed | numeric | bag)',
    );
    expect(cli.output()).not.toContain('Usage:');
  });

  it('rejects a head whose label column is not in the log, naming the task and the line', async () => {
    const config = configWith((t) => t.replace('tasks:\n', 'tasks:\n  - { name: share, kind: binary }\n'));
    const cli = spawnCli(['train', '--config', config, '--out', join(dir, 'm2'), '--no-progress']);
    expect(await cli.exited).toBe(1);
    expect(cli.output()).toMatch(
      /interactions\.jsonl:1: column "share": missing label for task "share" \(set missingLabel: mask or skip/,
    );
    expect(cli.output()).not.toContain('Usage:');
  });
});

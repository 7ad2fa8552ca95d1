/**
 * A bad environment variable stops every verb the way it stops `serve`: one line naming the
 * variable, exit code 78 (EX_CONFIG), no stack trace, before any work starts.
 */
import { describe, expect, it } from 'vitest';
import { spawnCli } from '../helpers/process.js';

const VERBS: string[][] = [
  ['serve', '--port', '0'],
  ['simulate', '--out', 'never-written'],
  ['train', '--config', 'absent.yaml', '--out', 'never-written'],
  ['evaluate', '--model', 'models/default', '--data', 'absent.jsonl'],
  ['candidates', 'build', '--logs', 'absent.jsonl', '--out', 'never-written'],
  ['events', 'export', '--out', 'never-written.jsonl'],
  ['experiments', 'report', 'x1'],
  ['score', '--model', 'models/default', '--in', 'absent.jsonl', '--out', 'never-written.jsonl'],
];

const BACKEND_LINE =
  'multirank: invalid configuration: MULTIRANK_TF_BACKEND: expected one of auto, node, wasm, cpu, got "bogus"';

describe('a bad environment variable', () => {
  it.each(VERBS.map((args) => [args.slice(0, 2).join(' '), args]))(
    'MULTIRANK_TF_BACKEND=bogus stops `%s` with the one line and exit code 78',
    async (_name, args) => {
      const cli = spawnCli(args as string[], { MULTIRANK_TF_BACKEND: 'bogus' });
      expect(await cli.exited).toBe(78);
      expect(cli.output().trim()).toBe(BACKEND_LINE);
    },
  );

  it('is any variable of the table, not only the backend', async () => {
    const cli = spawnCli(['simulate', '--out', 'never-written'], { PORT: 'eighty' });
    expect(await cli.exited).toBe(78);
    expect(cli.output().trim()).toBe(
      'multirank: invalid configuration: PORT: expected an integer, got "eighty"',
    );
  });
});

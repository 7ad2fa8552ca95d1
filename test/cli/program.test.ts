import { describe, expect, it } from 'vitest';
import { VERSION } from '../../src/version.js';
import { spawnCli } from '../helpers/process.js';

describe('multirank binary', () => {
  it('prints its version', async () => {
    const cli = spawnCli(['--version']);
    expect(await cli.exited).toBe(0);
    expect(cli.output().trim()).toBe(VERSION);
  });

  it('rejects an unknown verb with help', async () => {
    const cli = spawnCli(['frobnicate']);
    expect(await cli.exited).not.toBe(0);
    expect(cli.output()).toContain("unknown command 'frobnicate'");
  });
});

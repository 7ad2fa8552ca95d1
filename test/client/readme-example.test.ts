/**
 * The README's client example (the TypeScript block under "Typed client") runs as written against
 * a listening service, with only the package name pointed at src/client and the address at the
 * test's port, and type-checks as strict TypeScript, so the snippet cannot drift from the client.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { describe, expect, it, vi } from 'vitest';
import { servingApp } from '../helpers/serving.js';

/** The first ```ts block after the "### Typed client" heading of README.md. */
function readmeClientExample(): string {
  const readme = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');
  const section = readme.slice(readme.indexOf('### Typed client'));
  const block = /```ts\n([\s\S]*?)```/.exec(section)?.[1];
  if (!block) throw new Error('README.md: no ```ts block under "### Typed client"');
  return block;
}

describe('README: typed client example', () => {
  it('ranks through multirank/client and prints the items', async () => {
    const example = readmeClientExample();
    expect(example).toContain("from 'multirank/client'");
    expect(example).toContain("'http://localhost:8080'");
    const { app } = await servingApp();
    const address = await app.listen({ host: '127.0.0.1', port: 0 });
    const client = fileURLToPath(new URL('../../src/client/index.ts', import.meta.url));
    const dir = mkdtempSync(join(tmpdir(), 'multirank-readme-client-'));
    // .mts: an ES module wherever it lies (top-level await, import of the ESM client).
    const file = join(dir, 'example.mts');
    writeFileSync(
      file,
      `${example.replace("'multirank/client'", JSON.stringify(client)).replace("'http://localhost:8080'", JSON.stringify(address))}\nexport {};\n`,
    );
    const log = vi.spyOn(console, 'log').mockImplementation(() => undefined);
    try {
      // Strict TypeScript accepts it (the client's types narrow `data` once `error` is ruled out).
      const tsc = fileURLToPath(new URL('../../node_modules/typescript/bin/tsc', import.meta.url));
      const flags = ['--noEmit', '--strict', '--skipLibCheck', '--allowImportingTsExtensions'];
      const target = ['--module', 'nodenext', '--moduleResolution', 'nodenext', '--target', 'es2022'];
      const types = [
        '--types',
        'node',
        '--typeRoots',
        fileURLToPath(new URL('../../node_modules/@types', import.meta.url)),
      ];
      await promisify(execFile)(process.execPath, [tsc, ...flags, ...target, ...types, file], {
        cwd: fileURLToPath(new URL('../..', import.meta.url)),
        timeout: 60_000,
      });
      await import(file);
      const lines = log.mock.calls.map((args) => args.slice(0, 2).join(' '));
      expect(lines).toHaveLength(2);
      for (const line of lines) expect(line).toMatch(/^i(3|8) 0\.\d{4}$/);
    } finally {
      log.mockRestore();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

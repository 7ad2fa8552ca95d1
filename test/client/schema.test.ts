/**
 * The typed client's types are openapi.yaml's: src/client/schema.ts is what `npm run client`
 * generates now (as openapi.test.ts holds openapi.yaml to the route schemas), and the package
 * exports the client as `multirank/client` from where the build writes it.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { CLIENT_TYPES_FILE, renderClientTypes } from '../../scripts/client-types.js';

describe('multirank/client', () => {
  it('src/client/schema.ts matches openapi.yaml (run `npm run client` when this fails)', async () => {
    expect(await renderClientTypes()).toBe(readFileSync(CLIENT_TYPES_FILE, 'utf8'));
  });

  it('is exported from the build output of src/client/index.ts, with its types', () => {
    const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as {
      exports: Record<string, { types: string; default: string }>;
      scripts: Record<string, string>;
    };
    expect(pkg.exports['./client']).toEqual({
      types: './dist/client/index.d.ts',
      default: './dist/client/index.js',
    });
    // The build compiles src/ to dist/ and writes the client's declarations beside it.
    expect(pkg.scripts.build).toContain('build:client');
    expect(pkg.scripts['build:client']).toMatch(
      /--declaration .*--rootDir src --outDir dist src\/client\/index\.ts$/,
    );
    expect(pkg.scripts.prebuild).toContain('npm run client');
  });
});

/**
 * The typed client's types (src/client/schema.ts) from openapi.yaml: openapi-typescript's output
 * as Biome formats it, so the committed file passes `biome check` and its staleness test compares
 * like with like. Written by `npm run client` (scripts/write-client.ts), which the build runs.
 */
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import openapiTS, { astToString } from 'openapi-typescript';

/** The committed types file. */
export const CLIENT_TYPES_FILE = fileURLToPath(new URL('../src/client/schema.ts', import.meta.url));

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const BIOME = fileURLToPath(new URL('../node_modules/@biomejs/biome/bin/biome', import.meta.url));

const HEADER = `/**
 * Generated from openapi.yaml by openapi-typescript (\`npm run client\`; the build runs it). Do not
 * edit: change the route schemas, then \`npm run openapi && npm run client\`.
 */
`;

/** The types file's text for the openapi.yaml at `openapiFile` (default: the repo's). */
export async function renderClientTypes(
  openapiFile = fileURLToPath(new URL('../openapi.yaml', import.meta.url)),
): Promise<string> {
  // silent: openapi-typescript lints with its own Redocly rules, which know nothing of
  // redocly.yaml's; test/http/openapi-lint.test.ts is where the document is linted.
  const ast = await openapiTS(readFileSync(openapiFile, 'utf8'), { silent: true });
  const source = HEADER + astToString(ast).replace(/^\/\*\*[\s\S]*?\*\/\n/, '');
  const formatted = spawnSync(process.execPath, [BIOME, 'format', `--stdin-file-path=${CLIENT_TYPES_FILE}`], {
    cwd: ROOT,
    input: source,
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
  });
  if (formatted.status !== 0) throw new Error(`biome format failed: ${formatted.stderr}`);
  return formatted.stdout;
}

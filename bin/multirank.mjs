#!/usr/bin/env node
// The multirank CLI. In a checkout with dev dependencies it runs the TypeScript sources through
// tsx (always current, no build step); in an installed package or the Docker image it runs dist/.
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const sources = `${root}src/cli/main.ts`;
let entry = `${root}dist/cli/main.js`;
if (existsSync(sources)) {
  try {
    const { register } = await import('tsx/esm/api');
    register();
    entry = sources;
  } catch {
    // tsx absent (production install): fall back to the compiled output.
  }
}
if (!existsSync(entry)) {
  console.error('multirank: no compiled output; run `npm run build` first');
  process.exit(1);
}
const { main } = await import(entry);
await main();

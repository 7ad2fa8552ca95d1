/** docs/data.md shows the example configs in full; they must stay identical to examples/*.yaml. */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

const root = new URL('../../', import.meta.url).pathname;

describe('docs/data.md', () => {
  it.each(['examples/simulator.yaml', 'examples/census.yaml'])('quotes %s verbatim', (file) => {
    const docs = readFileSync(`${root}docs/data.md`, 'utf8');
    const marker = `<!-- ${file} -->\n\`\`\`yaml\n`;
    const start = docs.indexOf(marker);
    expect(start).toBeGreaterThan(-1);
    const body = docs.slice(start + marker.length, docs.indexOf('```', start + marker.length));
    expect(body).toBe(readFileSync(`${root}${file}`, 'utf8'));
  });
});

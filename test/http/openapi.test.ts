import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { renderOpenApiYaml } from '../../src/openapi.js';
import { buildTestApp } from '../helpers/app.js';

describe('OpenAPI', () => {
  it('openapi.yaml matches the route schemas (run `npm run openapi` when this fails)', async () => {
    const committed = readFileSync(new URL('../../openapi.yaml', import.meta.url), 'utf8');
    expect(await renderOpenApiYaml()).toBe(committed);
  });

  it('serves Swagger UI at /docs', async () => {
    const app = await buildTestApp();
    const res = await app.inject({ method: 'GET', url: '/docs/' });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toContain('text/html');
  });
});

/**
 * Security headers (src/http/plugins/security-headers.ts) on API routes, errors and Swagger UI,
 * and a guard that the docs page still loads under its policy: everything it pulls in is a
 * same-origin file the policy allows, with no inline script.
 */
import { describe, expect, it } from 'vitest';
import { buildTestApp } from '../helpers/app.js';

const API_CSP = "default-src 'none';frame-ancestors 'none'";

/** Parses a CSP header into directive -> sources. */
function directives(header: unknown): Map<string, string[]> {
  expect(typeof header).toBe('string');
  return new Map(
    String(header)
      .split(';')
      .map((part) => part.trim().split(/\s+/))
      .filter((words) => words[0])
      .map(([name, ...sources]) => [name as string, sources]),
  );
}

function expectBaseline(headers: Record<string, unknown>, where: string): void {
  expect(headers['x-content-type-options'], where).toBe('nosniff');
  expect(headers['x-frame-options'], where).toBe('DENY');
  expect(headers['referrer-policy'], where).toBe('no-referrer');
  expect(headers['content-security-policy'], where).toBeTypeOf('string');
}

describe('security headers', () => {
  it('sets nosniff, frame denial, referrer policy and a load-nothing CSP on API answers and errors', async () => {
    const app = await buildTestApp();
    for (const [method, url, status] of [
      ['GET', '/healthz', 200],
      ['GET', '/readyz', 200],
      ['GET', '/metrics', 200],
      ['GET', '/v1/nothing', 404],
      ['POST', '/v1/rank', 404],
    ] as const) {
      const res = await app.inject({ method, url });
      expect(res.statusCode, url).toBe(status);
      expectBaseline(res.headers, url);
      expect(res.headers['content-security-policy'], url).toBe(API_CSP);
    }
  });

  it('gives Swagger UI a policy it loads under: same-origin files, no inline script, no upgrade', async () => {
    const app = await buildTestApp();
    const page = await app.inject({ method: 'GET', url: '/docs/' });
    expect(page.statusCode).toBe(200);
    expectBaseline(page.headers, '/docs/');
    const csp = directives(page.headers['content-security-policy']);
    expect(csp.get('script-src')).toEqual(["'self'"]);
    expect(csp.get('default-src')).toEqual(["'self'"]); // connect-src: the OpenAPI document, "try it out"
    expect(csp.get('img-src')).toContain('data:'); // the logo
    expect(csp.get('frame-ancestors')).toEqual(["'none'"]);
    expect(csp.has('upgrade-insecure-requests')).toBe(false); // would break the page over plain HTTP

    // Every script is a file (the policy allows no inline script); every asset is ours and served.
    const html = page.body;
    const scripts = [...html.matchAll(/<script\b([^>]*)>([\s\S]*?)<\/script>/g)];
    expect(scripts.length).toBeGreaterThan(0);
    for (const [, attributes, body] of scripts) {
      expect(attributes).toMatch(/\bsrc="/);
      expect(body?.trim()).toBe('');
    }
    expect(html).not.toMatch(/<style\b/);
    const assets = [...html.matchAll(/(?:src|href)="([^"]+)"/g)].map(([, url]) => url as string);
    expect(assets.length).toBeGreaterThan(3);
    for (const asset of assets) {
      expect(asset, 'same origin, relative to /docs/').toMatch(/^\.\/static\//);
      const res = await app.inject({ method: 'GET', url: `/docs/${asset.slice(2)}` });
      expect(res.statusCode, asset).toBe(200);
      expect(res.headers['content-security-policy'], asset).toBe(page.headers['content-security-policy']);
    }
    // The UI fetches the document from the same prefix.
    const json = await app.inject({ method: 'GET', url: '/docs/json' });
    expect(json.statusCode).toBe(200);
    expect(json.json().openapi).toMatch(/^3\./);
  });
});

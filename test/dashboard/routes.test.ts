/**
 * The dashboard's routes through inject: the page and its assets with their content types,
 * ETags and the dashboard's own Content-Security-Policy (the API keeps its default-src 'none'),
 * and GET /v1/models/:version/card over the shipped bundle.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { servingApp } from '../helpers/serving.js';

const metrics = JSON.parse(
  readFileSync(new URL('../../models/default/metrics.json', import.meta.url), 'utf8'),
);

describe('GET /dashboard', () => {
  it('serves the page, its stylesheet and modules under a CSP of their own', async () => {
    const { app } = await servingApp();
    const page = await app.inject({ url: '/dashboard' });
    expect(page.statusCode).toBe(200);
    expect(page.headers['content-type']).toBe('text/html; charset=utf-8');
    const csp = String(page.headers['content-security-policy']);
    expect(csp).toContain("script-src 'self'");
    expect(csp).toContain("style-src 'self'");
    expect(csp).toContain("connect-src 'self'");
    expect(csp).not.toContain('unsafe-inline');
    expect(page.body).not.toMatch(/<script(?![^>]*\bsrc=)/); // no inline script
    expect(page.body).not.toMatch(/<style|style="/); // no inline style

    // Every module the page preloads is served as JavaScript, without type syntax left in.
    const assets = [...page.body.matchAll(/(?:href|src)="(\/dashboard\/assets\/[^"]+)"/g)].map(
      (m) => m[1] as string,
    );
    expect(assets).toContain('/dashboard/assets/main.js');
    expect(assets).toContain('/dashboard/assets/dashboard.css');
    for (const url of assets) {
      const res = await app.inject({ url });
      expect(res.statusCode, url).toBe(200);
      expect(res.headers['content-type'], url).toMatch(
        url.endsWith('.css') ? /^text\/css/ : /^text\/javascript/,
      );
      expect(res.headers['content-security-policy']).toBe(csp);
    }
    const main = await app.inject({ url: '/dashboard/assets/main.js' });
    expect(main.body).toContain("from './dom.js'");
    expect(main.body).not.toMatch(/import type|: DomElement/);

    const again = await app.inject({
      url: '/dashboard/assets/main.js',
      headers: { 'if-none-match': String(main.headers.etag) },
    });
    expect(again.statusCode).toBe(304);
    expect((await app.inject({ url: '/dashboard/' })).headers.location).toBe('/dashboard');
    const missing = await app.inject({ url: '/dashboard/assets/nope.js' });
    expect(missing.statusCode).toBe(404);
    expect(missing.json().error.code).toBe('NOT_FOUND');
    const api = await app.inject({ url: '/v1/models' });
    expect(api.headers['content-security-policy']).toContain("default-src 'none'");
    expect(api.headers['content-security-policy']).not.toContain("script-src 'self'");
  });
});

describe('GET /v1/models/:version/card', () => {
  it("answers the shipped bundle's manifest, metrics and training config", async () => {
    const { app } = await servingApp();
    const res = await app.inject({ url: '/v1/models/default/card' });
    expect(res.statusCode).toBe(200);
    const card = res.json();
    expect(card).toMatchObject({ version: 'default', active: true, files: { onnx: true, tfjs: true } });
    expect(card.engine).toMatch(/^(onnx|tfjs)$/);
    expect(card.manifest.contentHash).toMatch(/^sha256:/);
    const click = card.metrics.validation.heads.find((h: { name: string }) => h.name === 'click');
    expect(click.model.auc).toBe(metrics.validation.heads[0].model.auc);
    expect(card.training.data.validation).toEqual({ kind: 'lastFraction', fraction: 0.1 });
    // The shipped bundle carries its evaluation and sweep on its validation split; no transfer report.
    expect(card.evaluation).toMatchObject({ format: 'multirank.evaluation/1', data: { rows: 40000 } });
    expect(card.sweep.model.contentHash).toBe(card.manifest.contentHash);
    expect(card.transfer).toBeNull();
  });

  it('refuses a name that is no folder, and answers 404 for a folder without a bundle', async () => {
    const { app } = await servingApp();
    const bad = await app.inject({ url: '/v1/models/..%2Fsecrets/card' });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.message).toBe('version: "../secrets" is not a model folder name');
    const none = await app.inject({ url: '/v1/models/nope/card' });
    expect(none.statusCode).toBe(404);
    expect(none.json().error.message).toBe('version: no model "nope"');
  });
});

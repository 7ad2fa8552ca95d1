import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import Fastify, { type FastifyInstance } from 'fastify';
import { afterEach, describe, expect, it } from 'vitest';
import adminAuth from '../../src/http/plugins/admin-auth.js';
import errorHandler from '../../src/http/plugins/error-handler.js';

const KEY = 'correct-horse-battery-staple';
const open: FastifyInstance[] = [];
afterEach(async () => {
  await Promise.all(open.splice(0).map((app) => app.close()));
});

/** A bare app with one admin route (guarded before validation) and one guarded as a preHandler. */
async function appWithAdminRoute(adminKey: string | undefined) {
  const app = Fastify({ logger: false }).withTypeProvider<TypeBoxTypeProvider>();
  open.push(app);
  await app.register(errorHandler);
  await app.register(adminAuth, { adminKey });
  app.post(
    '/admin/models',
    { onRequest: app.requireAdmin, schema: { body: Type.Object({ version: Type.String() }) } },
    async (request) => ({ activated: request.body.version }),
  );
  app.get('/admin/status', { preHandler: app.requireAdmin }, async () => ({ ok: true }));
  await app.ready();
  return app;
}

const activate = (app: FastifyInstance, headers: Record<string, string>) =>
  app.inject({ method: 'POST', url: '/admin/models', headers, payload: { version: 'v2' } });

describe('admin auth', () => {
  it('accepts the key in x-api-key', async () => {
    const app = await appWithAdminRoute(KEY);
    const res = await activate(app, { 'x-api-key': KEY });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ activated: 'v2' });
  });

  it('accepts the key as a Bearer token', async () => {
    const app = await appWithAdminRoute(KEY);
    expect((await activate(app, { authorization: `Bearer ${KEY}` })).statusCode).toBe(200);
    const status = await app.inject({ url: '/admin/status', headers: { authorization: `bearer ${KEY}` } });
    expect(status.statusCode).toBe(200);
  });

  it('answers 401 naming the header when the key is missing', async () => {
    const app = await appWithAdminRoute(KEY);
    const res = await activate(app, {});
    expect(res.statusCode).toBe(401);
    expect(res.headers['www-authenticate']).toBe('Bearer');
    expect(res.json().error.code).toBe('UNAUTHORIZED');
    expect(res.json().error.message).toContain('x-api-key');
  });

  it('answers 401 to a wrong key of any length, and to other schemes', async () => {
    const app = await appWithAdminRoute(KEY);
    const wrong: Record<string, string>[] = [
      { 'x-api-key': 'wrong' },
      { 'x-api-key': `${KEY}x` },
      { authorization: `Bearer ${KEY.toUpperCase()}` },
      { authorization: `Basic ${Buffer.from(`admin:${KEY}`).toString('base64')}` },
    ];
    for (const headers of wrong) {
      const res = await activate(app, headers);
      expect(res.statusCode).toBe(401);
      expect(res.json()).toMatchObject({ error: { code: 'UNAUTHORIZED' } });
    }
  });

  it('refuses before validating the body, so strangers learn nothing about the schema', async () => {
    const app = await appWithAdminRoute(KEY);
    const res = await app.inject({ method: 'POST', url: '/admin/models', payload: { nope: 1 } });
    expect(res.statusCode).toBe(401);
  });

  it('answers 403 on every admin route when no key is configured', async () => {
    for (const adminKey of [undefined, '']) {
      const app = await appWithAdminRoute(adminKey);
      const res = await activate(app, { 'x-api-key': 'anything' });
      expect(res.statusCode).toBe(403);
      expect(res.json()).toEqual({
        error: { code: 'FORBIDDEN', message: 'admin API disabled: set MULTIRANK_ADMIN_KEY' },
      });
    }
  });
});

import { Type } from '@sinclair/typebox';
import { describe, expect, it } from 'vitest';
import { MultirankError } from '../../src/errors.js';
import { buildTestApp } from '../helpers/app.js';

/** The app plus three routes that fail in the ways real routes will. */
async function appWithFailingRoutes() {
  const app = await buildTestApp({}, { MULTIRANK_BODY_LIMIT: '2048' });
  app.post(
    '/echo',
    { schema: { body: Type.Object({ userId: Type.String(), limit: Type.Integer({ minimum: 1 }) }) } },
    async (req) => req.body,
  );
  app.get('/conflict', async () => {
    throw new MultirankError('CONFLICT', 'model v2 is already active');
  });
  app.get('/boom', async () => {
    throw new Error('secret connection string redis://user:pw@host');
  });
  return app;
}

describe('error handler', () => {
  it('answers 404 for unknown routes in the error body shape', async () => {
    const app = await buildTestApp();
    const res = await app.inject({ method: 'GET', url: '/v1/nothing' });
    expect(res.statusCode).toBe(404);
    expect(res.json()).toEqual({ error: { code: 'NOT_FOUND', message: 'no route GET /v1/nothing' } });
  });

  it('names the offending field on validation errors', async () => {
    const app = await appWithFailingRoutes();
    const res = await app.inject({ method: 'POST', url: '/echo', payload: { userId: 'u1', limit: 0 } });
    expect(res.statusCode).toBe(400);
    expect(res.json().error.code).toBe('BAD_REQUEST');
    expect(res.json().error.message).toContain('limit');
  });

  it('answers 400 for malformed JSON', async () => {
    const app = await appWithFailingRoutes();
    const res = await app.inject({
      method: 'POST',
      url: '/echo',
      headers: { 'content-type': 'application/json' },
      payload: '{"userId":',
    });
    expect(res.statusCode).toBe(400);
    expect(res.json().error.code).toBe('BAD_REQUEST');
  });

  it('answers 413 for a body over the configured limit', async () => {
    const app = await appWithFailingRoutes();
    const res = await app.inject({
      method: 'POST',
      url: '/echo',
      payload: { userId: 'x'.repeat(5000), limit: 1 },
    });
    expect(res.statusCode).toBe(413);
    expect(res.json().error.code).toBe('PAYLOAD_TOO_LARGE');
  });

  it('passes typed errors through with their status', async () => {
    const app = await appWithFailingRoutes();
    const res = await app.inject({ method: 'GET', url: '/conflict' });
    expect(res.statusCode).toBe(409);
    expect(res.json()).toEqual({ error: { code: 'CONFLICT', message: 'model v2 is already active' } });
  });

  it('hides the details of unexpected failures', async () => {
    const app = await appWithFailingRoutes();
    const res = await app.inject({ method: 'GET', url: '/boom' });
    expect(res.statusCode).toBe(500);
    expect(res.json().error.code).toBe('INTERNAL');
    expect(res.body).not.toContain('secret');
  });
});

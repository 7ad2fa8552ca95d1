import { connect } from 'node:net';
import { Type } from '@sinclair/typebox';
import { describe, expect, it } from 'vitest';
import { MultirankError } from '../../src/errors.js';
import { ExperimentParams } from '../../src/http/schemas/experiments.js';
import { ActivateParams } from '../../src/http/schemas/models.js';
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
  app.get('/busy', async () => {
    throw new MultirankError('UNAVAILABLE', 'experiment store (Redis) unavailable; retry later');
  });
  return app;
}

/** The app plus routes with the real path parameters of activate and experiments. */
async function appWithParamRoutes() {
  const app = await buildTestApp({}, { MULTIRANK_RETRY_AFTER_SECONDS: '3' });
  app.post('/v1/models/:version/activate', { schema: { params: ActivateParams } }, async (req) => req.params);
  app.get('/v1/experiments/:id', { schema: { params: ExperimentParams } }, async (req) => req.params);
  return app;
}

/** Sends raw bytes to a listening app and resolves with everything it answers before closing. */
async function rawExchange(port: number, bytes: string): Promise<string> {
  const socket = connect(port, '127.0.0.1');
  let received = '';
  socket.on('data', (chunk: Buffer) => {
    received += chunk.toString();
  });
  socket.on('error', () => undefined); // a reset after the answer is a close too
  socket.write(bytes);
  await new Promise((resolve) => socket.once('close', resolve));
  return received;
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

  it('passes a 503 raised on purpose through with its message and retry-after', async () => {
    const app = await appWithFailingRoutes();
    const res = await app.inject({ method: 'GET', url: '/busy' });
    expect(res.statusCode).toBe(503);
    expect(res.headers['retry-after']).toBe('5');
    expect(res.json()).toEqual({
      error: { code: 'UNAVAILABLE', message: 'experiment store (Redis) unavailable; retry later' },
    });
  });
});

describe('errors fastify raises outside the error handler', () => {
  it('answers a path that does not percent-decode with 400 in the error shape, naming the path', async () => {
    const app = await appWithParamRoutes();
    for (const [method, url] of [
      ['POST', '/v1/models/%C0%AE%C0%AE/activate'],
      ['GET', '/v1/experiments/%ff'],
    ] as const) {
      const res = await app.inject({ method, url, headers: { 'x-request-id': 'bad-url-1' } });
      expect(res.statusCode, url).toBe(400);
      expect(res.json()).toEqual({
        error: {
          code: 'BAD_REQUEST',
          message: `path: "${url}" is not a valid URL (malformed percent-encoding)`,
        },
      });
      expect(res.headers['x-request-id']).toBe('bad-url-1');
      expect(res.headers['x-content-type-options']).toBe('nosniff');
    }
  });

  it("lets a route's schema judge a long path parameter, and answers a huge one in the error shape", async () => {
    const app = await appWithParamRoutes();
    // 101..128 characters are valid versions; fastify's default router limit (100) refused them with 414.
    const valid = await app.inject({ method: 'POST', url: `/v1/models/${'v'.repeat(128)}/activate` });
    expect(valid.statusCode).toBe(200);
    expect(valid.json()).toEqual({ version: 'v'.repeat(128) });

    const tooLong = await app.inject({ method: 'POST', url: `/v1/models/${'v'.repeat(129)}/activate` });
    expect(tooLong.statusCode).toBe(400);
    expect(tooLong.json().error).toEqual({
      code: 'BAD_REQUEST',
      message: 'params/version must NOT have more than 128 characters',
    });

    const huge = await app.inject({ method: 'GET', url: `/v1/experiments/${'e'.repeat(5000)}` });
    expect(huge.statusCode).toBe(400);
    expect(huge.json().error.code).toBe('BAD_REQUEST');
    expect(huge.json().error.message).toMatch(
      /^path: "\/v1\/experiments\/e{100,}…" has a segment longer than 256/,
    );
    expect(huge.body.length).toBeLessThan(400);
  });

  it('answers bytes that are not HTTP with 400 in the error shape before closing the connection', async () => {
    const app = await buildTestApp();
    await app.listen({ port: 0, host: '127.0.0.1' });
    const { port } = app.server.address() as { port: number };
    const answer = await rawExchange(port, 'NOT HTTP AT ALL\r\n\r\n');
    expect(answer).toMatch(/^HTTP\/1\.1 400 Bad Request\r\n/);
    const body = answer.slice(answer.indexOf('\r\n\r\n') + 4);
    expect(JSON.parse(body)).toEqual({ error: { code: 'BAD_REQUEST', message: 'malformed HTTP request' } });
  });
});

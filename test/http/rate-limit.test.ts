import Fastify, { type FastifyInstance } from 'fastify';
import { afterEach, describe, expect, it } from 'vitest';
import errorHandler from '../../src/http/plugins/error-handler.js';
import rateLimit from '../../src/http/plugins/rate-limit.js';

const open: FastifyInstance[] = [];
afterEach(async () => {
  await Promise.all(open.splice(0).map((app) => app.close()));
});

/** A bare app with the limit, a ranking route and the operational routes it must not limit. */
async function appWithLimit(perMinute: number): Promise<FastifyInstance> {
  const app = Fastify({ logger: false });
  open.push(app);
  await app.register(errorHandler);
  await app.register(rateLimit, { perMinute });
  app.post('/v1/rank', async () => ({ ranked: [] }));
  for (const url of ['/healthz', '/readyz', '/metrics']) app.get(url, async () => 'ok');
  await app.ready();
  return app;
}

const rank = (app: FastifyInstance, remoteAddress = '10.0.0.1') =>
  app.inject({ method: 'POST', url: '/v1/rank', payload: {}, remoteAddress });

describe('rate limit', () => {
  it('answers 429 in the error shape with retry-after once a client is over the limit', async () => {
    const app = await appWithLimit(2);
    expect((await rank(app)).statusCode).toBe(200);
    expect((await rank(app)).statusCode).toBe(200);
    const res = await rank(app);
    expect(res.statusCode).toBe(429);
    expect(res.json().error.code).toBe('TOO_MANY_REQUESTS');
    expect(res.json().error.message).toMatch(/^rate limit of 2 requests per minute exceeded; retry in /);
    expect(Number(res.headers['retry-after'])).toBeGreaterThan(0);
    expect(Number(res.headers['retry-after'])).toBeLessThanOrEqual(60);
  });

  it('counts each client address on its own', async () => {
    const app = await appWithLimit(1);
    expect((await rank(app, '10.0.0.1')).statusCode).toBe(200);
    expect((await rank(app, '10.0.0.1')).statusCode).toBe(429);
    expect((await rank(app, '10.0.0.2')).statusCode).toBe(200);
  });

  it('never limits probes and scrapes', async () => {
    const app = await appWithLimit(1);
    await rank(app);
    for (const url of ['/healthz', '/readyz', '/metrics', '/healthz', '/readyz', '/metrics']) {
      const res = await app.inject({ method: 'GET', url, remoteAddress: '10.0.0.1' });
      expect(res.statusCode).toBe(200);
    }
  });

  it('is off at 0', async () => {
    const app = await appWithLimit(0);
    for (let i = 0; i < 5; i++) {
      const res = await rank(app);
      expect(res.statusCode).toBe(200);
      expect(res.headers['x-ratelimit-limit']).toBeUndefined();
    }
  });
});

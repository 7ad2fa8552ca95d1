/**
 * The probes' 503 while the app closes: app.ts's onRequest hook refuses every request with the
 * error body, and the readiness route's 503 schema takes both that and the readiness shape (with
 * the readiness shape alone its serialiser failed on the error body and the probe answered 500).
 * The hook is reproduced on a bare fastify, so the refusal can be switched on without a close.
 */
import Fastify from 'fastify';
import { describe, expect, it } from 'vitest';
import { MultirankError } from '../../src/errors.js';
import errorHandler from '../../src/http/plugins/error-handler.js';
import healthRoutes from '../../src/http/routes/health.js';

const SHUTTING_DOWN = 'the service is shutting down; retry (another replica)';

describe('probes refused while closing', () => {
  it('answer 503 in the error format; a part down still answers the readiness', async () => {
    const app = Fastify({ logger: false });
    let closing = false;
    await app.register(errorHandler);
    app.addHook('onRequest', async () => {
      if (closing) throw new MultirankError('UNAVAILABLE', SHUTTING_DOWN);
    });
    await app.register(healthRoutes, {
      backend: 'cpu',
      checks: [() => ({ name: 'model', status: 'down', detail: 'not loaded' })],
    });
    try {
      const down = await app.inject({ url: '/readyz' });
      expect(down.statusCode).toBe(503);
      expect(down.json()).toMatchObject({ status: 'unavailable', degraded: [] });
      closing = true;
      for (const url of ['/readyz', '/healthz']) {
        const res = await app.inject({ url });
        expect(res.statusCode, url).toBe(503);
        expect(res.json(), url).toEqual({ error: { code: 'UNAVAILABLE', message: SHUTTING_DOWN } });
      }
    } finally {
      await app.close();
    }
  });
});

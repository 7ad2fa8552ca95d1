import Fastify, { type FastifyInstance } from 'fastify';
import { afterEach, describe, expect, it } from 'vitest';
import errorHandler from '../../src/http/plugins/error-handler.js';
import loadShedding, { type LoadSheddingOptions } from '../../src/http/plugins/load-shedding.js';
import { until } from '../helpers/wait.js';

const open: FastifyInstance[] = [];
afterEach(async () => {
  await Promise.all(open.splice(0).map((app) => app.close()));
});

const OPERATIONAL = ['/healthz', '/readyz', '/metrics'];

/** A bare app with shedding, a ranking route and the operational routes it must keep answering. */
async function appWithShedding(options: LoadSheddingOptions): Promise<FastifyInstance> {
  const app = Fastify({ logger: false });
  open.push(app);
  await app.register(errorHandler);
  await app.register(loadShedding, options);
  app.post('/v1/rank', async () => ({ ranked: [] }));
  for (const url of OPERATIONAL) app.get(url, async () => 'ok');
  await app.ready();
  return app;
}

function blockEventLoop(ms: number): void {
  const until = Date.now() + ms;
  while (Date.now() < until) {
    // Busy on purpose: this is the overload.
  }
}

const tick = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Blocks the loop, waits for under-pressure's next sample to see it, then sends the requests at
 * once (the state only changes at the next sample, 100 ms later). Retried until the first request
 * lands in that window, however often a loaded machine delays us past the next sample; the
 * assertions never depend on timings.
 */
async function whileUnderPressure(app: FastifyInstance, send: () => Promise<number[]>): Promise<number[]> {
  let statuses: number[] = [];
  await until(async () => {
    blockEventLoop(400);
    for (let wait = 0; wait < 100 && !app.isUnderPressure(); wait++) await tick(5);
    statuses = await send();
    return statuses[0] === 503;
  }, 'a rank request sent while under pressure');
  return statuses;
}

const rank = (app: FastifyInstance) => app.inject({ method: 'POST', url: '/v1/rank', payload: {} });

describe('load shedding', () => {
  const overloaded = { maxEventLoopDelayMs: 10, retryAfterSeconds: 7, sampleIntervalMs: 100 };

  it('answers 503 in the error shape with retry-after while the event loop lags', async () => {
    const app = await appWithShedding(overloaded);
    let res = await rank(app);
    await whileUnderPressure(app, async () => {
      res = await rank(app);
      return [res.statusCode];
    });
    expect(res.statusCode).toBe(503);
    expect(res.headers['retry-after']).toBe('7');
    expect(res.json().error.code).toBe('UNAVAILABLE');
    expect(res.json().error.message).toMatch(
      /^server overloaded \((mean event loop delay \d+ ms|event loop stalled)\); retry after 7 s$/,
    );
  });

  it('keeps answering probes and scrapes while shedding', async () => {
    const app = await appWithShedding(overloaded);
    const statuses = await whileUnderPressure(app, async () => {
      const responses = await Promise.all([
        rank(app),
        ...OPERATIONAL.map((url) => app.inject({ method: 'GET', url })),
      ]);
      return responses.map((r) => r.statusCode);
    });
    expect(statuses).toEqual([503, 200, 200, 200]);
  });

  it('lets requests through below the limit', async () => {
    const app = await appWithShedding({
      maxEventLoopDelayMs: 5000,
      retryAfterSeconds: 5,
      sampleIntervalMs: 100,
    });
    await tick(150);
    expect(app.isUnderPressure()).toBe(false);
    expect((await rank(app)).statusCode).toBe(200);
  });

  it('is off at 0', async () => {
    const app = await appWithShedding({ maxEventLoopDelayMs: 0, retryAfterSeconds: 5 });
    expect(app.hasDecorator('isUnderPressure')).toBe(false);
    expect((await rank(app)).statusCode).toBe(200);
  });
});

describe('refusing rank requests while the scoring workers are saturated', () => {
  it('answers 503 with retry-after before reading the body, and lets other routes through', async () => {
    let reason: string | null = 'all 2 scoring workers are busy and 64 requests wait; try again';
    const app = await appWithShedding({
      maxEventLoopDelayMs: 0,
      retryAfterSeconds: 3,
      scoringSaturated: () => reason,
    });
    // A malformed body (parsed, it would answer 400): refused first, it is never read.
    const refused = await app.inject({
      method: 'POST',
      url: '/v1/rank',
      headers: { 'content-type': 'application/json' },
      payload: '{"userId": ',
    });
    expect(refused.statusCode).toBe(503);
    expect(refused.headers['retry-after']).toBe('3');
    expect(refused.json()).toEqual({ error: { code: 'UNAVAILABLE', message: reason } });
    for (const url of OPERATIONAL) expect((await app.inject({ url })).statusCode).toBe(200);
    reason = null;
    expect((await app.inject({ method: 'POST', url: '/v1/rank', payload: {} })).statusCode).toBe(200);
  });
});

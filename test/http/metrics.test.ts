import * as tf from '@tensorflow/tfjs';
import Fastify, { type FastifyInstance } from 'fastify';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { UserStoreStats } from '../../src/features/user-store/options.js';
import errorHandler from '../../src/http/plugins/error-handler.js';
import metrics, { type MetricsOptions } from '../../src/http/plugins/metrics.js';
import openapi from '../../src/http/plugins/swagger.js';

const open: FastifyInstance[] = [];
afterEach(async () => {
  await Promise.all(open.splice(0).map((app) => app.close()));
});

beforeAll(async () => {
  await tf.setBackend('cpu');
});

/** A bare app with the metrics plugin and two routes shaped like the real ones. */
async function appWithMetrics(options: MetricsOptions = {}): Promise<FastifyInstance> {
  const app = Fastify({ logger: false });
  open.push(app);
  await app.register(errorHandler);
  await app.register(metrics, { processMetrics: false, ...options });
  app.get('/v1/items/:id', async () => ({ ok: true }));
  app.post('/v1/rank', async (request) => {
    const { candidates } = request.body as { candidates: string[] };
    app.metrics.observeRankCandidates(candidates.length);
    return { ranked: candidates };
  });
  await app.ready();
  return app;
}

async function scrape(app: FastifyInstance): Promise<string> {
  const res = await app.inject({ method: 'GET', url: '/metrics' });
  expect(res.statusCode).toBe(200);
  return res.body;
}

/** The value of the series `name{labels}` in an exposition, or undefined when absent. */
function seriesValue(text: string, name: string, labels: Record<string, string> = {}): number | undefined {
  const wanted = Object.entries(labels).map(([k, v]) => `${k}="${v}"`);
  for (const line of text.split('\n')) {
    const match = /^([a-z_:]+)(?:\{(.*)\})? (\S+)$/.exec(line);
    if (!match || match[1] !== name) continue;
    const present = match[2] ? match[2].split(',') : [];
    if (wanted.length === present.length && wanted.every((pair) => present.includes(pair))) {
      return Number(match[3]);
    }
  }
  return undefined;
}

function storeStats(): UserStoreStats {
  return {
    served: { l1: 5, pushed: 0, redis: 3, origin: 2, default: 1 },
    l1: { hits: 5, misses: 6, size: 40 },
    redis: {
      hits: 3,
      misses: 3,
      errors: 1,
      writeErrors: 2,
      skipped: 0,
      writesSkipped: 0,
      breaker: { state: 'closed', consecutiveFailures: 0, opens: 0, openedAt: undefined },
    },
    origin: { fetches: 2, found: 2, missing: 1, errors: 0 },
    singleFlight: { shared: 4 },
  };
}

describe('metrics plugin', () => {
  it('serves the exposition format with the registry content type', async () => {
    const app = await appWithMetrics();
    const res = await app.inject({ method: 'GET', url: '/metrics' });
    expect(res.headers['content-type']).toBe(app.metrics.registry.contentType);
    expect(res.body).toContain('# TYPE multirank_http_request_duration_seconds histogram');
  });

  it('times requests by route pattern, method and status, leaving out scrapes', async () => {
    const app = await appWithMetrics();
    await app.inject({ method: 'GET', url: '/v1/items/1' });
    await app.inject({ method: 'GET', url: '/v1/items/2' });
    await app.inject({ method: 'GET', url: '/no/such/route' });
    await scrape(app);
    const text = await scrape(app);
    const count = 'multirank_http_request_duration_seconds_count';
    expect(seriesValue(text, count, { method: 'GET', route: '/v1/items/:id', status_code: '200' })).toBe(2);
    expect(seriesValue(text, count, { method: 'GET', route: 'unmatched', status_code: '404' })).toBe(1);
    expect(text).not.toContain('route="/metrics"');
    expect(text).not.toContain('/v1/items/1');
  });

  it('records candidates per rank request through app.metrics', async () => {
    const app = await appWithMetrics();
    await app.inject({ method: 'POST', url: '/v1/rank', payload: { candidates: ['a', 'b', 'c'] } });
    const text = await scrape(app);
    expect(seriesValue(text, 'multirank_rank_candidates_count')).toBe(1);
    expect(seriesValue(text, 'multirank_rank_candidates_sum')).toBe(3);
    expect(seriesValue(text, 'multirank_rank_candidates_bucket', { le: '10' })).toBe(1);
  });

  it('reads the user store counters at every scrape, as counters', async () => {
    const stats = storeStats();
    const app = await appWithMetrics({ userStoreStats: () => stats });
    let text = await scrape(app);
    expect(text).toContain('# TYPE multirank_user_cache_hits_total counter');
    expect(seriesValue(text, 'multirank_user_features_served_total', { layer: 'default' })).toBe(1);
    expect(seriesValue(text, 'multirank_user_cache_hits_total', { layer: 'l1' })).toBe(5);
    expect(seriesValue(text, 'multirank_user_cache_misses_total', { layer: 'redis' })).toBe(3);
    expect(seriesValue(text, 'multirank_redis_errors_total', { operation: 'write' })).toBe(2);
    expect(seriesValue(text, 'multirank_user_origin_fetches_total')).toBe(2);
    expect(seriesValue(text, 'multirank_redis_circuit_state', { state: 'closed' })).toBe(1);

    stats.l1.hits = 50;
    stats.redis.breaker = { state: 'open', consecutiveFailures: 5, opens: 1, openedAt: Date.now() };
    text = await scrape(app);
    expect(seriesValue(text, 'multirank_user_cache_hits_total', { layer: 'l1' })).toBe(50);
    expect(seriesValue(text, 'multirank_redis_circuit_state', { state: 'closed' })).toBe(0);
    expect(seriesValue(text, 'multirank_redis_circuit_state', { state: 'open' })).toBe(1);
    expect(seriesValue(text, 'multirank_redis_circuit_opens_total')).toBe(1);
  });

  it('leaves out user store metrics when there is no store', async () => {
    const text = await scrape(await appWithMetrics());
    expect(text).not.toContain('multirank_user_');
  });

  it('shows only the model served now, after a hot swap too', async () => {
    let model = { version: 'v1', contentHash: 'sha256:aaa', engine: 'tfjs' };
    const app = await appWithMetrics({ modelInfo: () => model });
    expect(
      seriesValue(await scrape(app), 'multirank_model_info', {
        version: 'v1',
        content_hash: 'sha256:aaa',
        engine: 'tfjs',
      }),
    ).toBe(1);
    model = { version: 'v2', contentHash: 'sha256:bbb', engine: 'onnx' };
    const text = await scrape(app);
    expect(
      seriesValue(text, 'multirank_model_info', {
        version: 'v2',
        content_hash: 'sha256:bbb',
        engine: 'onnx',
      }),
    ).toBe(1);
    expect(text).not.toContain('version="v1"');
  });

  it('counts live tensors', async () => {
    const app = await appWithMetrics();
    const before = seriesValue(await scrape(app), 'multirank_tf_tensors') ?? Number.NaN;
    const held = tf.zeros([4, 4]);
    try {
      const text = await scrape(app);
      expect(seriesValue(text, 'multirank_tf_tensors')).toBe(before + 1);
      expect(seriesValue(text, 'multirank_tf_bytes')).toBeGreaterThanOrEqual(64);
    } finally {
      held.dispose();
    }
  });

  it('gives every app its own registry, with process metrics prefixed', async () => {
    const first = await appWithMetrics({ processMetrics: true });
    const second = await appWithMetrics({ processMetrics: true });
    await first.inject({ method: 'GET', url: '/v1/items/1' });
    const text = await scrape(second);
    expect(text).toContain('multirank_process_cpu_seconds_total');
    expect(text).not.toContain('route="/v1/items/:id"');
  });

  it('keeps /metrics out of the OpenAPI document', async () => {
    const app = Fastify({ logger: false });
    open.push(app);
    await app.register(openapi);
    await app.register(metrics, { processMetrics: false });
    await app.ready();
    expect(Object.keys(app.swagger().paths ?? {})).not.toContain('/metrics');
  });
});

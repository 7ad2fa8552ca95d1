import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { closeRedis, createRedisClient, type RedisClient } from '../../src/storage/redis.js';
import { buildTestApp } from '../helpers/app.js';
import { type RedisHandle, startRedis, untilRedisReady } from '../helpers/redis.js';

describe('GET /healthz', () => {
  it('answers ok while the process is up', async () => {
    const app = await buildTestApp();
    const res = await app.inject({ method: 'GET', url: '/healthz' });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ status: 'ok' });
  });
});

describe('GET /readyz', () => {
  it('is ready but names redis as degraded when REDIS_URL is not set', async () => {
    const app = await buildTestApp({ backend: 'wasm' });
    const res = await app.inject({ method: 'GET', url: '/readyz' });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ status: 'degraded', backend: 'wasm', degraded: ['redis'] });
  });

  describe('with a real Redis', () => {
    let redis: RedisHandle;
    let client: RedisClient;
    beforeAll(async () => {
      redis = await startRedis();
      client = createRedisClient(redis.url, { commandTimeoutMs: 1000 });
      client.on('error', () => undefined);
      await untilRedisReady(client);
    });
    afterAll(async () => {
      await closeRedis(client);
      await redis.stop();
    });

    it('reports ready with every component ok', async () => {
      const app = await buildTestApp({ redis: client });
      const res = await app.inject({ method: 'GET', url: '/readyz' });
      expect(res.json()).toMatchObject({
        status: 'ready',
        degraded: [],
        components: [{ name: 'redis', status: 'ok' }],
      });
    });
  });
});

describe('request ids', () => {
  it('echoes a sane caller request id and generates one otherwise', async () => {
    const app = await buildTestApp();
    const given = await app.inject({
      method: 'GET',
      url: '/healthz',
      headers: { 'x-request-id': 'abc-123' },
    });
    expect(given.headers['x-request-id']).toBe('abc-123');
    const hostile = await app.inject({
      method: 'GET',
      url: '/healthz',
      headers: { 'x-request-id': 'a b\tc' },
    });
    expect(hostile.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
  });
});

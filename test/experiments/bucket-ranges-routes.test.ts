/**
 * Bucket ranges stay the store's bookkeeping over HTTP: the definition routes neither show them
 * nor take them, and an off-grid traffic is a 400 naming the field.
 */
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import Fastify from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createExperimentService } from '../../src/experiments/store.js';
import adminAuth from '../../src/http/plugins/admin-auth.js';
import errorHandler from '../../src/http/plugins/error-handler.js';
import experimentRoutes from '../../src/http/routes/experiments.js';
import { closeRedis, createRedisClient, type RedisClient } from '../../src/storage/redis.js';
import { type RedisHandle, startRedis, untilRedisReady } from '../helpers/redis.js';

const KEY = 'bucket-ranges-admin-key';
let redis: RedisHandle;
let client: RedisClient;
beforeAll(async () => {
  redis = await startRedis();
  client = createRedisClient(redis.url, { commandTimeoutMs: 2_000 });
  client.on('error', () => undefined);
  await untilRedisReady(client);
});
afterAll(async () => {
  await closeRedis(client);
  await redis.stop();
});

const arm = (name: string, allocation: number) => ({
  name,
  allocation,
  profile: { form: 'sum', weights: { click: 1 } },
});

describe('bucket ranges over HTTP', () => {
  it('are stored but neither shown nor taken; traffic off the grid is refused', async () => {
    const service = await createExperimentService({
      redis: client,
      keyPrefix: `test:bucket-routes:${process.pid}:${Date.now()}`,
      refreshMs: 0,
    });
    const app = Fastify({
      logger: false,
      ajv: { customOptions: { removeAdditional: 'all', allErrors: false } },
    }).withTypeProvider<TypeBoxTypeProvider>();
    try {
      await app.register(errorHandler);
      await app.register(adminAuth, { adminKey: KEY });
      await app.register(experimentRoutes, { experiments: service });
      const put = (payload: object) =>
        app.inject({ method: 'PUT', url: '/v1/experiments/e', payload, headers: { 'x-api-key': KEY } });
      const body = { status: 'running', traffic: 0.3, variants: [arm('a', 1), arm('b', 1)] };

      // A client's ranges are dropped (removeAdditional); the store lays the buckets out itself.
      const created = await put({ ...body, buckets: { a: [[0, 10_000]], b: [] } });
      expect(created.statusCode, created.body).toBe(201);
      expect(created.json()).not.toHaveProperty('buckets');
      expect(service.get('e')?.buckets).toEqual({ a: [[0, 5000]], b: [[5000, 10_000]] });
      const read = await app.inject({ url: '/v1/experiments/e' });
      expect(read.json()).not.toHaveProperty('buckets');
      expect(read.json().traffic).toBe(0.3);
      const list = await app.inject({ url: '/v1/experiments' });
      expect(list.json().experiments[0]).not.toHaveProperty('buckets');

      const offGrid = await put({ ...body, traffic: 0.00005 });
      expect(offGrid.statusCode).toBe(400);
      expect(offGrid.json().error.message).toBe('traffic: must be a multiple of 0.0001, got 0.00005');
    } finally {
      await app.close();
      await service.close();
    }
  });
});

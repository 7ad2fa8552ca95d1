/**
 * An admin change while the experiment store's Redis is slow or down answers 503 UNAVAILABLE with
 * the store's reason and retry-after, not the opaque "internal error" of a fault (issue 17, point 6).
 * The suite's own redis-server, since it is paused and stopped.
 */
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import Fastify, { type FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createExperimentService, type ExperimentService } from '../../src/experiments/store.js';
import adminAuth from '../../src/http/plugins/admin-auth.js';
import errorHandler from '../../src/http/plugins/error-handler.js';
import experimentRoutes from '../../src/http/routes/experiments.js';
import { closeRedis, createRedisClient, type RedisClient } from '../../src/storage/redis.js';
import { type SpawnedRedis, spawnRedisServer, untilRedisReady } from '../helpers/redis.js';
import { stallRedis } from '../helpers/redis-stall.js';

const KEY = 'experiments-unavailable-key';
const UNAVAILABLE = {
  error: { code: 'UNAVAILABLE', message: 'experiment store (Redis) unavailable; nothing was changed' },
};

let redis: SpawnedRedis;
let client: RedisClient;
let service: ExperimentService;
let app: FastifyInstance;
beforeAll(async () => {
  redis = await spawnRedisServer();
  // Well past what a busy machine needs for a healthy answer, well short of the 5 s stall below.
  client = createRedisClient(`redis://127.0.0.1:${redis.port}`, { commandTimeoutMs: 1_000 });
  client.on('error', () => undefined);
  await untilRedisReady(client);
  service = await createExperimentService({ redis: client, keyPrefix: 'test:exp-unavailable', refreshMs: 0 });
  app = Fastify({ logger: false }).withTypeProvider<TypeBoxTypeProvider>();
  await app.register(errorHandler, { retryAfterSeconds: 7 });
  await app.register(adminAuth, { adminKey: KEY });
  await app.register(experimentRoutes, { experiments: service });
  await app.ready();
});
afterAll(async () => {
  await app?.close();
  await service?.close();
  if (client) await closeRedis(client);
  await redis?.stop();
});

const put = (id: string) =>
  app.inject({
    method: 'PUT',
    url: `/v1/experiments/${id}`,
    headers: { 'x-api-key': KEY },
    payload: {
      status: 'running',
      traffic: 1,
      variants: [{ name: 'a', allocation: 1, profile: { form: 'sum', weights: { click: 1 } } }],
    },
  });

describe('experiment admin writes while Redis fails', () => {
  it('answers 503 with the reason and retry-after when Redis is slow, then down', async () => {
    expect((await put('before')).statusCode).toBe(201);

    // Slow: the pause holds the write past the client's command timeout.
    const stalled = stallRedis(client, 5_000);
    const slow = await put('slow');
    expect(slow.statusCode).toBe(503);
    expect(slow.headers['retry-after']).toBe('7');
    expect(slow.json()).toEqual(UNAVAILABLE);
    await stalled;

    await redis.stop();
    const down = await put('down');
    expect(down.statusCode).toBe(503);
    expect(down.headers['retry-after']).toBe('7');
    expect(down.json()).toEqual(UNAVAILABLE);
  });
});

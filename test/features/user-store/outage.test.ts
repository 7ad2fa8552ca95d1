import { afterEach, describe, expect, it } from 'vitest';
import { createUserFeatureStore } from '../../../src/features/user-store/index.js';
import { closeRedis, createRedisClient, type RedisClient } from '../../../src/storage/redis.js';
import { type SpawnedRedis, spawnRedisServer, untilRedisReady } from '../../helpers/redis.js';
import { countingOrigin, sleep, someUsers, uniquePrefix } from './helpers.js';

// These tests stop and pause their own redis-server, so they never use a shared REDIS_URL.
// Longer than production's 50 ms, which a loaded machine misses on a healthy Redis (a read meant
// to hit would count as a failure): a stopped Redis still times out, a second later.
const COMMAND_TIMEOUT_MS = 1_000;
const COOL_DOWN_MS = 300;

describe('user feature store when Redis goes away and comes back', () => {
  let servers: SpawnedRedis[] = [];
  let client: RedisClient | undefined;
  afterEach(async () => {
    for (const server of servers) {
      if (server.process.signalCode === null && server.process.exitCode === null)
        server.process.kill('SIGCONT');
    }
    if (client) await closeRedis(client);
    await Promise.all(servers.map((s) => s.stop()));
    servers = [];
    client = undefined;
  });

  async function setUp() {
    const server = await spawnRedisServer();
    servers.push(server);
    const redis = createRedisClient(`redis://127.0.0.1:${server.port}`, {
      commandTimeoutMs: COMMAND_TIMEOUT_MS,
    });
    redis.on('error', () => undefined); // connection errors are the point of these tests
    client = redis;
    await untilRedisReady(redis);
    const origin = countingOrigin(someUsers(5));
    const store = createUserFeatureStore({
      origin,
      redis,
      keyPrefix: uniquePrefix('outage'),
      l1Size: 0, // every lookup goes past L1, so each one exercises Redis
      breakerFailures: 3,
      breakerCoolDownMs: COOL_DOWN_MS,
    });
    await store.getMany(['u1']);
    await store.drain();
    expect((await store.getMany(['u1'])).get('u1')?.layer).toBe('redis');
    return { server, redis, origin, store };
  }

  it('answers from the origin when Redis is killed, opens the breaker, and recovers when Redis returns', async () => {
    const { server, redis, store } = await setUp();

    await server.stop();
    for (let i = 0; i < 6; i++) {
      const users = await store.getMany(['u1', 'u2']);
      expect([...users.values()].map((u) => u.layer)).toEqual(['origin', 'origin']);
    }
    const down = store.stats().redis;
    expect(down.breaker.state).toBe('open');
    expect(down.errors).toBeGreaterThan(0);
    expect(down.skipped).toBeGreaterThan(0); // once open, Redis is not even tried
    expect(store.state()).toMatchObject({ status: 'degraded', part: 'redis' });

    // Same port, empty data: the client reconnects by itself, the breaker closes after its cool-down.
    servers.push(await spawnRedisServer([], server.port));
    await untilRedisReady(redis);
    await sleep(COOL_DOWN_MS + 50);
    expect((await store.getMany(['u1'])).get('u1')?.layer).toBe('origin'); // trial read: a miss, then written back
    await store.drain();
    expect(store.stats().redis.breaker.state).toBe('closed');
    expect(store.state()).toEqual({ status: 'ok' });
    expect((await store.getMany(['u1'])).get('u1')?.layer).toBe('redis');
  });

  it('treats a Redis that stops answering as down: commands time out, requests still answer', async () => {
    const { server, store } = await setUp();
    server.process.kill('SIGSTOP'); // connection stays open, replies never come
    for (let i = 0; i < 4; i++) {
      const users = await store.getMany(['u3']);
      expect(users.get('u3')).toEqual({ features: { region: 'eu', age: 23 }, layer: 'origin' });
    }
    expect(store.stats().redis.errors).toBeGreaterThan(0);
    expect(store.stats().redis.breaker.state).toBe('open');
    expect(store.state()).toMatchObject({ status: 'degraded' });
    server.process.kill('SIGCONT');
  });
});

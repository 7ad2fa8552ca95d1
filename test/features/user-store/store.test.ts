import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createUserFeatureStore,
  type UserFeatureStoreOptions,
} from '../../../src/features/user-store/index.js';
import { closeRedis, createRedisClient, type RedisClient } from '../../../src/storage/redis.js';
import { type RedisHandle, startRedis, untilRedisReady } from '../../helpers/redis.js';
import { until } from '../../helpers/wait.js';
import { countingOrigin, someUsers, uniquePrefix } from './helpers.js';

// A roomier timeout than production's 50 ms: these tests check caching, not outages, and the
// machine may be busy.
const COMMAND_TIMEOUT_MS = 500;

describe('user feature store on a single Redis node', () => {
  let redis: RedisHandle;
  let client: RedisClient;
  beforeAll(async () => {
    redis = await startRedis();
    client = createRedisClient(redis.url, { commandTimeoutMs: COMMAND_TIMEOUT_MS });
    await untilRedisReady(client);
  });
  afterAll(async () => {
    await closeRedis(client);
    await redis.stop();
  });

  function storeWith(overrides: Partial<UserFeatureStoreOptions> = {}) {
    const origin = countingOrigin(someUsers(20));
    const keyPrefix = uniquePrefix('store');
    const store = createUserFeatureStore({ origin, redis: client, keyPrefix, ...overrides });
    return { origin, keyPrefix, store };
  }

  it('answers a miss from the origin, then from L1, and says so', async () => {
    const { origin, store } = storeWith();
    const first = await store.getMany(['u1', 'u2', 'u1']);
    expect([...first.keys()]).toEqual(['u1', 'u2']);
    expect(first.get('u1')).toEqual({ features: { region: 'eu', age: 21 }, layer: 'origin' });
    expect(origin.calls).toEqual([['u1', 'u2']]); // one origin call for the request's misses
    const second = await store.getMany(['u2', 'u1']);
    expect([...second.values()].map((u) => u.layer)).toEqual(['l1', 'l1']);
    expect(origin.calls).toHaveLength(1);
    expect(store.stats().served).toMatchObject({ origin: 2, l1: 2 });
  });

  it('writes origin answers to Redis with a TTL in [ttl, ttl·(1+jitter)], so another replica reads them', async () => {
    const { keyPrefix, store } = storeWith({ ttlSeconds: 300, jitter: 0.1 });
    const ids = Object.keys(someUsers(20));
    await store.getMany(ids);
    await store.drain();
    const ttls = await Promise.all(ids.map((id) => client.pttl(`${keyPrefix}${id}`)));
    for (const ttl of ttls) {
      expect(ttl).toBeGreaterThan(300_000 - 5_000); // minus the time since the write
      expect(ttl).toBeLessThanOrEqual(330_000);
    }
    expect(new Set(ttls).size).toBeGreaterThan(1); // jittered, not one herd
    expect(JSON.parse((await client.get(`${keyPrefix}u3`)) ?? 'null')).toEqual({ region: 'eu', age: 23 });

    // A second store (another replica: own L1, own single-flight) over the same keys.
    const replicaOrigin = countingOrigin(someUsers(20));
    const replica = createUserFeatureStore({ origin: replicaOrigin, redis: client, keyPrefix });
    const users = await replica.getMany(['u3', 'u4']);
    expect([...users.values()].map((u) => u.layer)).toEqual(['redis', 'redis']);
    expect(users.get('u3')?.features).toEqual({ region: 'eu', age: 23 });
    expect(replicaOrigin.calls).toHaveLength(0);
    expect(replica.stats().redis).toMatchObject({ hits: 2, misses: 0, errors: 0 });
  });

  it('refetches from the origin once the Redis entry expired', async () => {
    // Long enough that the read right after the write-back finds the entry on a busy machine.
    const { origin, keyPrefix, store } = storeWith({ ttlSeconds: 1, jitter: 0, l1Size: 0 });
    expect((await store.getMany(['u5'])).get('u5')?.layer).toBe('origin');
    await store.drain();
    expect((await store.getMany(['u5'])).get('u5')?.layer).toBe('redis');
    await until(async () => (await client.exists(`${keyPrefix}u5`)) === 0, 'expired in Redis', 100);
    expect((await store.getMany(['u5'])).get('u5')?.layer).toBe('origin');
    expect(origin.calls).toHaveLength(2);
  });

  it('shares one origin fetch among concurrent lookups of the same id (single-flight)', async () => {
    const { origin, store } = storeWith();
    origin.delayMs = 50;
    const answers = await Promise.all(Array.from({ length: 10 }, () => store.getMany(['u7'])));
    expect(origin.calls).toEqual([['u7']]);
    for (const answer of answers)
      expect(answer.get('u7')).toEqual({ features: { region: 'eu', age: 27 }, layer: 'origin' });
    expect(store.stats().singleFlight.shared).toBe(9);
  });

  it('caches unknown users briefly, so a flood of unknown ids reaches the origin once', async () => {
    // Its own lifetime, not the default 30 s; long enough to outlast the loop on a busy machine.
    const { origin, keyPrefix, store } = storeWith({ l1Size: 0, negativeTtlSeconds: 20 });
    for (let i = 0; i < 5; i++) {
      expect((await store.getMany(['ghost'])).get('ghost')).toEqual({ features: {}, layer: 'default' });
      await store.drain();
    }
    expect(origin.calls).toEqual([['ghost']]);
    expect(await client.get(`${keyPrefix}ghost`)).toBe('null');
    expect(await client.pttl(`${keyPrefix}ghost`)).toBeLessThanOrEqual(20_000);
  });

  it('does not cache an origin failure as "unknown"', async () => {
    const { origin, store } = storeWith();
    origin.failing = true;
    expect((await store.getMany(['u9'])).get('u9')?.layer).toBe('default');
    origin.failing = false;
    expect((await store.getMany(['u9'])).get('u9')?.layer).toBe('origin');
    expect(store.stats().origin).toMatchObject({ fetches: 2, errors: 1 });
  });

  it('reports ok while Redis answers', async () => {
    const { store } = storeWith();
    await store.getMany(['u1']);
    expect(store.state()).toEqual({ status: 'ok' });
  });
});

describe('user feature store without Redis', () => {
  it('runs L1 → origin', async () => {
    const origin = countingOrigin(someUsers(3));
    const store = createUserFeatureStore({ origin });
    expect((await store.getMany(['u1'])).get('u1')?.layer).toBe('origin');
    expect((await store.getMany(['u1'])).get('u1')?.layer).toBe('l1');
    expect(store.state()).toEqual({ status: 'ok' });
  });
});

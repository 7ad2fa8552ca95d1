import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createUserFeatureStore } from '../../../src/features/user-store/index.js';
import { closeRedis, createRedisClient, type RedisClient } from '../../../src/storage/redis.js';
import { type RedisClusterHandle, startRedisCluster, untilRedisReady } from '../../helpers/redis.js';
import { countingOrigin, someUsers, uniquePrefix } from './helpers.js';

describe('user feature store on a Redis Cluster (3 local masters)', () => {
  let cluster: RedisClusterHandle;
  let client: RedisClient;
  beforeAll(async () => {
    cluster = await startRedisCluster(3);
    client = createRedisClient(cluster.url, { commandTimeoutMs: 500 });
    await untilRedisReady(client);
  });
  afterAll(async () => {
    if (client) await closeRedis(client);
    await cluster?.stop();
  });

  it('reads and writes a request’s users across hash slots on every master', async () => {
    const ids = Object.keys(someUsers(30));
    const origin = countingOrigin(someUsers(30));
    const keyPrefix = uniquePrefix('cluster');
    const store = createUserFeatureStore({ origin, redis: client, keyPrefix, l1Size: 0 });
    const first = await store.getMany(ids);
    expect(new Set([...first.values()].map((u) => u.layer))).toEqual(new Set(['origin']));
    await store.drain();
    expect(store.stats().redis).toMatchObject({ errors: 0, writeErrors: 0 });

    const second = await store.getMany(ids);
    expect(new Set([...second.values()].map((u) => u.layer))).toEqual(new Set(['redis']));
    expect(second.get('u17')?.features).toEqual({ region: 'eu', age: 37 });
    expect(origin.calls).toHaveLength(1);

    if (!client.isCluster || !('nodes' in client)) throw new Error('expected a cluster client');
    const sizes = await Promise.all(client.nodes('master').map((node) => node.dbsize()));
    for (const size of sizes) expect(size).toBeGreaterThan(0);
  });
});

/**
 * Features pushed through the users API: stored in Redis without expiry, ahead of the cache and
 * the origin, on a single node and on a Cluster (where the pushed and cached keys of a user sit
 * in different slots and are read concurrently).
 */
import { describe, expect, it } from 'vitest';
import { createUserFeatureStore } from '../../../src/features/user-store/index.js';
import { REDIS_TOPOLOGIES, redisSuite } from '../../helpers/redis.js';
import { countingOrigin, someUsers, uniquePrefix } from './helpers.js';

describe.each(REDIS_TOPOLOGIES)('pushed user features on $name', ({ start }) => {
  const redis = redisSuite(start, 5000);

  it('answers pushed features ahead of the cache and the origin, kept without expiry', async () => {
    const origin = countingOrigin(someUsers(5));
    const keyPrefix = uniquePrefix('cache');
    const pushedKeyPrefix = uniquePrefix('pushed');
    const store = createUserFeatureStore({ origin, redis: redis.client, keyPrefix, pushedKeyPrefix });
    // Cached from the origin first, then pushed: the push wins at once in this process.
    expect((await store.getMany(['u1'])).get('u1')).toMatchObject({ layer: 'origin' });
    await store.drain();
    await store.push('u1', { region: 'apac' });
    expect((await store.getMany(['u1'])).get('u1')).toEqual({
      features: { region: 'apac' },
      layer: 'pushed',
    });
    expect(await redis.client.ttl(`${pushedKeyPrefix}u1`)).toBe(-1);
    // Another process (an empty L1) reads it from Redis, and inspect names the layer.
    const other = createUserFeatureStore({ origin, redis: redis.client, keyPrefix, pushedKeyPrefix });
    expect(await other.inspect('u1')).toEqual({ features: { region: 'apac' }, layer: 'pushed' });
    expect(await other.inspect('u2')).toEqual({ features: { region: 'na', age: 22 }, layer: 'origin' });
    expect(await other.inspect('nobody')).toEqual({ features: {}, layer: 'default' });
    // A push for a user the origin does not know makes them known.
    await other.push('new-user', { region: 'eu' });
    expect((await store.getMany(['new-user'])).get('new-user')).toMatchObject({ layer: 'pushed' });
    await Promise.all([store.drain(), other.drain()]);
  });

  it('refuses a push without Redis (503), the store still answering reads', async () => {
    const store = createUserFeatureStore({ origin: countingOrigin(someUsers(2)) });
    await expect(store.push('u1', { region: 'eu' })).rejects.toMatchObject({ code: 'UNAVAILABLE' });
    expect(await store.inspect('u1')).toMatchObject({ layer: 'origin' });
  });
});

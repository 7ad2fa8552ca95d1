/**
 * POST /v1/rank over the shipped model with a real Redis behind the user feature cache and the
 * history: hits and misses per layer, TTL expiry, history filtering, Redis killed and restarted,
 * and the same happy path on a 3-node Cluster. Every Redis here is spawned for this file (the
 * outage test kills its own), never a shared REDIS_URL and never the machine's 6379.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { MultirankApp } from '../../src/app.js';
import { historyKey } from '../../src/events/history-store.js';
import { closeRedis, type RedisClient } from '../../src/storage/redis.js';
import {
  connectRedis,
  redisSuite,
  type SpawnedRedis,
  spawnRedisServer,
  startRedisCluster,
} from '../helpers/redis.js';
import { servingApp } from '../helpers/serving.js';
import { until } from '../helpers/wait.js';

/** Generous: the machine may be busy; a timeout here would read as an outage. */
const COMMAND_TIMEOUT_MS = 1_000;
/** The store's default key prefix (createServing sets none). */
const USER_KEY = (userId: string) => `mr:user:${userId}`;

interface RankAnswer {
  model: string;
  candidates: number;
  items: { itemId: string }[];
  explanation: { userFeatureSource: string; historySource: string; history: string[] };
}

/** Ranks with generated candidates and `explain`, all of them returned; expects a 200. */
async function rank(app: MultirankApp, userId: string): Promise<RankAnswer> {
  const res = await app.inject({
    method: 'POST',
    url: '/v1/rank',
    payload: { userId, explain: true, limit: 1000 },
  });
  expect(res.statusCode, res.body).toBe(200);
  return res.json<RankAnswer>();
}

async function readiness(app: MultirankApp) {
  const res = await app.inject({ method: 'GET', url: '/readyz' });
  expect(res.statusCode).toBe(200); // degraded still takes traffic
  return res.json<{ status: string; degraded: string[]; components: { name: string; detail?: string }[] }>();
}

/**
 * /readyz once it says ready. On a loaded machine one of the catalog follower's twice-a-second
 * reads can pass the command timeout, and the catalog reads degraded until the next one succeeds.
 */
async function readyAnswer(app: MultirankApp) {
  let answer = await readiness(app);
  await until(async () => {
    answer = await readiness(app);
    return answer.status === 'ready';
  }, 'ready on /readyz');
  return answer;
}

describe('rank with a real Redis (single node)', () => {
  const redis = redisSuite(() => spawnRedisServer(), COMMAND_TIMEOUT_MS);

  it('reads a user from the origin first, then from L1, and a second replica reads it from Redis', async () => {
    const first = await servingApp({}, redis.client);
    const second = await servingApp({}, redis.client);
    expect((await rank(first.app, 'u1')).explanation.userFeatureSource).toBe('origin');
    expect((await rank(first.app, 'u1')).explanation.userFeatureSource).toBe('l1');
    await first.serving.users.drain(); // the write-back is fire-and-forget
    expect(await redis.client.exists(USER_KEY('u1'))).toBe(1);

    const fromRedis = await rank(second.app, 'u1'); // fresh L1, same Redis
    expect(fromRedis.explanation.userFeatureSource).toBe('redis');
    expect(fromRedis.explanation.historySource).toBe('redis');
    expect(await readyAnswer(second.app)).toMatchObject({ status: 'ready', degraded: [] });
  });

  it('lets cached features expire after MULTIRANK_USER_CACHE_TTL_SECONDS (with at most 10% jitter)', async () => {
    const env = { MULTIRANK_USER_CACHE_TTL_SECONDS: '1' };
    const first = await servingApp(env, redis.client);
    const second = await servingApp(env, redis.client);
    expect((await rank(first.app, 'u2')).explanation.userFeatureSource).toBe('origin');
    await first.serving.users.drain();
    const pttl = await redis.client.pttl(USER_KEY('u2'));
    expect(pttl).toBeGreaterThan(0);
    expect(pttl).toBeLessThanOrEqual(1_000 * 1.1);

    await untilGone(redis.client, USER_KEY('u2'));
    expect((await rank(second.app, 'u2')).explanation.userFeatureSource).toBe('origin');
  });

  it('keeps watched and dismissed items out of the generated candidates, and shows the watched as history', async () => {
    const { app, serving } = await servingApp({}, redis.client);
    const before = await rank(app, 'u3');
    expect(before.explanation).toMatchObject({ historySource: 'redis', history: [] });
    const [watched, dismissed] = before.items.map((item) => item.itemId);
    if (!watched || !dismissed) throw new Error('expected at least two generated candidates');

    await serving.history.record('u3', 'watched', watched);
    await serving.history.record('u3', 'dismissed', dismissed);
    expect(await redis.client.lrange(historyKey('mr:history:', 'u3', 'watched'), 0, -1)).toEqual([watched]);

    const after = await rank(app, 'u3');
    const ids = after.items.map((item) => item.itemId);
    expect(after.items.length).toBe(after.candidates); // limit 1000: every candidate is listed
    expect(ids).not.toContain(watched);
    expect(ids).not.toContain(dismissed);
    expect(after.explanation).toMatchObject({ historySource: 'redis', history: [watched] });
  });
});

describe('rank while Redis is killed and restarted', () => {
  const servers: SpawnedRedis[] = [];
  let client: RedisClient | undefined;
  afterEach(async () => {
    if (client) await closeRedis(client);
    await Promise.all(servers.splice(0).map((s) => s.stop()));
  });

  it('answers from the origin while Redis is down, reports degraded, and recovers when it is back', async () => {
    const server = await spawnRedisServer();
    servers.push(server);
    client = await connectRedis(server.url, COMMAND_TIMEOUT_MS);
    const first = await servingApp({}, client);
    const second = await servingApp({}, client);
    expect((await rank(first.app, 'u4')).explanation.userFeatureSource).toBe('origin');
    await first.serving.users.drain();
    expect((await rank(second.app, 'u4')).explanation.userFeatureSource).toBe('redis');

    // Killed mid-test: the connection drops, no goodbye.
    const exited = new Promise((resolve) => server.process.once('exit', resolve));
    server.process.kill('SIGKILL');
    await exited;
    for (let i = 0; i < 8; i++) {
      const answer = await rank(first.app, `u${10 + i}`);
      expect(answer.explanation).toMatchObject({ userFeatureSource: 'origin', historySource: 'unavailable' });
      expect(answer.items.length).toBeGreaterThan(0);
    }
    const down = await readiness(first.app);
    // The experiment store also reads Redis: once its poll has failed it is degraded too.
    expect(down.status).toBe('degraded');
    expect(down.degraded).toContain('redis');
    expect(down.components.find((c) => c.name === 'redis')?.detail).toMatch(/redis/);

    // Back on the same port, empty. The client reconnects by itself; the circuits close after
    // their cool-down (5 s by default) on the next request that tries Redis.
    servers.push(await spawnRedisServer([], server.port));
    let probe = 30;
    await until(
      async () => {
        await rank(first.app, `u${probe++}`);
        return (await readiness(first.app)).status === 'ready';
      },
      'ready again',
      250,
    );

    expect((await rank(first.app, 'u5')).explanation).toMatchObject({
      userFeatureSource: 'origin',
      historySource: 'redis',
    });
    await first.serving.users.drain();
    expect((await rank(second.app, 'u5')).explanation.userFeatureSource).toBe('redis');
  });
});

describe('rank on a Redis Cluster (3 local masters)', () => {
  const redis = redisSuite(() => startRedisCluster(3), COMMAND_TIMEOUT_MS);

  it('caches features and reads the history (one hash slot per user) across the masters', async () => {
    const first = await servingApp({ REDIS_URL: redis.server.url }, redis.client);
    const second = await servingApp({ REDIS_URL: redis.server.url }, redis.client);
    const users = ['u6', 'u7', 'u8', 'u9'];
    for (const user of users)
      expect((await rank(first.app, user)).explanation.userFeatureSource).toBe('origin');
    await first.serving.users.drain();
    expect(first.serving.users.stats().redis).toMatchObject({ errors: 0, writeErrors: 0 });
    for (const user of users)
      expect((await rank(second.app, user)).explanation.userFeatureSource).toBe('redis');

    for (const user of users) {
      const [watched] = (await rank(second.app, user)).items.map((item) => item.itemId);
      if (!watched) throw new Error('expected generated candidates');
      await second.serving.history.record(user, 'watched', watched);
      const after = await rank(second.app, user);
      expect(after.items.map((item) => item.itemId)).not.toContain(watched);
      expect(after.explanation).toMatchObject({ historySource: 'redis', history: [watched] });
    }
    expect(second.serving.history.stats().errors).toBe(0);
    expect(await readyAnswer(second.app)).toMatchObject({ status: 'ready' });
  });
});

/** Waits until Redis has dropped `key`. */
async function untilGone(client: RedisClient, key: string): Promise<void> {
  await until(async () => (await client.exists(key)) === 0, `${key} expired`, 100);
}

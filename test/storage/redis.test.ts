import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { closeRedis, createRedisClient, isRedisReady, parseRedisUrl } from '../../src/storage/redis.js';
import {
  type RedisClusterHandle,
  type RedisHandle,
  startRedis,
  startRedisCluster,
} from '../helpers/redis.js';

async function untilReady(client: ReturnType<typeof createRedisClient>): Promise<void> {
  for (let i = 0; i < 200 && !isRedisReady(client); i++) await new Promise((r) => setTimeout(r, 25));
  expect(isRedisReady(client)).toBe(true);
}

describe('parseRedisUrl', () => {
  it('keeps single-node URLs whole', () => {
    expect(parseRedisUrl('redis://127.0.0.1:6379/2')).toEqual({
      kind: 'single',
      url: 'redis://127.0.0.1:6379/2',
    });
  });
  it('splits cluster seed nodes and the password', () => {
    expect(parseRedisUrl('redis+cluster://:secret@h1:7000,h2:7001')).toEqual({
      kind: 'cluster',
      nodes: [
        { host: 'h1', port: 7000 },
        { host: 'h2', port: 7001 },
      ],
      password: 'secret',
    });
  });
  it('rejects a cluster URL without nodes', () => {
    expect(() => parseRedisUrl('redis+cluster://')).toThrow(/at least one host:port/);
  });
});

describe('single node Redis', () => {
  let redis: RedisHandle;
  beforeAll(async () => {
    redis = await startRedis();
  });
  afterAll(async () => {
    await redis.stop();
  });

  it('reads back what it wrote, under the key prefix', async () => {
    const client = createRedisClient(redis.url, { commandTimeoutMs: 1000, keyPrefix: 'test:single:' });
    await untilReady(client);
    await client.set('greeting', 'hello');
    expect(await client.get('greeting')).toBe('hello');
    const raw = createRedisClient(redis.url, { commandTimeoutMs: 1000 });
    await untilReady(raw);
    expect(await raw.get('test:single:greeting')).toBe('hello');
    await Promise.all([closeRedis(client), closeRedis(raw)]);
  });

  it('fails commands at once, without queueing, when the server is unreachable', async () => {
    const client = createRedisClient('redis://127.0.0.1:1', { commandTimeoutMs: 50 });
    client.on('error', () => undefined);
    await expect(client.get('anything')).rejects.toThrow();
    expect(isRedisReady(client)).toBe(false);
    await closeRedis(client);
  });
});

describe('Redis Cluster (3 local masters)', () => {
  let cluster: RedisClusterHandle;
  beforeAll(async () => {
    cluster = await startRedisCluster(3);
  });
  afterAll(async () => {
    await cluster?.stop();
  });

  it('spreads keys over every master and reads them back through the cluster client', async () => {
    const client = createRedisClient(cluster.url, { commandTimeoutMs: 1000 });
    await untilReady(client);
    const keys = Array.from({ length: 60 }, (_, i) => `user:${i}`);
    for (const key of keys) await client.set(key, key.toUpperCase());
    for (const key of keys) expect(await client.get(key)).toBe(key.toUpperCase());
    if (!('nodes' in client)) throw new Error('expected a cluster client');
    const sizes = await Promise.all(client.nodes('master').map((node) => node.dbsize()));
    expect(sizes).toHaveLength(3);
    for (const size of sizes) expect(size).toBeGreaterThan(0);
    await closeRedis(client);
  });
});

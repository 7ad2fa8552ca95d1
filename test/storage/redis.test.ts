import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  closeRedis,
  closeRedisConnections,
  createRedisClient,
  isRedisReady,
  openRedisConnections,
  parseRedisUrl,
  type RedisClient,
  type RedisConnections,
  redisFor,
} from '../../src/storage/redis.js';
import {
  type RedisClusterHandle,
  type RedisHandle,
  type SpawnedRedis,
  spawnRedisServer,
  startRedis,
  startRedisCluster,
  untilRedisReady,
} from '../helpers/redis.js';
import { stallRedis } from '../helpers/redis-stall.js';

/** Resolves once the client has closed for good. */
function ended(client: ReturnType<typeof createRedisClient>): Promise<void> {
  if (client.status === 'end') return Promise.resolve();
  return new Promise((resolve) => client.once('end', () => resolve()));
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
    await untilRedisReady(client);
    await client.set('greeting', 'hello');
    expect(await client.get('greeting')).toBe('hello');
    const raw = createRedisClient(redis.url, { commandTimeoutMs: 1000 });
    await untilRedisReady(raw);
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

describe('connections by purpose', () => {
  const TIMEOUTS = { serving: 50, writes: 1_000, scans: 10_000 };
  let server: SpawnedRedis;
  let url: string;
  beforeAll(async () => {
    // Its own server: the stall below pauses every client of it.
    server = await spawnRedisServer();
    url = `redis://127.0.0.1:${server.port}`;
  });
  afterAll(async () => {
    await server?.stop();
  });

  async function open(): Promise<RedisConnections> {
    const connections = openRedisConnections(url, { timeoutsMs: TIMEOUTS, keyPrefix: 'test:purpose:' });
    await Promise.all(Object.values(connections).map(untilRedisReady));
    return connections;
  }

  it('opens one named connection per purpose; redisFor finds them from any member, a lone client serves all', async () => {
    const connections = await open();
    const { serving, writes, scans } = connections;
    expect(new Set([serving, writes, scans]).size).toBe(3);
    for (const member of [serving, writes, scans]) {
      expect(redisFor(member, 'serving')).toBe(serving);
      expect(redisFor(member, 'writes')).toBe(writes);
      expect(redisFor(member, 'scans')).toBe(scans);
    }
    const timeoutOf = (client: RedisClient) => (client.options as { commandTimeout?: number }).commandTimeout;
    expect([serving, writes, scans].map(timeoutOf)).toEqual([50, 1_000, 10_000]);
    const names = (await writes.client('LIST')) as string;
    for (const purpose of ['serving', 'writes', 'scans'])
      expect(names).toContain(`name=multirank-${purpose} `);

    const lone = createRedisClient(url, { commandTimeoutMs: 1_000 });
    expect(redisFor(lone, 'writes')).toBe(lone);
    expect(redisFor(lone, 'scans')).toBe(lone);
    await closeRedis(lone);

    await closeRedisConnections(connections);
    await Promise.all([serving, writes, scans].map(ended));
  });

  it('while Redis stalls, a serving read times out but a write and a scan issued meanwhile succeed', async () => {
    const connections = await open();
    const { serving, writes, scans } = connections;
    // The read queues behind the pause on the serving connection: it waits out the stall.
    void stallRedis(serving, 300);
    const read = serving.get('greeting');
    await expect(read).rejects.toThrow(/Command timed out/);
    // Issued during the stall, on their own connections with their own, longer timeouts.
    const write = writes.set('greeting', 'hello');
    const scan = scans.scan('0', 'MATCH', 'test:purpose:*', 'COUNT', 100);
    await expect(write).resolves.toBe('OK');
    await expect(scan).resolves.toEqual(['0', ['test:purpose:greeting']]);
    // Read back on a connection whose timeout a busy machine cannot miss (not serving's 50 ms).
    expect(await scans.get('greeting')).toBe('hello');
    await closeRedisConnections(connections);
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
    await untilRedisReady(client);
    const keys = Array.from({ length: 60 }, (_, i) => `user:${i}`);
    for (const key of keys) await client.set(key, key.toUpperCase());
    for (const key of keys) expect(await client.get(key)).toBe(key.toUpperCase());
    if (!('nodes' in client)) throw new Error('expected a cluster client');
    const sizes = await Promise.all(client.nodes('master').map((node) => node.dbsize()));
    expect(sizes).toHaveLength(3);
    for (const size of sizes) expect(size).toBeGreaterThan(0);
    await closeRedis(client);
  });

  it('opens one cluster client per purpose, each reaching every slot', async () => {
    const connections = openRedisConnections(cluster.url, {
      timeoutsMs: { serving: 1_000, writes: 1_000, scans: 1_000 },
    });
    await Promise.all(Object.values(connections).map(untilRedisReady));
    const keys = Array.from({ length: 20 }, (_, i) => `purpose:${i}`);
    for (const key of keys) await connections.writes.set(key, key);
    for (const key of keys) expect(await connections.serving.get(key)).toBe(key);
    expect(redisFor(connections.serving, 'scans')).toBe(connections.scans);
    await closeRedisConnections(connections);
    await Promise.all(Object.values(connections).map(ended));
  });
});

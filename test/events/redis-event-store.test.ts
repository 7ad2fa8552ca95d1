/**
 * Redis mode of the event store against spawned redis-servers (never a shared REDIS_URL, never
 * the machine's 6379): idempotent appends, Cluster, and an outage — the server killed mid-test,
 * events acknowledged into the spool meanwhile, replayed once it is back, nothing lost or doubled.
 */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openEventStore } from '../../src/events/event-store.js';
import { eventKeys } from '../../src/events/redis-stream.js';
import { sleep, uniquePrefix } from '../features/user-store/helpers.js';
import { redisSuite, spawnRedisServer, startRedisCluster, untilRedisReady } from '../helpers/redis.js';
import { until } from '../helpers/wait.js';
import { collect, event, events, tempDir } from './helpers.js';

const dir = tempDir('redis-events');
/** Generous: the machine may be busy, and a timeout here would read as an outage. */
const TIMEOUT_MS = 2_000;
/** Every write reaches the AOF before Redis answers, so a killed server restarts with it all. */
const DURABLE = ['--appendonly', 'yes', '--appendfsync', 'always'];

describe('redis event store (single node)', () => {
  const redis = redisSuite(() => spawnRedisServer(DURABLE), TIMEOUT_MS);

  it('stores an id once, acknowledges both sends, and sets a dedupe key with a TTL', async () => {
    const keyPrefix = uniquePrefix('events');
    const store = await openEventStore({
      redis: redis.client,
      file: join(dir, 'unused.jsonl'),
      keyPrefix,
      drainIntervalMs: 0,
    });
    expect(await store.append([event('a'), event('b')])).toEqual({
      stored: 2,
      duplicates: 0,
      fresh: [true, true],
    });
    expect(await store.append([event('a'), event('c'), event('c')])).toEqual({
      stored: 1,
      duplicates: 2,
      fresh: [false, true, false],
    });
    const keys = eventKeys(keyPrefix);
    expect(await redis.client.xlen(keys.stream)).toBe(3);
    const ttl = await redis.client.ttl(keys.dedupe('a'));
    expect(ttl).toBeGreaterThan(86_000);
    expect(ttl).toBeLessThanOrEqual(86_400);
    expect((await collect(store)).map((e) => e.eventId)).toEqual(['a', 'b', 'c']);
    expect(store.state()).toEqual({ backend: 'redis', spooled: 0, circuit: 'closed' });
    await store.close();
  });

  it('keeps the stream near its cap and filters reads by time and experiment', async () => {
    const keyPrefix = uniquePrefix('events');
    const store = await openEventStore({
      redis: redis.client,
      file: join(dir, 'unused.jsonl'),
      keyPrefix,
      streamMaxLength: 1,
      chunkSize: 1000,
      drainIntervalMs: 0,
    });
    // MAXLEN ~ trims whole radix-tree nodes (100 entries by default): far fewer than 1,000 remain.
    await store.append(events(1000));
    expect(await redis.client.xlen(eventKeys(keyPrefix).stream)).toBeLessThan(1000);
    const unCapped = await openEventStore({
      redis: redis.client,
      file: join(dir, 'unused.jsonl'),
      keyPrefix: uniquePrefix('events'),
      drainIntervalMs: 0,
      chunkSize: 7,
    });
    const t = 1_700_000_000_000;
    await unCapped.append(events(20).map((e, i) => ({ ...e, experimentId: i % 2 ? 'x1' : 'x2' })));
    const got = await collect(unCapped, { since: t + 5, until: t + 15, experimentId: 'x1' });
    expect(got.map((e) => e.eventId)).toEqual(['e5', 'e7', 'e9', 'e11', 'e13']);
    await Promise.all([store.close(), unCapped.close()]);
  });

  it('spools while Redis is down (acknowledged, nothing lost) and replays once it is back, without doubles', async () => {
    const keyPrefix = uniquePrefix('events');
    const spoolFile = join(dir, 'outage', 'spool.jsonl');
    const store = await openEventStore({
      redis: redis.client,
      file: join(dir, 'unused.jsonl'),
      spoolFile,
      keyPrefix,
      drainIntervalMs: 100,
      breakerCoolDownMs: 200,
    });
    expect((await store.append(events(10))).stored).toBe(10);

    // Kill -9: only what the AOF holds survives (appendfsync always: everything acknowledged).
    const { port, dir: dataDir } = redis.server;
    redis.server.process.kill('SIGKILL');
    await until(() => redis.client.status !== 'ready', 'disconnected');

    expect(await store.append(events(10, 10))).toMatchObject({ stored: 10, duplicates: 0 });
    // A retry during the outage: the spool knows it.
    expect(await store.append([...events(2, 18)])).toMatchObject({ stored: 0, duplicates: 2 });
    // A retry of an event stored before the outage: counted as stored now, dropped at replay.
    expect(await store.append([events(1, 3)[0]!])).toMatchObject({ stored: 1 });
    expect(store.state().spooled).toBe(11);
    await expect(collect(store)).rejects.toThrow(); // the stream cannot be read meanwhile

    redis.server = await spawnRedisServer([...DURABLE, '--dir', dataDir], port);
    await untilRedisReady(redis.client);
    await until(() => store.state().spooled === 0, 'spool replayed', 50);

    const stored = await collect(store);
    expect(stored.map((e) => e.eventId).sort()).toEqual(
      events(20)
        .map((e) => e.eventId)
        .sort(),
    );
    expect(await redis.client.xlen(eventKeys(keyPrefix).stream)).toBe(20);
    await sleep(250); // the circuit lets a trial append through after its cool-down
    expect(await store.append(events(20))).toMatchObject({ stored: 0, duplicates: 20 });
    expect(store.state()).toMatchObject({ spooled: 0, circuit: 'closed' });
    await store.close();
  });

  it('replays a spool left behind by an earlier process at start', async () => {
    const keyPrefix = uniquePrefix('events');
    const spoolFile = join(dir, 'left', 'spool.jsonl');
    const { openFileEventStore } = await import('../../src/events/file-event-store.js');
    const leftover = await openFileEventStore(spoolFile);
    await leftover.append(events(3));
    await leftover.close();
    const store = await openEventStore({
      redis: redis.client,
      file: join(dir, 'unused.jsonl'),
      spoolFile,
      keyPrefix,
      drainIntervalMs: 0,
    });
    expect(store.state().spooled).toBe(3);
    // Until replayed, reads still see the spooled events.
    expect((await collect(store)).map((e) => e.eventId)).toEqual(['e0', 'e1', 'e2']);
    expect(await store.drain()).toBe(3);
    expect(store.state().spooled).toBe(0);
    expect(await redis.client.xlen(eventKeys(keyPrefix).stream)).toBe(3);
    expect((await collect(store)).map((e) => e.eventId)).toEqual(['e0', 'e1', 'e2']);
    await store.close();
  });
});

describe('redis event store (3-node Cluster)', () => {
  const redis = redisSuite(() => startRedisCluster(3), TIMEOUT_MS);

  it('runs the append script on the slot of the {events} hash tag and reads the stream back', async () => {
    const store = await openEventStore({
      redis: redis.client,
      file: join(dir, 'unused.jsonl'),
      keyPrefix: uniquePrefix('events'),
      drainIntervalMs: 0,
    });
    expect(await store.append(events(50))).toMatchObject({ stored: 50, duplicates: 0 });
    expect(await store.append(events(60))).toMatchObject({ stored: 10, duplicates: 50 });
    expect(await collect(store)).toHaveLength(60);
    expect(store.state().spooled).toBe(0); // nothing fell back to the spool
    await store.close();
  });
});

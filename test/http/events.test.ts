/**
 * POST /v1/events: idempotency over real HTTP through the typed client; batch validation naming
 * fields and the history side effects through inject.
 */
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FeedbackEvent } from '../../src/client/index.js';
import { loadConfig } from '../../src/config.js';
import { openEventStore } from '../../src/events/event-store.js';
import { createHistoryStore, historyKey } from '../../src/events/history-store.js';
import { eventKeys } from '../../src/events/redis-stream.js';
import {
  closeRedis,
  closeRedisConnections,
  createRedisClient,
  openRedisConnections,
  type RedisClient,
  type RedisConnections,
} from '../../src/storage/redis.js';
import { eventsApp } from '../events/app.js';
import { collect, tempDir } from '../events/helpers.js';
import { uniquePrefix } from '../features/user-store/helpers.js';
import { listeningClient } from '../helpers/client.js';
import { type SpawnedRedis, spawnRedisServer, untilRedisReady } from '../helpers/redis.js';
import { stallRedis } from '../helpers/redis-stall.js';
import { until } from '../helpers/wait.js';

const dir = tempDir('events-route');
let n = 0;
const fileStore = () => openEventStore({ file: join(dir, `events-${n++}.jsonl`) });
/** Without Redis every history write fails: the route must not care. */
const noHistory = createHistoryStore({});
const NOW = 1_700_000_123_456;

const watch = (id: string, extra: Record<string, unknown> = {}) => ({
  eventId: id,
  type: 'watch',
  userId: 'u1',
  itemId: 'v1',
  value: 42,
  ...extra,
});

/** The event of the hardening issue that used to be stored and then broke every export. */
const POISON = {
  eventId: 'poison-1',
  type: 'impression',
  userId: 'u1',
  itemId: 'i1',
  position: 1,
  context: { recent_items: [{ toString: 1 }] },
};

describe('POST /v1/events', () => {
  it('stores an event once: the same eventId twice is acknowledged twice', async () => {
    const store = await fileStore();
    const client = await listeningClient(await eventsApp({ store, history: noHistory, now: () => NOW }));
    const event = watch('w1') as FeedbackEvent;
    const first = await client.POST('/v1/events', { body: event });
    expect(first.response.status, JSON.stringify(first.error)).toBe(200);
    expect(first.data).toEqual({ stored: 1, duplicates: 0 });
    const again = await client.POST('/v1/events', { body: event });
    expect(again.data).toEqual({ stored: 0, duplicates: 1 });
    // Missing timestamp: the time of receipt. Unknown fields are dropped.
    expect(await collect(store)).toEqual([
      { eventId: 'w1', type: 'watch', userId: 'u1', itemId: 'v1', value: 42, timestamp: NOW },
    ]);
    await store.close();
  });

  it('takes a batch, counting repeats within it and across requests', async () => {
    const store = await fileStore();
    const client = await listeningClient(await eventsApp({ store, history: noHistory }));
    const batch: { events: FeedbackEvent[] } = {
      events: [
        {
          eventId: 'i1',
          type: 'impression',
          userId: 'u1',
          itemId: 'v1',
          position: 1,
          device: 'tv',
          timestamp: 5,
        },
        { eventId: 'c1', type: 'click', userId: 'u1', itemId: 'v1', requestId: 'r1', timestamp: 6 },
        { eventId: 'c1', type: 'click', userId: 'u1', itemId: 'v1', requestId: 'r1', timestamp: 6 },
        {
          eventId: 'r1',
          type: 'rating',
          userId: 'u1',
          itemId: 'v1',
          value: 4,
          context: { a: [1] },
          timestamp: 7,
        },
      ],
    };
    const res = await client.POST('/v1/events', { body: batch });
    expect(res.response.status, JSON.stringify(res.error)).toBe(200);
    expect(res.data).toEqual({ stored: 3, duplicates: 1 });
    const again = await client.POST('/v1/events', { body: batch });
    expect(again.data).toEqual({ stored: 0, duplicates: 4 });
    expect((await collect(store)).at(-1)).toMatchObject({ eventId: 'r1', value: 4, context: { a: [1] } });
    await store.close();
  });

  it.each([
    [
      { events: [watch('a'), watch('b'), watch('c'), { ...watch('d'), type: 'share' }] },
      'events[3].type: must be one of impression, click, watch, like, dismiss, rating',
    ],
    [{ events: [watch('a'), { eventId: 'b', type: 'click', itemId: 'v1' }] }, 'events[1].userId: required'],
    [{ events: [watch('a', { value: undefined })] }, 'events[0].value: required for a watch event'],
    [{ events: [watch('a', { value: -3 })] }, 'events[0].value: watch seconds must be >= 0, got -3'],
    [{ events: [watch('a', { position: 0 })] }, 'events[0].position: must be >= 1'],
    [{ events: [watch('a', { timestamp: 'yesterday' })] }, 'events[0].timestamp: must be integer'],
    [{ events: [watch('a', { eventId: '' })] }, 'events[0].eventId: must NOT have fewer than 1 characters'],
    // The hardening issue's poison event: a context value the training log cannot hold.
    [POISON, 'context.recent_items[0]: must be a string or a finite number, got an object'],
    [
      { events: [POISON] },
      'events[0].context.recent_items[0]: must be a string or a finite number, got an object',
    ],
    [
      { events: [watch('a'), watch('b', { context: { page: { name: 'home' } } })] },
      'events[1].context.page: must be a string, a finite number, a boolean, null or a list of strings and numbers, got an object',
    ],
    [
      { events: [watch('a', { context: { tags: ['x', ['y']] } })] },
      'events[0].context.tags[1]: must be a string or a finite number, got a list',
    ],
    [
      { events: [watch('a', { context: { recent_items: 'v3' } })] },
      'events[0].context.recent_items: must be a list of item ids, got a string',
    ],
    [
      { events: [watch('a', { context: { current_item_id: true } })] },
      'events[0].context.current_item_id: must be an item id (a string or a number), got a boolean',
    ],
    [{ ...watch('a'), type: 'rating', value: undefined }, 'value: required for a rating event'],
    [{ ...watch('a'), type: 'nope' }, 'type: must be one of impression, click, watch, like, dismiss, rating'],
    [{ eventId: 'x' }, 'type: required'],
    [{ events: [] }, 'events: must hold at least 1 event'],
    [{ events: watch('a') }, 'events: must be an array of events'],
    [
      { events: ['a', 'b', 'c', 'd', 'e', 'f'].map((id) => watch(id)) },
      'events: at most 5 events per request, got 6',
    ],
  ])('answers 400 naming the field (%#) and stores nothing of the batch', async (payload, message) => {
    const store = await fileStore();
    const app = await eventsApp({ store, history: noHistory, maxBatch: 5 });
    const res = await app.inject({ method: 'POST', url: '/v1/events', payload });
    expect(res.statusCode).toBe(400);
    expect(res.json()).toEqual({ error: { code: 'BAD_REQUEST', message } });
    expect(await collect(store)).toEqual([]);
    await store.close();
  });

  it('keeps every kind of context value the training log can hold, as sent', async () => {
    const store = await fileStore();
    const app = await eventsApp({ store, history: noHistory, now: () => NOW });
    const context = {
      current_item_id: 'v3',
      recent_items: ['v3', 9],
      page: 'home',
      rank: 2.5,
      autoplay: false,
      referrer: null,
      mixed: [],
    };
    const res = await app.inject({ method: 'POST', url: '/v1/events', payload: { ...POISON, context } });
    expect(res.statusCode, res.body).toBe(200);
    expect((await collect(store))[0]?.context).toEqual(context);
    await store.close();
  });

  it('answers 503 when the events cannot be stored, so the caller retries', async () => {
    // A file under a file: the folder cannot be created, so no append can succeed.
    const store = await openEventStore({ file: '/dev/null/events.jsonl' });
    const app = await eventsApp({ store, history: noHistory });
    const res = await app.inject({ method: 'POST', url: '/v1/events', payload: watch('w1') });
    expect(res.statusCode).toBe(503);
    expect(res.json().error.code).toBe('UNAVAILABLE');
  });
});

describe('POST /v1/events, history side effects (real Redis)', () => {
  let server: SpawnedRedis;
  let redis: RedisClient;
  beforeAll(async () => {
    server = await spawnRedisServer();
    redis = createRedisClient(`redis://127.0.0.1:${server.port}`, { commandTimeoutMs: 2_000 });
    redis.on('error', () => undefined);
    await untilRedisReady(redis);
  });
  afterAll(async () => {
    if (redis) await closeRedis(redis);
    await server?.stop();
  });

  it('pushes watches and clicks onto watched, dismisses onto dismissed, once per stored event', async () => {
    const keyPrefix = uniquePrefix('history');
    const history = createHistoryStore({ redis, keyPrefix });
    const store = await fileStore();
    const app = await eventsApp({ store, history });
    const events = [
      watch('e1', { itemId: 'v1' }),
      { eventId: 'e2', type: 'click', userId: 'u1', itemId: 'v2' },
      { eventId: 'e3', type: 'dismiss', userId: 'u1', itemId: 'v3' },
      { eventId: 'e4', type: 'like', userId: 'u1', itemId: 'v4' },
      { eventId: 'e5', type: 'impression', userId: 'u1', itemId: 'v5' },
    ];
    for (let i = 0; i < 2; i++) {
      const res = await app.inject({ method: 'POST', url: '/v1/events', payload: { events } });
      expect(res.statusCode).toBe(200);
    }
    // The retry stored nothing, so it pushed nothing: each item once.
    expect(await redis.lrange(historyKey(keyPrefix, 'u1', 'watched'), 0, -1)).toEqual(['v2', 'v1']);
    expect(await redis.lrange(historyKey(keyPrefix, 'u1', 'dismissed'), 0, -1)).toEqual(['v3']);
    expect((await history.read('u1')).watched).toEqual(['v2', 'v1']);
    await store.close();
  });

  it('stores and acknowledges the events when the history write fails', async () => {
    const store = await fileStore();
    const app = await eventsApp({ store, history: noHistory });
    const res = await app.inject({ method: 'POST', url: '/v1/events', payload: watch('w9') });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ stored: 1, duplicates: 0 });
    await store.close();
  });
});

describe('POST /v1/events while Redis is slow (connections by purpose, default timeouts)', () => {
  let server: SpawnedRedis;
  let connections: RedisConnections;
  beforeAll(async () => {
    // Its own server: the stall pauses every client of it.
    server = await spawnRedisServer();
    const config = loadConfig({}); // 50 ms serving, 1000 ms writes, 10 s scans
    connections = openRedisConnections(`redis://127.0.0.1:${server.port}`, {
      timeoutsMs: {
        serving: config.redisCommandTimeoutMs,
        writes: config.redisWriteTimeoutMs,
        scans: config.redisScanTimeoutMs,
      },
    });
    for (const client of Object.values(connections)) {
      client.on('error', () => undefined);
      await untilRedisReady(client);
    }
  });
  afterAll(async () => {
    if (connections) await closeRedisConnections(connections);
    await server?.stop();
  });

  it('a history read times out on the serving budget; a 500-event batch sent during the stall is stored in Redis, not spooled', async () => {
    // Wired as server.ts wires them: every store gets the serving connection and picks its own.
    const redis = connections.serving;
    const keyPrefix = uniquePrefix('slow');
    const history = createHistoryStore({ redis, keyPrefix: `${keyPrefix}history:` });
    const store = await openEventStore({
      redis,
      file: join(dir, 'unused.jsonl'),
      spoolFile: join(dir, `slow-spool-${n++}.jsonl`),
      keyPrefix,
      drainIntervalMs: 0,
    });
    const app = await eventsApp({ store, history });
    const batch = Array.from({ length: 500 }, (_, i) => watch(`slow-${i}`, { itemId: `v${i}` }));

    // Redis stops answering for 300 ms; the read is queued behind the pause, so it waits it out.
    void stallRedis(redis, 300);
    const read = await history.read('u1');
    expect(read.source).toBe('unavailable'); // degraded at the serving timeout, not stalled
    // The batch goes out while Redis is still paused: the writes connection waits for it.
    const res = await app.inject({ method: 'POST', url: '/v1/events', payload: { events: batch } });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toEqual({ stored: 500, duplicates: 0 });
    expect(store.state()).toEqual({ backend: 'redis', spooled: 0, circuit: 'closed' });
    expect(await connections.writes.xlen(eventKeys(keyPrefix).stream)).toBe(500);
    // The history pushes went out on the writes connection too.
    expect(await connections.writes.llen(historyKey(`${keyPrefix}history:`, 'u1', 'watched'))).toBe(50);

    // A report's scan during another stall pages the stream on the scans connection.
    void stallRedis(redis, 300);
    const rereadDuringStall = history.read('u1');
    const scanned = collect(store);
    expect((await rereadDuringStall).source).toBe('unavailable');
    expect(await scanned).toHaveLength(500);
    // Served again once the stall is over; retried, as one read may miss 50 ms on a busy machine.
    await until(async () => (await history.read('u1')).source === 'redis', 'history served from redis');
    await store.close();
  });
});

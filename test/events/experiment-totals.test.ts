/**
 * Daily per-experiment totals kept by the append script: a report from them equals a report from
 * every event (duplicates, unknown variants, other experiments, several days, windows), it reads
 * no event from the stream, and the script keeps them on a Redis Cluster too.
 */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { type EventStore, openEventStore } from '../../src/events/event-store.js';
import type { FeedbackEvent } from '../../src/events/event-types.js';
import { DAY_MS } from '../../src/events/experiment-totals.js';
import { createHistoryStore } from '../../src/events/history-store.js';
import { experimentReport } from '../../src/experiments/report.js';
import type { RedisClient } from '../../src/storage/redis.js';
import { uniquePrefix } from '../features/user-store/helpers.js';
import { redisSuite, spawnRedisServer, startRedisCluster } from '../helpers/redis.js';
import { eventsApp } from './app.js';
import { tempDir } from './helpers.js';
import { EXPERIMENT, handMadeEvents } from './report-fixture.js';

const dir = tempDir('experiment-totals');
const DAY0 = 19_700 * DAY_MS; // a UTC midnight in 2023

/** Seeded events of x1 over three days: both variants, an unknown one, none, and another experiment. */
function randomEvents(n: number, seed = 7): FeedbackEvent[] {
  let state = seed;
  const next = () => {
    state = (state * 1_103_515_245 + 12_345) % 2_147_483_648;
    return state / 2_147_483_648;
  };
  const types = ['impression', 'impression', 'impression', 'click', 'like', 'watch', 'dismiss'] as const;
  const variants = ['control', 'treatment', 'treatment', 'retired', undefined];
  return Array.from({ length: n }, (_, i): FeedbackEvent => {
    const type = types[Math.floor(next() * types.length)] ?? 'impression';
    const variant = variants[Math.floor(next() * variants.length)];
    return {
      eventId: `r${i}`,
      type,
      userId: `u${Math.floor(next() * 300)}`,
      itemId: `v${i % 17}`,
      experimentId: next() < 0.9 ? 'x1' : 'x2',
      ...(variant === undefined ? {} : { variant }),
      timestamp: DAY0 + Math.floor(next() * 3 * DAY_MS),
      // Halves are exact in binary, so sums agree whatever order they are added in.
      ...(type === 'watch' ? { value: Math.floor(next() * 600) / 2 } : {}),
    };
  });
}

const COMMAND_TIMEOUT_MS = 10_000;

/** Runs `use` with a Redis event store on its own key prefix, closed afterwards. */
async function withStore(client: RedisClient, use: (store: EventStore) => Promise<void>): Promise<void> {
  const store = await openEventStore({
    redis: client,
    file: join(dir, 'unused.jsonl'),
    keyPrefix: uniquePrefix('events'),
    drainIntervalMs: 0,
  });
  try {
    await use(store);
  } finally {
    await store.close();
  }
}

async function xrangeCalls(client: RedisClient): Promise<number> {
  const stats = await client.info('commandstats');
  return Number(/cmdstat_xrange:calls=(\d+)/.exec(stats)?.[1] ?? 0);
}

describe('daily experiment totals (single node)', () => {
  const redis = redisSuite(() => spawnRedisServer(), COMMAND_TIMEOUT_MS);

  it('give the same report as every event, for whole-day windows, without reading the stream', async () => {
    await withStore(redis.client, async (store) => {
      const sent = randomEvents(4_000);
      await store.append(sent);
      // Re-sent ids are duplicates: they must not count twice in the totals.
      expect((await store.append(sent.slice(0, 500))).stored).toBe(0);
      const windows = [{}, { since: DAY0 + DAY_MS }, { since: DAY0, until: DAY0 + 2 * DAY_MS }];
      for (const window of windows) {
        const before = await xrangeCalls(redis.client);
        const fromTotals = await experimentReport(store, EXPERIMENT, window);
        expect(await xrangeCalls(redis.client)).toBe(before);
        const fromEvents = await experimentReport(store, EXPERIMENT, window, { fromEvents: true });
        expect(fromTotals.computedFrom).toBe('daily-totals');
        expect(fromEvents.computedFrom).toBe('events');
        expect({ ...fromTotals, computedFrom: 'events' }).toEqual(fromEvents);
        expect(fromTotals.unattributedEvents).toBeGreaterThan(0);
      }
      const whole = await experimentReport(store, EXPERIMENT);
      expect(whole.events).toBe(sent.filter((e) => e.experimentId === 'x1').length);
    });
  });

  it('read the events for a window that is not whole days', async () => {
    await withStore(redis.client, async (store) => {
      await store.append(randomEvents(500));
      const report = await experimentReport(store, EXPERIMENT, { since: DAY0 + 3_600_000 });
      expect(report.computedFrom).toBe('events');
    });
  });

  it('answer GET /v1/experiments/:id/report with the hand-computed figures', async () => {
    await withStore(redis.client, async (store) => {
      const app = await eventsApp({ store, history: createHistoryStore({}), experiments: [EXPERIMENT] });
      await app.inject({ method: 'POST', url: '/v1/events', payload: { events: handMadeEvents() } });
      const res = await app.inject({ method: 'GET', url: '/v1/experiments/x1/report' });
      expect(res.statusCode, res.body).toBe(200);
      const report = res.json();
      expect(report).toMatchObject({ computedFrom: 'daily-totals', unattributedEvents: 2, events: 101 });
      expect(report.variants[1]).toMatchObject({
        name: 'treatment',
        users: 3,
        impressions: 60,
        clicks: 8,
        likes: 2,
        watchSeconds: 600,
      });
    });
  });
});

describe('daily experiment totals (3-node Cluster)', () => {
  const redis = redisSuite(() => startRedisCluster(3), COMMAND_TIMEOUT_MS);

  it('are kept by the append script in the {events} slot and read back', async () => {
    await withStore(redis.client, async (store) => {
      await store.append(randomEvents(1_000));
      expect(store.state().spooled).toBe(0); // every chunk reached the cluster
      const fromTotals = await experimentReport(store, EXPERIMENT);
      const fromEvents = await experimentReport(store, EXPERIMENT, {}, { fromEvents: true });
      expect({ ...fromTotals, computedFrom: 'events' }).toEqual(fromEvents);
    });
  });
});

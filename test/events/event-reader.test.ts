/**
 * What the CLI reads, against a spawned Redis: the server's stream plus the local spool, and the
 * experiment definition as the experiment store keeps it in Redis.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventSourceFromEnv } from '../../src/cli/commands/events/source.js';
import { readExperimentDefinition } from '../../src/cli/commands/experiments/report-source.js';
import { eventSettings, loadConfig } from '../../src/config.js';
import { openEventSource } from '../../src/events/event-reader.js';
import { openEventStore } from '../../src/events/event-store.js';
import { openFileEventStore } from '../../src/events/file-event-store.js';
import { createExperimentService } from '../../src/experiments/store.js';
import { closeRedis, createRedisClient, type RedisClient } from '../../src/storage/redis.js';
import { type SpawnedRedis, spawnRedisServer, untilRedisReady } from '../helpers/redis.js';
import { stallRedis } from '../helpers/redis-stall.js';
import { collect, events, tempDir } from './helpers.js';
import { EXPERIMENT } from './report-fixture.js';

const eventSettingsFromEnv = (env: NodeJS.ProcessEnv) => eventSettings(loadConfig(env));

const dir = tempDir('event-reader');

describe('event source and experiment definitions from Redis', () => {
  let server: SpawnedRedis;
  let redis: RedisClient;
  let url: string;
  beforeAll(async () => {
    // Its own Redis: the reader uses the default key prefix, like the server.
    server = await spawnRedisServer();
    url = `redis://127.0.0.1:${server.port}`;
    redis = createRedisClient(url, { commandTimeoutMs: 2_000 });
    redis.on('error', () => undefined);
    await untilRedisReady(redis);
  });
  afterAll(async () => {
    if (redis) await closeRedis(redis);
    await server?.stop();
  });

  it('reads the stream and the not yet replayed spool, each event once', async () => {
    const spoolFile = join(dir, 'spool.jsonl');
    const store = await openEventStore({
      redis,
      file: join(dir, 'unused.jsonl'),
      spoolFile,
      drainIntervalMs: 0,
    });
    await store.append(events(5));
    await store.close();
    // Spooled during an outage, one of them also in Redis already.
    const spool = await openFileEventStore(spoolFile);
    await spool.append(events(3, 4));
    await spool.close();

    const settings = eventSettingsFromEnv({ MULTIRANK_EVENTS_SPOOL: spoolFile });
    const source = await openEventSource({ settings, redisUrl: url });
    expect((await collect(source)).map((e) => e.eventId)).toEqual(['e0', 'e1', 'e2', 'e3', 'e4', 'e5', 'e6']);
    expect(source.description).toBe(url);
    await source.close();
  });

  it('pages the stream with MULTIRANK_REDIS_SCAN_TIMEOUT_MS: the default waits out a stall, 50 ms does not', async () => {
    const spoolFile = join(dir, 'scan-spool.jsonl');
    const store = await openEventStore({
      redis,
      file: join(dir, 'unused.jsonl'),
      spoolFile,
      drainIntervalMs: 0,
    });
    await store.append(events(3, 100));
    await store.close();
    const env = { REDIS_URL: url, MULTIRANK_EVENTS_SPOOL: spoolFile };

    const patient = await eventSourceFromEnv(undefined, env);
    await stallRedis(redis, 300); // answered: Redis holds every command from now on, for 300 ms
    expect((await collect(patient)).map((e) => e.eventId)).toContain('e100');
    await patient.close();

    const hasty = await eventSourceFromEnv(undefined, { ...env, MULTIRANK_REDIS_SCAN_TIMEOUT_MS: '50' });
    await stallRedis(redis, 1_000);
    await expect(collect(hasty)).rejects.toThrow(/Command timed out/);
    await hasty.close();
    expect(await redis.ping()).toBe('PONG'); // answered once the stall is over: leave Redis as found
  });

  it('finds the definition the experiment store wrote to Redis', async () => {
    const file = join(dir, 'experiments.json');
    writeFileSync(file, JSON.stringify({ experiments: [EXPERIMENT] }));
    const service = await createExperimentService({ redis, file, refreshMs: 0 });
    await service.close();
    const env = { REDIS_URL: url };
    expect(await readExperimentDefinition('x1', undefined, env)).toMatchObject({
      id: 'x1',
      control: 'control',
      variants: [{ name: 'control' }, { name: 'treatment' }],
    });
    expect(await readExperimentDefinition('nope', undefined, env)).toBeUndefined();
    await expect(readExperimentDefinition('x1', undefined, {})).rejects.toThrow(/pass --experiments FILE/);
  });

  it('reads the settings, naming a bad variable', () => {
    expect(eventSettingsFromEnv({})).toEqual({
      file: 'data/events.jsonl',
      spoolFile: 'data/events-spool.jsonl',
      streamMaxLength: 10_000_000,
      dedupeTtlSeconds: 86_400,
      maxBatch: 1000,
    });
    expect(() => eventSettingsFromEnv({ MULTIRANK_EVENTS_MAX_BATCH: '0' })).toThrow(
      'MULTIRANK_EVENTS_MAX_BATCH: expected an integer in [1, 100000], got 0',
    );
  });
});

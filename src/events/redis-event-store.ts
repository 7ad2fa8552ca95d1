/**
 * Redis mode of the event store, with a local spool for outages.
 *
 * An append goes to the stream (redis-stream.ts) in chunks; a chunk Redis does not take (error,
 * timeout, or the circuit open after repeated failures) goes to the spool, a file store that
 * fsyncs before the append resolves. Either way the event is durable when acknowledged.
 *
 * Appends and the replay run on the writes connection (MULTIRANK_REDIS_WRITE_TIMEOUT_MS), reads on
 * the scans connection (MULTIRANK_REDIS_SCAN_TIMEOUT_MS), never on the rank path's short timeout:
 * a busy but healthy Redis stores a 500-event chunk instead of spooling it.
 *
 * Replay: every `drainIntervalMs`, when Redis is up, the spool file is moved aside and its events
 * re-sent through the same idempotent script, then the file is deleted. A crash mid-replay leaves
 * the moved file to be replayed again at the next start; events already in the stream count as
 * duplicates, as long as their dedupe keys live (MULTIRANK_EVENTS_DEDUPE_TTL_SECONDS).
 */
import { existsSync } from 'node:fs';
import { unlink } from 'node:fs/promises';
import { dirname } from 'node:path';
import { createBreaker } from '../storage/breaker.js';
import { isRedisReady, type RedisClient, redisFor } from '../storage/redis.js';
import { readLog, syncDirectory } from './append-log.js';
import { type EventFilter, matchesFilter } from './event-filter.js';
import type { AppendResult, EventStore } from './event-store.js';
import type { FeedbackEvent } from './event-types.js';
import { isDayAligned, readExperimentTotals, type TotalsByVariant } from './experiment-totals.js';
import { openFileEventStore, readEventFile, splitFresh } from './file-event-store.js';
import { appendToStream, DEFAULT_KEY_PREFIX, readStream, type StreamSettings } from './redis-stream.js';

/** Settings of the Redis backend; every number has a default. */
export interface RedisEventStoreOptions {
  /** The service's Redis; appends use its writes connection, reads its scans connection (redisFor). */
  redis: RedisClient;
  /** Local spool for outages (MULTIRANK_EVENTS_SPOOL); one per replica, never shared. */
  spoolFile: string;
  /** Key prefix; default `mr:`. */
  keyPrefix?: string;
  /** How long an id is remembered for dedupe; default 1 day. */
  dedupeTtlSeconds?: number;
  /** Approximate stream cap; default 10,000,000, 0 keeps everything. */
  streamMaxLength?: number;
  /** Replay attempts; default 5 s, 0 only on `drain()`. */
  drainIntervalMs?: number;
  /** Events per script call; default 500. */
  chunkSize?: number;
  /** Consecutive failures that open the circuit (appends then go straight to the spool); default 3. */
  breakerFailures?: number;
  /** How long the circuit stays open before one append tries Redis again; default 2 s. */
  breakerCoolDownMs?: number;
  /** Told about failed replays (the spool stays and is retried). */
  onError?: (message: string, error: unknown) => void;
}

/** Opens the Redis backend; replays a spool left by an earlier run in the background. */
export async function openRedisEventStore(options: RedisEventStoreOptions): Promise<EventStore> {
  const writes = redisFor(options.redis, 'writes');
  const settings: StreamSettings = {
    keyPrefix: options.keyPrefix ?? DEFAULT_KEY_PREFIX,
    dedupeTtlSeconds: options.dedupeTtlSeconds ?? 86_400,
    maxLength: options.streamMaxLength ?? 10_000_000,
  };
  const chunkSize = options.chunkSize ?? 500;
  const replayFile = `${options.spoolFile}.replaying`;
  const spool = await openFileEventStore(options.spoolFile);
  const breaker = createBreaker({
    failureThreshold: options.breakerFailures ?? 3,
    coolDownMs: options.breakerCoolDownMs ?? 2_000,
  });
  let replaying: Promise<number> | undefined;
  // Events in the replay file (left by an earlier run, or moved there by the running replay).
  let replayCount = 0;
  for await (const _ of readLog(replayFile)) replayCount++;

  /** One chunk of batch-unique events: to Redis if it takes it, else to the spool. */
  const appendChunk = async (events: FeedbackEvent[]): Promise<boolean[]> => {
    if (breaker.allow()) {
      try {
        const flags = await appendToStream(writes, settings, events);
        breaker.success();
        return flags;
      } catch {
        breaker.failure();
      }
    }
    return (await spool.append(events)).fresh;
  };

  const replay = async (): Promise<number> => {
    if (!existsSync(replayFile)) {
      replayCount = await spool.takeAll(replayFile);
      if (replayCount === 0) return 0;
    }
    let replayed = 0;
    let chunk: FeedbackEvent[] = [];
    const send = async () => {
      // Ids are unique within the spool file but the script wants them unique per call anyway.
      await appendToStream(writes, settings, splitFresh(chunk, () => false).fresh);
      replayed += chunk.length;
      chunk = [];
    };
    for await (const event of readLog<FeedbackEvent>(replayFile)) {
      chunk.push(event);
      if (chunk.length >= chunkSize) await send();
    }
    await send();
    await unlink(replayFile);
    await syncDirectory(dirname(replayFile));
    replayCount = 0;
    return replayed;
  };

  const store: EventStore = {
    async append(events) {
      // Within-batch repeats are settled here, so a chunk spooled and a chunk sent never split one id.
      const unique = splitFresh(events, () => false);
      const flags: boolean[] = [];
      for (let i = 0; i < unique.fresh.length; i += chunkSize) {
        flags.push(...(await appendChunk(unique.fresh.slice(i, i + chunkSize))));
      }
      let k = 0;
      const fresh = unique.result.fresh.map((first) => (first ? (flags[k++] ?? false) : false));
      const stored = fresh.filter(Boolean).length;
      return { stored, duplicates: events.length - stored, fresh } satisfies AppendResult;
    },
    read: (filter = {}) => readRedisEvents(options.redis, options.spoolFile, filter, settings.keyPrefix),
    experimentTotals: (experimentId, window) =>
      dailyTotals(options.redis, settings.keyPrefix, experimentId, window),
    state: () => ({
      backend: 'redis',
      spooled: spool.count + replayCount,
      circuit: breaker.snapshot().state,
    }),
    drain() {
      replaying ??= replay().finally(() => {
        replaying = undefined;
      });
      return replaying;
    },
    async close() {
      clearInterval(timer);
      await replaying?.catch(() => undefined);
      await spool.close();
    },
  };

  const tryDrain = (): void => {
    if (!isRedisReady(writes) || spool.count + replayCount === 0) return;
    store
      .drain()
      .catch((error: unknown) => options.onError?.('event spool replay failed; will retry', error));
  };
  const interval = options.drainIntervalMs ?? 5_000;
  const timer = interval > 0 ? setInterval(tryDrain, interval) : undefined;
  timer?.unref();
  return store;
}

/** An experiment's daily totals over a window of whole days (undefined for any other), on the scans connection. */
export async function dailyTotals(
  redis: RedisClient,
  keyPrefix: string,
  experimentId: string,
  window: EventFilter,
): Promise<TotalsByVariant | undefined> {
  if (!isDayAligned(window)) return undefined;
  return readExperimentTotals(redisFor(redis, 'scans'), keyPrefix, experimentId, window);
}

/**
 * The stream's events, then those of the spool (and its replay file) the stream does not have yet
 * (a spooled event may be replayed while the read runs: it is yielded once). Readers without a
 * store (the CLI) call this directly. The stream is paged on `redis`'s scans connection.
 */
export async function* readRedisEvents(
  redis: RedisClient,
  spoolFile: string,
  filter: EventFilter = {},
  keyPrefix = DEFAULT_KEY_PREFIX,
): AsyncGenerator<FeedbackEvent> {
  const pending = new Map<string, FeedbackEvent>();
  for (const file of [`${spoolFile}.replaying`, spoolFile]) {
    for await (const event of readEventFile(file, filter)) pending.set(event.eventId, event);
  }
  for await (const event of readStream(redisFor(redis, 'scans'), keyPrefix)) {
    if (!matchesFilter(event, filter)) continue;
    pending.delete(event.eventId);
    yield event;
  }
  yield* pending.values();
}

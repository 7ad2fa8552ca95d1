/**
 * Read-only access to stored events for offline jobs (export, reports): the same places the
 * server writes to — the Redis stream plus this machine's spool when REDIS_URL is set, the
 * event file otherwise — without the store's start-up work (dedupe scan, replay timer).
 */
import { closeRedis, createRedisClient, isRedisReady, type RedisClient } from '../storage/redis.js';
import type { EventFilter } from './event-filter.js';
import type { EventSettings } from './event-settings.js';
import type { FeedbackEvent } from './event-types.js';
import type { TotalsByVariant } from './experiment-totals.js';
import { readEventFile } from './file-event-store.js';
import { dailyTotals, readRedisEvents } from './redis-event-store.js';
import { DEFAULT_KEY_PREFIX } from './redis-stream.js';

/** Where events are read from, and how to let go of it. */
export interface EventSource {
  /** For messages: `redis://…` or the file path. */
  readonly description: string;
  read(filter?: EventFilter): AsyncIterable<FeedbackEvent>;
  /** Redis: an experiment's daily totals over whole UTC days (see EventStore.experimentTotals). */
  experimentTotals?(experimentId: string, window: EventFilter): Promise<TotalsByVariant | undefined>;
  close(): Promise<void>;
}

/** What to open: an explicit file wins, then Redis, then the configured event file. */
export interface EventSourceOptions {
  settings: EventSettings;
  redisUrl?: string | undefined;
  /** A JSONL event file to read instead (e.g. a copy of the server's). */
  file?: string | undefined;
  /** How long to wait for Redis to connect; default 5 s. */
  connectTimeoutMs?: number;
  /** Timeout of each page of the stream scan (MULTIRANK_REDIS_SCAN_TIMEOUT_MS); default 10 s. */
  scanTimeoutMs?: number;
}

/** Opens the event source; rejects naming Redis when it cannot be reached. */
export async function openEventSource(options: EventSourceOptions): Promise<EventSource> {
  const file = options.file ?? (options.redisUrl ? undefined : options.settings.file);
  if (file !== undefined) {
    return { description: file, read: (filter) => readEventFile(file, filter), close: async () => undefined };
  }
  const url = options.redisUrl as string;
  // One purpose, one connection: paging through the stream, with the scans' generous timeout.
  const redis = createRedisClient(url, { commandTimeoutMs: options.scanTimeoutMs ?? 10_000 });
  redis.on('error', () => undefined); // surfaced below as "cannot reach"
  await untilReady(redis, options.connectTimeoutMs ?? 5_000).catch(async (error: unknown) => {
    await closeRedis(redis);
    throw error;
  });
  return {
    description: url.replace(/\/\/[^@/]*@/, '//***@'),
    read: (filter) => readRedisEvents(redis, options.settings.spoolFile, filter),
    experimentTotals: (experimentId, window) => dailyTotals(redis, DEFAULT_KEY_PREFIX, experimentId, window),
    close: () => closeRedis(redis),
  };
}

async function untilReady(redis: RedisClient, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!isRedisReady(redis)) {
    if (Date.now() > deadline) throw new Error(`cannot reach Redis (REDIS_URL) within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

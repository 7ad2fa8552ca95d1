/**
 * The event store: feedback events kept durably, each eventId once, read back by time range and
 * experiment for exports and reports.
 *
 * Two backends behind one interface:
 * - **Redis** (REDIS_URL set): a Redis Stream; each append is one Lua script that SETs a dedupe
 *   key NX (with a TTL) and XADDs the event only when the key was new. When Redis is down, events
 *   are spooled to a local fsync'd JSONL file and acknowledged; the spool is replayed into the
 *   stream, through the same idempotent script, once Redis answers again.
 * - **File** (no Redis): an append-only JSONL file, fsync'd before acknowledging; the set of seen
 *   ids is rebuilt from the file at start.
 *
 * Either way an append resolves only once every event it counts as stored is on disk or in Redis;
 * when nothing can take them it rejects (the route answers 503) and the caller retries.
 */
import { dirname, join } from 'node:path';
import type { EventFilter } from './event-filter.js';
import type { FeedbackEvent } from './event-types.js';
import type { TotalsByVariant } from './experiment-totals.js';
import { openFileEventStore } from './file-event-store.js';

export { type EventFilter, matchesFilter } from './event-filter.js';

import { openRedisEventStore, type RedisEventStoreOptions } from './redis-event-store.js';

/** What an append did. */
export interface AppendResult {
  /** Events stored by this call. */
  stored: number;
  /** Events whose id was already stored (earlier, or earlier in the same batch). */
  duplicates: number;
  /** Per input event: true when this call stored it (side effects should follow only these). */
  fresh: boolean[];
}

/** Where events go and what is waiting to be replayed. */
export interface EventStoreState {
  backend: 'redis' | 'file';
  /** Redis mode: events in the local spool, not yet in the stream. */
  spooled: number;
  /** Redis mode: state of the circuit in front of Redis. */
  circuit?: string;
}

/** The store's interface, the same for both backends. */
export interface EventStore {
  /** Stores the events not stored before; resolves once they are durable. */
  append(events: readonly FeedbackEvent[]): Promise<AppendResult>;
  /** Streams stored events matching the filter (Redis mode: the stream, then undrained spool). */
  read(filter?: EventFilter): AsyncIterable<FeedbackEvent>;
  /**
   * Redis mode: an experiment's daily totals over a window of whole UTC days (experiment-totals.ts);
   * undefined for any other window. Events still in a replica's spool count once replayed.
   */
  experimentTotals?(experimentId: string, window: EventFilter): Promise<TotalsByVariant | undefined>;
  state(): EventStoreState;
  /** Redis mode: replays the spool into the stream now; resolves with the events replayed. */
  drain(): Promise<number>;
  /** Stops the replay timer and closes files (the Redis client belongs to the caller). */
  close(): Promise<void>;
}

/** Settings; Redis mode when `redis` is given, file mode otherwise. */
export interface EventStoreOptions extends Partial<Omit<RedisEventStoreOptions, 'redis'>> {
  redis?: RedisEventStoreOptions['redis'] | undefined;
  /** File mode: the JSONL file (MULTIRANK_EVENTS_FILE). Redis mode: the spool defaults to its folder. */
  file: string;
}

/** Opens the store for the configured backend. */
export async function openEventStore(options: EventStoreOptions): Promise<EventStore> {
  if (!options.redis) return openFileEventStore(options.file);
  const spoolFile = options.spoolFile ?? join(dirname(options.file), 'events-spool.jsonl');
  return openRedisEventStore({ ...options, redis: options.redis, spoolFile });
}

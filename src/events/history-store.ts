/**
 * Real-time user history in Redis: the items a user watched and dismissed, newest first, each a
 * capped list. Events push onto them (POST /v1/events); ranking reads them as the history feature
 * and to filter candidates, so a video watched a second ago is neither recommended nor missing
 * from the model's view of the user.
 *
 * Both lists of a user share a hash tag ({userId}), so one pipeline reads them from one Redis
 * Cluster node. Like the feature cache, history never fails a request: without Redis, with Redis
 * down (circuit open) or timing out, reads answer empty and say so. Reads are on the rank path and
 * use the serving connection (MULTIRANK_REDIS_TIMEOUT_MS); pushes come with events and use the
 * writes connection (MULTIRANK_REDIS_WRITE_TIMEOUT_MS), so they neither queue in front of reads
 * nor time out on the rank path's budget.
 */
import { type CircuitBreaker, createBreaker } from '../storage/breaker.js';
import { type RedisClient, redisFor } from '../storage/redis.js';

/** A user's recent activity, newest first, without repeats. */
export interface UserHistory {
  watched: string[];
  dismissed: string[];
  /** `redis`: read from Redis; `none`: no Redis configured; `unavailable`: Redis failed or its circuit is open. */
  source: 'redis' | 'none' | 'unavailable';
}

/** What the history store can do. */
export interface HistoryStore {
  read(userId: string): Promise<UserHistory>;
  /** Pushes an item onto the user's watched or dismissed list (newest first, capped, expiring). */
  record(userId: string, kind: 'watched' | 'dismissed', itemId: string): Promise<void>;
  /** Counters for metrics. */
  stats(): { reads: number; errors: number; skipped: number };
  readonly breaker: CircuitBreaker;
}

/** Settings; every number has a default. */
export interface HistoryStoreOptions {
  /** The service's Redis: reads use its serving connection, pushes its writes connection (redisFor). */
  redis?: RedisClient | undefined;
  /** Items kept per list. Default 50. */
  maxLength?: number;
  /** A list expires this long after its last push. Default 30 days. */
  ttlSeconds?: number;
  keyPrefix?: string;
  breakerFailures?: number;
  breakerCoolDownMs?: number;
}

/** The Redis key of a user's list; exported for tests and operators (`redis-cli LRANGE`). */
export function historyKey(prefix: string, userId: string, kind: 'watched' | 'dismissed'): string {
  return `${prefix}{${userId}}:${kind}`;
}

/** Creates the store; without a Redis client every read is empty with source `none`. */
export function createHistoryStore(options: HistoryStoreOptions): HistoryStore {
  const maxLength = options.maxLength ?? 50;
  const ttlSeconds = options.ttlSeconds ?? 30 * 86_400;
  const prefix = options.keyPrefix ?? 'mr:history:';
  const reads = options.redis && redisFor(options.redis, 'serving');
  const writes = options.redis && redisFor(options.redis, 'writes');
  const breaker = createBreaker({
    failureThreshold: options.breakerFailures ?? 5,
    coolDownMs: options.breakerCoolDownMs ?? 5_000,
  });
  const counts = { reads: 0, errors: 0, skipped: 0 };
  const empty = (source: UserHistory['source']): UserHistory => ({ watched: [], dismissed: [], source });

  return {
    breaker,
    stats: () => ({ ...counts }),

    async read(userId) {
      if (!reads) return empty('none');
      if (!breaker.allow()) {
        counts.skipped++;
        return empty('unavailable');
      }
      try {
        const replies = await reads
          .pipeline()
          .lrange(historyKey(prefix, userId, 'watched'), 0, maxLength - 1)
          .lrange(historyKey(prefix, userId, 'dismissed'), 0, maxLength - 1)
          .exec();
        const lists = (replies ?? []).map(([error, value]) => {
          if (error) throw error;
          return value as string[];
        });
        breaker.success();
        counts.reads++;
        return { watched: distinct(lists[0] ?? []), dismissed: distinct(lists[1] ?? []), source: 'redis' };
      } catch {
        breaker.failure();
        counts.errors++;
        return empty('unavailable');
      }
    },

    async record(userId, kind, itemId) {
      if (!writes) throw new Error('history needs Redis (REDIS_URL)');
      const key = historyKey(prefix, userId, kind);
      await writes
        .multi()
        .lpush(key, itemId)
        .ltrim(key, 0, maxLength - 1)
        .expire(key, ttlSeconds)
        .exec();
    },
  };
}

/** Keeps each item's newest occurrence (lists are newest first). */
function distinct(items: string[]): string[] {
  return [...new Set(items)];
}

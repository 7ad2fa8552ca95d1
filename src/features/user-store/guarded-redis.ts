/**
 * The Redis layer behind the circuit breaker: reads and writes that never reject. A failure is
 * counted and reported to the breaker, and an open breaker skips Redis without a round trip, so
 * an outage costs the request nothing but the fall-through to the origin.
 */
import { type CircuitBreaker, createBreaker } from '../../storage/breaker.js';
import type { UserStoreStats } from './options.js';
import type { RedisFeatureCache } from './redis-cache.js';
import type { CachedEntry, CachedUser } from './types.js';

/** Redis access that degrades instead of failing. */
export interface GuardedRedis {
  /** Cached entries for the ids Redis holds; empty when Redis is skipped or failed. */
  read(ids: string[]): Promise<Map<string, CachedEntry>>;
  /** Starts a write-back without waiting for it (the answer does not depend on it). */
  write(entries: ReadonlyMap<string, CachedUser>): void;
  /** Waits for the write-backs started so far. */
  drain(): Promise<void>;
  /** The breaker, for the store's readiness. */
  readonly breaker: CircuitBreaker;
  /** The Redis counters. */
  stats(): UserStoreStats['redis'];
}

/** Wraps a cache (or nothing, when no Redis is configured) with a breaker and counters. */
export function guardRedis(
  cache: RedisFeatureCache | undefined,
  breakerOptions: { failureThreshold: number; coolDownMs: number },
): GuardedRedis {
  const breaker = createBreaker(breakerOptions);
  const pending = new Set<Promise<void>>();
  const counts = { hits: 0, misses: 0, errors: 0, writeErrors: 0, skipped: 0, writesSkipped: 0 };

  return {
    breaker,
    async read(ids) {
      if (!cache || ids.length === 0) return new Map();
      if (!breaker.allow()) {
        counts.skipped += ids.length;
        return new Map();
      }
      try {
        const found = await cache.read(ids);
        breaker.success();
        counts.hits += found.size;
        counts.misses += ids.length - found.size;
        return found;
      } catch {
        // Down, timed out or mid-failover: the caller asks the origin instead.
        breaker.failure();
        counts.errors += 1;
        return new Map();
      }
    },
    write(entries) {
      if (!cache || entries.size === 0) return;
      if (!breaker.allow()) {
        counts.writesSkipped += entries.size;
        return;
      }
      const write: Promise<void> = cache
        .write(entries)
        .then(
          () => breaker.success(),
          () => {
            breaker.failure();
            counts.writeErrors += 1;
          },
        )
        .finally(() => pending.delete(write));
      pending.add(write);
    },
    async drain() {
      await Promise.all([...pending]);
    },
    stats: () => ({ ...counts, breaker: breaker.snapshot() }),
  };
}

/**
 * The user feature store: L1 (in-process LRU) → Redis (features pushed through the users API,
 * then the cache-aside copy of the origin) → origin, with one lookup per id in flight per process
 * and a circuit breaker around Redis.
 *
 * It never fails a request: Redis errors fall through to the origin, origin errors and unknown
 * users fall through to empty features (the encoder fills defaults), and every answer says which
 * layer it came from, for `explain: true`.
 */
import { MultirankError } from '../../errors.js';
import { isRedisReady, redisFor } from '../../storage/redis.js';
import { guardRedis } from './guarded-redis.js';
import { createLru } from './lru.js';
import {
  resolveStoreOptions,
  type UserFeatureStoreOptions,
  type UserStoreState,
  type UserStoreStats,
} from './options.js';
import { createRedisFeatureCache } from './redis-cache.js';
import type { CachedUser, FeatureLayer, ResolvedUser, UserFeatures } from './types.js';

/** Cached and layered access to user features. */
export interface UserFeatureStore {
  /** Features of every distinct id, in input order, each with the layer that answered; never rejects. */
  getMany(ids: readonly string[]): Promise<Map<string, ResolvedUser>>;
  /** 'ok', or 'degraded' naming Redis when its circuit is not closed or its client is not connected. */
  state(): UserStoreState;
  /** A snapshot of the counters. */
  stats(): UserStoreStats;
  /** Waits for the fire-and-forget Redis write-backs started so far (for shutdown and tests). */
  drain(): Promise<void>;
  /**
   * Stores `features` as the user's authoritative value (Redis, no expiry; ahead of the cache and
   * the origin) on the writes connection, and forgets this process's cached copy. Rejects with
   * UNAVAILABLE without Redis or when the write fails.
   */
  push(userId: string, features: UserFeatures): Promise<void>;
  /** Forgets the in-process copies of these users (another replica pushed their features). */
  evict(userIds: readonly string[]): void;
  /** What a ranking would use for the user, read below the in-process cache, and where it came from. */
  inspect(userId: string): Promise<ResolvedUser>;
}

const DEFAULT_USER: ResolvedUser = Object.freeze({ features: Object.freeze({}), layer: 'default' });

/** A cached entry as an answer: a negative entry means "unknown", i.e. default features. */
function answer(value: CachedUser, layer: FeatureLayer): ResolvedUser {
  return value === null ? DEFAULT_USER : { features: value, layer };
}

/** Builds a store over an origin and, optionally, a Redis client (see UserFeatureStoreOptions). */
export function createUserFeatureStore(options: UserFeatureStoreOptions): UserFeatureStore {
  const config = resolveStoreOptions(options);
  const { origin, redis } = config;
  const l1TtlMs = config.l1TtlSeconds * 1000;
  const l1 = createLru<CachedUser>({ maxEntries: config.l1Size, ttlMs: l1TtlMs });
  const guarded = guardRedis(redis ? createRedisFeatureCache(redis, config) : undefined, {
    failureThreshold: config.breakerFailures,
    coolDownMs: config.breakerCoolDownMs,
  });
  const inflight = new Map<string, Promise<ResolvedUser>>();
  const counts = {
    served: { l1: 0, pushed: 0, redis: 0, origin: 0, default: 0 },
    l1: { hits: 0, misses: 0 },
    origin: { fetches: 0, found: 0, missing: 0, errors: 0 },
    singleFlight: { shared: 0 },
  };

  const remember = (id: string, value: CachedUser) =>
    l1.set(id, value, value === null ? Math.min(l1TtlMs, config.negativeTtlSeconds * 1000) : l1TtlMs);

  /** Origin features, or undefined when the origin failed (so nothing gets cached as unknown). */
  async function fetchOrigin(ids: string[]): Promise<Map<string, UserFeatures> | undefined> {
    counts.origin.fetches += 1;
    try {
      const found = await origin.get(ids);
      const known = ids.filter((id) => found.has(id)).length;
      counts.origin.found += known;
      counts.origin.missing += ids.length - known;
      return found;
    } catch {
      counts.origin.errors += 1;
      return undefined;
    }
  }

  /** Redis, then the origin for what Redis lacks; writes origin answers back to both caches. */
  async function loadBelowL1(ids: string[]): Promise<Map<string, ResolvedUser>> {
    const out = new Map<string, ResolvedUser>();
    const cached = await guarded.read(ids);
    for (const [id, { value, layer }] of cached) {
      remember(id, value);
      out.set(id, answer(value, layer));
    }
    const misses = ids.filter((id) => !cached.has(id));
    if (misses.length === 0) return out;
    const found = await fetchOrigin(misses);
    const writeBack = new Map<string, CachedUser>();
    for (const id of misses) {
      const features = found?.get(id);
      // Unknown users are cached negatively (briefly) so a flood of bad ids stops at the caches;
      // after an origin failure nothing is cached, the next request asks again.
      if (found) {
        remember(id, features ?? null);
        writeBack.set(id, features ?? null);
      }
      out.set(id, features ? { features, layer: 'origin' } : DEFAULT_USER);
    }
    guarded.write(writeBack);
    return out;
  }

  return {
    async getMany(ids) {
      const unique = [...new Set(ids)];
      const result = new Map<string, ResolvedUser>();
      const waits: Promise<void>[] = [];
      const fresh: string[] = [];
      for (const id of unique) {
        const hit = l1.get(id);
        if (hit !== undefined) {
          counts.l1.hits += 1;
          result.set(id, answer(hit, 'l1'));
          continue;
        }
        counts.l1.misses += 1;
        const flying = inflight.get(id);
        if (flying) {
          counts.singleFlight.shared += 1;
          waits.push(flying.then((user) => void result.set(id, user)));
        } else fresh.push(id);
      }
      if (fresh.length > 0) {
        // Registered before the first await, so a concurrent call for the same id joins this one.
        const flight = loadBelowL1(fresh);
        for (const id of fresh) {
          const one = flight.then((users) => users.get(id) ?? DEFAULT_USER);
          inflight.set(id, one);
          const done = () => void (inflight.get(id) === one && inflight.delete(id));
          one.then(done, done);
        }
        waits.push(
          flight.then((users) => {
            for (const id of fresh) result.set(id, users.get(id) ?? DEFAULT_USER);
          }),
        );
      }
      await Promise.all(waits);
      const ordered = new Map<string, ResolvedUser>();
      for (const id of unique) {
        const user = result.get(id) ?? DEFAULT_USER;
        counts.served[user.layer] += 1;
        ordered.set(id, user);
      }
      return ordered;
    },
    state() {
      if (!redis) return { status: 'ok' };
      const circuit = guarded.breaker.snapshot();
      if (circuit.state !== 'closed')
        return { status: 'degraded', part: 'redis', detail: `redis: circuit ${circuit.state}` };
      if (!isRedisReady(redis)) return { status: 'degraded', part: 'redis', detail: 'redis: not connected' };
      return { status: 'ok' };
    },
    stats() {
      return {
        served: { ...counts.served },
        l1: { ...counts.l1, size: l1.size },
        redis: guarded.stats(),
        origin: { ...counts.origin },
        singleFlight: { ...counts.singleFlight },
      };
    },
    drain: () => guarded.drain(),
    async push(userId, features) {
      const refused = (cause?: unknown) =>
        new MultirankError(
          'UNAVAILABLE',
          'pushing user features needs Redis, which is unavailable; nothing was changed',
          { cause },
        );
      if (!redis) throw refused();
      try {
        await redisFor(redis, 'writes').set(`${config.pushedKeyPrefix}${userId}`, JSON.stringify(features));
      } catch (error) {
        throw refused(error);
      }
      l1.delete(userId);
    },
    evict(userIds) {
      for (const id of userIds) l1.delete(id);
    },
    async inspect(userId) {
      const user = (await loadBelowL1([userId])).get(userId) ?? DEFAULT_USER;
      counts.served[user.layer] += 1;
      return user;
    },
  };
}

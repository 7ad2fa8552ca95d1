/**
 * The Redis layer of the user feature store: JSON values under `<prefix><userId>`, read for a
 * whole request at once and written with a jittered expiry; beside them, features pushed through
 * the users API under `<pushedPrefix><userId>`, without expiry, read in the same call and
 * preferred (they are the authoritative value; the cache only mirrors the origin).
 *
 * One node answers a single MGET. A Cluster refuses MGET (and ioredis refuses pipelines) across
 * hash slots, and hash-tagging every user into one slot would pile them all onto one master, so
 * there the GETs go out concurrently: ioredis writes them without waiting for replies, which
 * pipelines them on each node's connection anyway.
 */
import type { RedisClient } from '../../storage/redis.js';
import type { CachedEntry, CachedUser, UserFeatures } from './types.js';

/** Keys and lifetimes of cached entries. */
export interface RedisFeatureCacheOptions {
  keyPrefix: string;
  /** Prefix of pushed features (no expiry, never written by the cache). */
  pushedKeyPrefix: string;
  /** Lifetime of a found user; each write adds up to `jitter`·ttl so entries do not expire in herds. */
  ttlSeconds: number;
  /** Fraction of ttl added at random, in [0, 1]. */
  jitter: number;
  /** Lifetime of a "user unknown" entry; short, so a user created at the origin shows up soon. */
  negativeTtlSeconds: number;
  random?: () => number;
}

/** Batch reads and writes of cached users. */
export interface RedisFeatureCache {
  /** Entries for the ids found in Redis, pushed ones first (null = cached as unknown); rejects when Redis fails. */
  read(ids: string[]): Promise<Map<string, CachedEntry>>;
  /** Stores entries with their expiry; rejects when any write failed. */
  write(entries: ReadonlyMap<string, CachedUser>): Promise<void>;
  /** The expiry, in ms, the next write of a found (true) or unknown (false) user would get. */
  expiryMs(found: boolean): number;
}

/** Parses a cached value; anything that is not an object or null is treated as not cached. */
function parse(raw: string | null): CachedUser | undefined {
  if (raw === null) return undefined;
  try {
    const value: unknown = JSON.parse(raw);
    if (value === null) return null;
    if (typeof value === 'object' && !Array.isArray(value)) return value as UserFeatures;
  } catch {
    // A value some other writer left under our prefix: refetch and overwrite it.
  }
  return undefined;
}

/** Creates the Redis layer over a client from `createRedisClient` (single node or Cluster). */
export function createRedisFeatureCache(
  client: RedisClient,
  options: RedisFeatureCacheOptions,
): RedisFeatureCache {
  const random = options.random ?? Math.random;
  const key = (id: string) => `${options.keyPrefix}${id}`;
  const pushedKey = (id: string) => `${options.pushedKeyPrefix}${id}`;

  const expiryMs = (found: boolean) => {
    if (!found) return Math.max(1, Math.round(options.negativeTtlSeconds * 1000));
    // PX rather than EX: millisecond jitter spreads expiries even for short TTLs.
    return Math.max(1, Math.round(options.ttlSeconds * 1000 * (1 + random() * options.jitter)));
  };

  return {
    expiryMs,
    async read(ids) {
      const keys = [...ids.map(pushedKey), ...ids.map(key)];
      const raw = client.isCluster
        ? await Promise.all(keys.map((k) => client.get(k)))
        : await client.mget(keys);
      const found = new Map<string, CachedEntry>();
      ids.forEach((id, i) => {
        const pushed = parse(raw[i] ?? null);
        const cached = parse(raw[ids.length + i] ?? null);
        // A pushed value is never null (unknown): only found features are pushed.
        if (pushed) found.set(id, { value: pushed, layer: 'pushed' });
        else if (cached !== undefined) found.set(id, { value: cached, layer: 'redis' });
      });
      return found;
    },
    async write(entries) {
      if (entries.size === 0) return;
      const items = [...entries].map(([id, value]) => ({
        key: key(id),
        json: JSON.stringify(value),
        px: expiryMs(value !== null),
      }));
      if (client.isCluster) {
        await Promise.all(items.map((item) => client.set(item.key, item.json, 'PX', item.px)));
        return;
      }
      const pipeline = client.pipeline();
      for (const item of items) pipeline.set(item.key, item.json, 'PX', item.px);
      const results = (await pipeline.exec()) ?? [];
      const failed = results.find(([error]) => error);
      if (failed?.[0]) throw failed[0];
    },
  };
}

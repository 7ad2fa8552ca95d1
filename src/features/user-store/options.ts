/**
 * Settings of the user feature store with their defaults, and the counters it exposes. No
 * environment variables are read here: config.ts owns the environment and passes values in.
 */

import type { BreakerSnapshot } from '../../storage/breaker.js';
import type { RedisClient } from '../../storage/redis.js';
import type { FeatureLayer, UserFeatureOrigin } from './types.js';

/** What the store is built from; every number has a default. */
export interface UserFeatureStoreOptions {
  origin: UserFeatureOrigin;
  /** A client from `createRedisClient`; without one the store runs L1 → origin. The caller owns it. */
  redis?: RedisClient | undefined;
  /** Prefix of every Redis key (after the client's own keyPrefix, if any). Default `mr:user:`. */
  keyPrefix?: string;
  /** Prefix of pushed features (PUT /v1/users/:userId), kept without expiry. Default `mr:user-pushed:`. */
  pushedKeyPrefix?: string;
  /** Redis lifetime of a found user. Default 300 s. */
  ttlSeconds?: number;
  /** Random extra lifetime, as a fraction of ttlSeconds. Default 0.1. */
  jitter?: number;
  /** Lifetime of a "user unknown" entry, in Redis and L1. Default 30 s. */
  negativeTtlSeconds?: number;
  /** Entries in the in-process LRU; 0 turns it off. Default 10 000. */
  l1Size?: number;
  /** L1 lifetime, short so replicas pick up origin changes soon after Redis does. Default 10 s. */
  l1TtlSeconds?: number;
  /** Consecutive Redis failures that open the circuit. Default 5. */
  breakerFailures?: number;
  /** How long Redis is skipped once the circuit opens. Default 5000 ms. */
  breakerCoolDownMs?: number;
}

/** The options with every default filled in. */
export type ResolvedStoreOptions = Required<Omit<UserFeatureStoreOptions, 'redis'>> &
  Pick<UserFeatureStoreOptions, 'redis'>;

/** Store defaults, in one place. */
export const USER_STORE_DEFAULTS = {
  keyPrefix: 'mr:user:',
  pushedKeyPrefix: 'mr:user-pushed:',
  ttlSeconds: 300,
  jitter: 0.1,
  negativeTtlSeconds: 30,
  l1Size: 10_000,
  l1TtlSeconds: 10,
  breakerFailures: 5,
  breakerCoolDownMs: 5_000,
} as const;

/** Fills defaults and rejects values that would make the store misbehave quietly. */
export function resolveStoreOptions(options: UserFeatureStoreOptions): ResolvedStoreOptions {
  const resolved: ResolvedStoreOptions = { ...USER_STORE_DEFAULTS, ...withoutUndefined(options) };
  const positive = ['ttlSeconds', 'negativeTtlSeconds', 'l1TtlSeconds', 'breakerCoolDownMs'] as const;
  for (const name of positive) {
    if (!(resolved[name] > 0)) throw new RangeError(`user store: ${name} must be > 0, got ${resolved[name]}`);
  }
  if (!(resolved.jitter >= 0 && resolved.jitter <= 1))
    throw new RangeError(`user store: jitter must be in [0, 1], got ${resolved.jitter}`);
  if (!Number.isInteger(resolved.l1Size) || resolved.l1Size < 0)
    throw new RangeError(`user store: l1Size must be an integer >= 0, got ${resolved.l1Size}`);
  if (!Number.isInteger(resolved.breakerFailures) || resolved.breakerFailures < 1)
    throw new RangeError(
      `user store: breakerFailures must be an integer >= 1, got ${resolved.breakerFailures}`,
    );
  return resolved;
}

/** Drops keys set to undefined, so `{ ttlSeconds: undefined }` keeps the default. */
function withoutUndefined<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T;
}

/** The store's counters as a plain object (the metrics code reads these; nothing here knows Prometheus). */
export interface UserStoreStats {
  /** Ids answered per layer. */
  served: Record<FeatureLayer, number>;
  l1: { hits: number; misses: number; size: number };
  /** `skipped`: ids not looked up because the circuit was open; `writesSkipped` likewise for writes. */
  redis: {
    hits: number;
    misses: number;
    errors: number;
    writeErrors: number;
    skipped: number;
    writesSkipped: number;
    breaker: BreakerSnapshot;
  };
  /** `fetches` counts origin calls (one per batch), `found`/`missing` count ids. */
  origin: { fetches: number; found: number; missing: number; errors: number };
  /** Ids that joined a lookup already in flight instead of starting their own. */
  singleFlight: { shared: number };
}

/** Whether the store works at full strength, for /readyz. */
export type UserStoreState = { status: 'ok' } | { status: 'degraded'; part: 'redis'; detail: string };

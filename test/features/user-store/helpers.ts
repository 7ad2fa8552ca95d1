/** Shared pieces of the user store tests: a counting in-memory origin, users, key prefixes. */
import type { UserFeatureOrigin, UserFeatures } from '../../../src/features/user-store/index.js';

/** An in-memory origin that records every call and can be slowed down or made to fail. */
export interface CountingOrigin extends UserFeatureOrigin {
  calls: string[][];
  delayMs: number;
  failing: boolean;
}

/** An origin knowing `users`; each call is recorded in `calls`. */
export function countingOrigin(users: Record<string, UserFeatures>): CountingOrigin {
  const origin: CountingOrigin = {
    calls: [],
    delayMs: 0,
    failing: false,
    async get(ids) {
      origin.calls.push([...ids]);
      if (origin.delayMs > 0) await sleep(origin.delayMs);
      if (origin.failing) throw new Error('origin down');
      const found = new Map<string, UserFeatures>();
      for (const id of ids) {
        const user = users[id];
        if (user) found.set(id, user);
      }
      return found;
    },
  };
  return origin;
}

/** Users u0..u(n-1) with a couple of attributes each. */
export function someUsers(n: number): Record<string, UserFeatures> {
  return Object.fromEntries(
    Array.from({ length: n }, (_, i) => [`u${i}`, { region: i % 2 ? 'eu' : 'na', age: 20 + i }]),
  );
}

/** Resolves after ms. */
export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** A key prefix no other test (or suite sharing a REDIS_URL) uses. */
export function uniquePrefix(name: string): string {
  return `test:${name}:${process.pid}:${Math.random().toString(36).slice(2, 8)}:`;
}

/** bench/report-scale.ts waits for its Redis with this name; the tests use untilRedisReady. */
export { untilRedisReady as untilReady } from '../../helpers/redis.js';

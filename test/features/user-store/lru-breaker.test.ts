import { describe, expect, it } from 'vitest';
import { createBreaker, createLru, resolveStoreOptions } from '../../../src/features/user-store/index.js';

function clock() {
  const c = { t: 1_000, now: () => c.t };
  return c;
}

describe('createLru', () => {
  it('evicts the least recently used entry when full', () => {
    const lru = createLru<number>({ maxEntries: 2, ttlMs: 1000 });
    lru.set('a', 1);
    lru.set('b', 2);
    expect(lru.get('a')).toBe(1); // a is now the most recent
    lru.set('c', 3);
    expect(lru.get('b')).toBeUndefined();
    expect(lru.get('a')).toBe(1);
    expect(lru.get('c')).toBe(3);
    expect(lru.size).toBe(2);
  });

  it('forgets entries past their own expiry', () => {
    const c = clock();
    const lru = createLru<string>({ maxEntries: 10, ttlMs: 100, now: c.now });
    lru.set('short', 'x', 10);
    lru.set('long', 'y');
    c.t += 50;
    expect(lru.get('short')).toBeUndefined();
    expect(lru.get('long')).toBe('y');
    c.t += 60;
    expect(lru.get('long')).toBeUndefined();
    expect(lru.size).toBe(0);
  });

  it('stores nothing when its size is 0', () => {
    const lru = createLru<number>({ maxEntries: 0, ttlMs: 1000 });
    lru.set('a', 1);
    expect(lru.get('a')).toBeUndefined();
  });
});

describe('createBreaker', () => {
  it('opens after N consecutive failures, and a success in between resets the count', () => {
    const breaker = createBreaker({ failureThreshold: 3, coolDownMs: 100 });
    breaker.failure();
    breaker.failure();
    breaker.success();
    breaker.failure();
    breaker.failure();
    expect(breaker.snapshot().state).toBe('closed');
    breaker.failure();
    expect(breaker.snapshot()).toMatchObject({ state: 'open', opens: 1 });
    expect(breaker.allow()).toBe(false);
  });

  it('lets one trial through after the cool-down; success closes, failure reopens', () => {
    const c = clock();
    const breaker = createBreaker({ failureThreshold: 1, coolDownMs: 100, now: c.now });
    breaker.failure();
    c.t += 99;
    expect(breaker.allow()).toBe(false);
    c.t += 1;
    expect(breaker.allow()).toBe(true);
    expect(breaker.snapshot().state).toBe('half-open');
    expect(breaker.allow()).toBe(false); // only one trial at a time
    breaker.failure();
    expect(breaker.snapshot()).toMatchObject({ state: 'open', opens: 2 });
    c.t += 100;
    expect(breaker.allow()).toBe(true);
    breaker.success();
    expect(breaker.snapshot()).toMatchObject({ state: 'closed', consecutiveFailures: 0 });
    expect(breaker.allow()).toBe(true);
  });

  it('retries the trial when the first one never reported back', () => {
    const c = clock();
    const breaker = createBreaker({ failureThreshold: 1, coolDownMs: 100, now: c.now });
    breaker.failure();
    c.t += 100;
    expect(breaker.allow()).toBe(true);
    c.t += 100;
    expect(breaker.allow()).toBe(true);
  });
});

describe('resolveStoreOptions', () => {
  const origin = { get: async () => new Map() };
  it('fills the documented defaults', () => {
    expect(resolveStoreOptions({ origin, ttlSeconds: undefined })).toMatchObject({
      keyPrefix: 'mr:user:',
      ttlSeconds: 300,
      jitter: 0.1,
      l1Size: 10_000,
      breakerFailures: 5,
      breakerCoolDownMs: 5000,
    });
  });
  it('rejects values that would break the store quietly', () => {
    expect(() => resolveStoreOptions({ origin, jitter: 2 })).toThrow(/jitter/);
    expect(() => resolveStoreOptions({ origin, ttlSeconds: 0 })).toThrow(/ttlSeconds/);
    expect(() => resolveStoreOptions({ origin, breakerFailures: 0 })).toThrow(/breakerFailures/);
  });
});

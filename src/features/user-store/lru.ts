/**
 * A small in-process LRU with per-entry expiry, built on Map's insertion order (lru-cache is not a
 * dependency and this needs ~40 lines): a read re-inserts the entry so the oldest sits first, and
 * the first key is the one evicted.
 */

/** Size and lifetime limits of an LRU; `now` is injectable so expiry is testable without sleeping. */
export interface LruOptions {
  /** Most entries kept; 0 disables the cache. */
  maxEntries: number;
  /** Default lifetime of an entry in milliseconds. */
  ttlMs: number;
  now?: () => number;
}

/** A bounded map that forgets the least recently used entries and entries past their expiry. */
export interface Lru<V> {
  /** The live value for key (refreshing its recency), or undefined when absent or expired. */
  get(key: string): V | undefined;
  /** Stores value for ttlMs (default: the cache's ttl), evicting the least recently used entry when full. */
  set(key: string, value: V, ttlMs?: number): void;
  /** Forgets key. */
  delete(key: string): void;
  /** Number of entries held, expired ones included until they are touched or evicted. */
  readonly size: number;
}

/** Creates an empty LRU with the given limits. */
export function createLru<V>(options: LruOptions): Lru<V> {
  const now = options.now ?? Date.now;
  const entries = new Map<string, { value: V; expiresAt: number }>();
  return {
    get(key) {
      const entry = entries.get(key);
      if (!entry) return undefined;
      entries.delete(key);
      if (entry.expiresAt <= now()) return undefined;
      entries.set(key, entry);
      return entry.value;
    },
    set(key, value, ttlMs = options.ttlMs) {
      if (options.maxEntries <= 0 || ttlMs <= 0) return;
      entries.delete(key);
      entries.set(key, { value, expiresAt: now() + ttlMs });
      while (entries.size > options.maxEntries) {
        const oldest = entries.keys().next();
        if (oldest.done) break;
        entries.delete(oldest.value);
      }
    },
    delete(key) {
      entries.delete(key);
    },
    get size() {
      return entries.size;
    },
  };
}

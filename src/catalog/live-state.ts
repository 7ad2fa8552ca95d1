/**
 * A replica's account of the live catalog: for every item pushed or taken down through the API,
 * whether it is available, when it changed and at which version, and its upload time; the newest
 * uploads kept ranked for the `fresh` list. One per process, shared by every model served. The
 * features themselves are held once, by the models' catalogs (cut to the columns each reads), so
 * a million items are not held twice.
 */
import type { Upload } from '../candidates/live-lists.js';
import { type LiveItem, uploadTimeOf } from './records.js';

/** What a replica keeps of a live item. */
export interface LiveEntry {
  /** False once taken down. */
  available: boolean;
  createdAt: number;
  updatedAt: number;
  /** The version it was applied at (0: read from the hash). */
  version: number;
  /** Unix seconds (records.uploadTimeOf). */
  uploadTime: number;
}

/** Live uploads kept ranked: more than any fresh list holds. */
export const NEWEST_KEPT = 1000;

/** The live catalog of one replica. */
export interface LiveState {
  /** Items held (taken-down ones included). */
  readonly size: number;
  get(itemId: string): LiveEntry | undefined;
  /** False when the item is taken down: ranking never returns it. */
  isAvailable(itemId: string): boolean;
  /** Stores items (each replacing the one held), in order. */
  apply(items: readonly LiveItem[]): void;
  /** Forgets items no longer in Redis (a full reload found them gone); returns their ids. */
  retain(keep: ReadonlySet<string>): string[];
  /** Every item held: its id and entry, in the order first stored. */
  entries(): IterableIterator<[string, LiveEntry]>;
  /** The newest available uploads, newest first (at most NEWEST_KEPT). */
  newest(): readonly Upload[];
}

const byTime = (a: Upload, b: Upload) =>
  b.uploadTime - a.uploadTime || (a.itemId < b.itemId ? -1 : a.itemId > b.itemId ? 1 : 0);

/** An empty state. */
export function createLiveState(): LiveState {
  const held = new Map<string, LiveEntry>();
  /** Items taken down: a small set, so the check every candidate pays is cheap beside a million items. */
  const down = new Set<string>();
  // The newest uploads, kept sorted as items arrive; rebuilt from everything only when an item
  // leaves it while others wait outside (a takedown or an older upload time of a top item).
  let top: Upload[] = [];
  let stale = false;

  const place = (upload: Upload) => {
    if (top.length === NEWEST_KEPT && byTime(upload, top[NEWEST_KEPT - 1]!) >= 0) return;
    let lo = 0;
    let hi = top.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (byTime(top[mid]!, upload) < 0) lo = mid + 1;
      else hi = mid;
    }
    top.splice(lo, 0, upload);
    if (top.length > NEWEST_KEPT) top.pop();
  };

  const store = (item: LiveItem) => {
    const before = held.get(item.itemId);
    const available = item.features !== null;
    if (available) down.delete(item.itemId);
    else down.add(item.itemId);
    const uploadTime = uploadTimeOf(item);
    const { createdAt, updatedAt } = item;
    held.set(item.itemId, { available, createdAt, updatedAt, version: item.version ?? 0, uploadTime });
    const at = before ? top.findIndex((u) => u.itemId === item.itemId) : -1;
    if (at >= 0) top.splice(at, 1);
    const kept = top.length;
    if (available) place({ itemId: item.itemId, uploadTime });
    // A top item that left (or fell out) may leave room for one outside the list.
    if (at >= 0 && top.length <= kept && held.size - down.size > top.length) stale = true;
  };

  return {
    get size() {
      return held.size;
    },
    get: (itemId) => held.get(itemId),
    isAvailable: (itemId) => !down.has(itemId),
    apply(items) {
      for (const item of items) store(item);
    },
    retain(keep) {
      const gone: string[] = [];
      for (const id of held.keys()) {
        if (keep.has(id)) continue;
        gone.push(id);
        held.delete(id);
        down.delete(id);
      }
      if (gone.length > 0) stale = true;
      return gone;
    },
    entries: () => held.entries(),
    newest() {
      if (stale) {
        top = [];
        for (const [itemId, entry] of held)
          if (entry.available) place({ itemId, uploadTime: entry.uploadTime });
        stale = false;
      }
      return top;
    },
  };
}

/**
 * A replica's account of the live catalog: for every item pushed or taken down through the API,
 * whether it is available, when it changed and at which version, and its upload time; the newest
 * uploads kept ranked for the `fresh` list. One per process, shared by every model served. The
 * features themselves are held once, by the models' catalogs (cut to the columns each reads), so
 * a million items are not held twice.
 *
 * Held as columns by slot (util/slot-index.ts), not an object per item: a million items are a
 * Map of small integers and 33 bytes each, which the garbage collector does not walk item by item.
 */
import type { Upload } from '../candidates/live-lists.js';
import { createSlotIndex, withRoom } from '../util/slot-index.js';
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

/** The numbers of an entry, side by side in one Float64Array (one cache line an item). */
const CREATED = 0;
const UPDATED = 1;
const VERSION = 2;
const UPLOADED = 3;
const TIMES = 4;

/** An empty state. */
export function createLiveState(): LiveState {
  const held = createSlotIndex();
  /** 1 where the slot's item is available. */
  let available = new Uint8Array(0);
  let times = new Float64Array(0);
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

  const entryAt = (slot: number): LiveEntry => ({
    available: available[slot] === 1,
    createdAt: times[slot * TIMES + CREATED]!,
    updatedAt: times[slot * TIMES + UPDATED]!,
    version: times[slot * TIMES + VERSION]!,
    uploadTime: times[slot * TIMES + UPLOADED]!,
  });

  const store = (item: LiveItem) => {
    const known = held.slotOf(item.itemId) >= 0;
    const slot = held.add(item.itemId);
    available = withRoom(available, held.end);
    times = withRoom(times, held.end * TIMES);
    const isAvailable = item.features !== null;
    if (isAvailable) down.delete(item.itemId);
    else down.add(item.itemId);
    const uploadTime = uploadTimeOf(item);
    available[slot] = isAvailable ? 1 : 0;
    times.set([item.createdAt, item.updatedAt, item.version ?? 0, uploadTime], slot * TIMES);
    const at = known ? top.findIndex((u) => u.itemId === item.itemId) : -1;
    if (at >= 0) top.splice(at, 1);
    const kept = top.length;
    if (isAvailable) place({ itemId: item.itemId, uploadTime });
    // A top item that left (or fell out) may leave room for one outside the list.
    if (at >= 0 && top.length <= kept && held.size - down.size > top.length) stale = true;
  };

  return {
    get size() {
      return held.size;
    },
    get(itemId) {
      const slot = held.slotOf(itemId);
      return slot < 0 ? undefined : entryAt(slot);
    },
    isAvailable: (itemId) => !down.has(itemId),
    apply(items) {
      for (const item of items) store(item);
    },
    retain(keep) {
      const gone: string[] = [];
      for (const [id] of held.entries()) if (!keep.has(id)) gone.push(id);
      for (const id of gone) {
        held.remove(id);
        down.delete(id);
      }
      if (gone.length > 0) stale = true;
      return gone;
    },
    *entries() {
      for (const [id, slot] of held.entries()) yield [id, entryAt(slot)];
    },
    newest() {
      if (stale) {
        top = [];
        for (const [itemId, slot] of held.entries())
          if (available[slot] === 1) place({ itemId, uploadTime: times[slot * TIMES + UPLOADED]! });
        stale = false;
      }
      return top;
    },
  };
}

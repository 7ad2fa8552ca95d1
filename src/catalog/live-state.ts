/**
 * A replica's copy of the live catalog: every item pushed or taken down through the API, as the
 * change feed delivered it, and the newest uploads kept ranked for the `fresh` list. One per
 * process, shared by every model served (a hot swap re-applies it to the next model).
 */
import type { Upload } from '../candidates/live-lists.js';
import { type LiveItem, uploadTimeOf } from './records.js';

/** Live uploads kept ranked: more than any fresh list holds. */
export const NEWEST_KEPT = 1000;

/** The live catalog of one replica. */
export interface LiveState {
  /** Items held (taken-down ones included). */
  readonly size: number;
  get(itemId: string): LiveItem | undefined;
  /** False when the item is taken down: ranking never returns it. */
  isAvailable(itemId: string): boolean;
  /** Stores items (each replacing the one held), in order. */
  apply(items: readonly LiveItem[]): void;
  /** Forgets items no longer in Redis (a full reload found them gone); returns their ids. */
  retain(keep: ReadonlySet<string>): string[];
  /** Every item held, in the order first stored. */
  items(): IterableIterator<LiveItem>;
  /** The newest available uploads, newest first (at most NEWEST_KEPT). */
  newest(): readonly Upload[];
}

const byTime = (a: Upload, b: Upload) =>
  b.uploadTime - a.uploadTime || (a.itemId < b.itemId ? -1 : a.itemId > b.itemId ? 1 : 0);

/** An empty state. */
export function createLiveState(): LiveState {
  const held = new Map<string, LiveItem>();
  let removed = 0;
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
    if (before?.features === null) removed -= 1;
    if (item.features === null) removed += 1;
    held.set(item.itemId, item);
    const at = before ? top.findIndex((u) => u.itemId === item.itemId) : -1;
    if (at >= 0) top.splice(at, 1);
    const kept = top.length;
    if (item.features !== null) place({ itemId: item.itemId, uploadTime: uploadTimeOf(item) });
    // A top item that left (or fell out) may leave room for one outside the list.
    if (at >= 0 && top.length <= kept && held.size - removed > top.length) stale = true;
  };

  return {
    get size() {
      return held.size;
    },
    get: (itemId) => held.get(itemId),
    isAvailable: (itemId) => held.get(itemId)?.features !== null,
    apply(items) {
      for (const item of items) store(item);
    },
    retain(keep) {
      const gone: string[] = [];
      for (const [id, item] of held) {
        if (keep.has(id)) continue;
        gone.push(id);
        held.delete(id);
        if (item.features === null) removed -= 1;
      }
      if (gone.length > 0) stale = true;
      return gone;
    },
    items: () => held.values(),
    newest() {
      if (stale) {
        top = [];
        for (const item of held.values())
          if (item.features !== null) place({ itemId: item.itemId, uploadTime: uploadTimeOf(item) });
        stale = false;
      }
      return top;
    },
  };
}

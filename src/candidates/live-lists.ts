/**
 * The candidate index kept current without a rebuild: items pushed since the build are appended
 * (the generators can then return them; they have no co-watch, group or similar rows yet), and
 * the lists that do not depend on the request are recomputed: `fresh` with the new uploads,
 * `popular` and `trending` with the clicks since the build.
 *
 * Popular and trending use the build's decay (build/decay.ts) and counters (build/counters.ts),
 * so a list recomputed now equals the one a build over the log up to now would give for the items
 * the built list holds: the built scores are decayed clicks at the log's end, so they are decayed
 * on to now and the clicks since are added at their own age. The index stays the object serving
 * holds; only its id table grows and its lists are replaced, between requests (generation is
 * synchronous).
 */
import { ItemCounter, Vocabulary } from './build/counters.js';
import { DecayClock } from './build/decay.js';
import { ALL_SEGMENT } from './generators/ranked.js';
import type { CandidateIndex, RankedItems } from './types.js';

/** The lists an index was built with, kept before live lists replace them. */
export interface BuiltLists {
  popular: Map<string, RankedItems>;
  trending: Map<string, RankedItems>;
  fresh: RankedItems;
}

const built = new WeakMap<CandidateIndex, BuiltLists>();

/** The index's lists as built (taken the first time this is asked, before any is replaced). */
export function builtLists(index: CandidateIndex): BuiltLists {
  let lists = built.get(index);
  if (!lists) {
    lists = { popular: index.popular, trending: index.trending, fresh: index.fresh };
    built.set(index, lists);
  }
  return lists;
}

/** Appends the ids the index does not know yet, in order. */
export function appendItems(index: CandidateIndex, ids: Iterable<string>): void {
  builtLists(index);
  for (const id of ids) {
    if (index.indexOf.has(id)) continue;
    index.indexOf.set(id, index.itemIds.length);
    index.itemIds.push(id);
  }
}

/** Items per list, as the build kept them. */
export function listLength(index: CandidateIndex): number {
  return index.meta.listLength > 0 ? index.meta.listLength : 500;
}

/** The best `k` of item index → score, best first, ties by index (as the build orders). */
function topOf(scores: Map<number, number>, k: number): RankedItems {
  const order = [...scores.entries()]
    .filter(([, score]) => score > 0)
    .sort((a, b) => b[1] - a[1] || a[0] - b[0])
    .slice(0, k);
  return {
    items: Int32Array.from(order, ([item]) => item),
    scores: Float32Array.from(order, ([, score]) => score),
  };
}

/** A live item as the fresh list needs it. */
export interface Upload {
  itemId: string;
  /** Unix seconds. */
  uploadTime: number;
}

/**
 * `fresh` from the built list and the newest live uploads, newest first, scored in unix days as
 * the build scores it. Built entries the live catalog replaced (`live(id)`) give way to the live
 * upload time; items not `available` (taken down) are left out.
 */
export function freshList(
  index: CandidateIndex,
  uploads: Iterable<Upload>,
  live: (itemId: string) => boolean,
  available: (itemId: string) => boolean,
): RankedItems {
  const scores = new Map<number, number>();
  const base = builtLists(index).fresh;
  base.items.forEach((item, r) => {
    const id = index.itemIds[item] ?? '';
    if (!live(id) && available(id)) scores.set(item, base.scores[r] ?? 0);
  });
  for (const { itemId, uploadTime } of uploads) {
    const item = index.indexOf.get(itemId);
    if (item !== undefined && available(itemId)) scores.set(item, uploadTime / 86_400);
  }
  return topOf(scores, listLength(index));
}

/** Half-lives in days, as the index was built with. */
export interface HalfLives {
  popular: number;
  trending: number;
}

/**
 * Clicks since the index was built, per segment (`all`, `device:<name>`), each weighted by its
 * time as the build weighs it. Items are counted by id, so an item pushed after its first clicks
 * still collects them.
 */
export class ClickCounts {
  private readonly items = new Vocabulary();
  private readonly clocks: { popular: DecayClock; trending: DecayClock };
  private readonly counters = {
    popular: new Map<string, ItemCounter>(),
    trending: new Map<string, ItemCounter>(),
  };
  /** Clicks counted. */
  clicks = 0;

  /** Counts for an index built with `halfLives` over a log ending at `since` (unix seconds). */
  constructor(
    readonly halfLives: HalfLives,
    readonly since: number,
  ) {
    this.clocks = {
      popular: new DecayClock(halfLives.popular),
      trending: new DecayClock(halfLives.trending),
    };
  }

  /** Counts a click on `itemId` at `t` (unix seconds) from `device`; clicks the build already read are ignored. */
  add(itemId: string, device: string | null, t: number): void {
    if (!(t > this.since)) return;
    const item = this.items.add(itemId);
    const segments = device === null || device === '' ? [ALL_SEGMENT] : [ALL_SEGMENT, `device:${device}`];
    for (const kind of ['popular', 'trending'] as const) {
      const weight = this.clocks[kind].weight(t);
      for (const segment of segments) this.counter(kind, segment).add(item, weight);
    }
    this.clicks += 1;
  }

  /**
   * Popular and trending for `index` at `now` (unix seconds): the built lists decayed from the
   * log's end to now plus the clicks counted, per segment, items not `available` left out.
   */
  lists(
    index: CandidateIndex,
    now: number,
    available: (itemId: string) => boolean,
  ): Pick<BuiltLists, 'popular' | 'trending'> {
    const base = builtLists(index);
    const end = index.meta.lastTimestamp;
    const out = { popular: new Map<string, RankedItems>(), trending: new Map<string, RankedItems>() };
    for (const kind of ['popular', 'trending'] as const) {
      const halfLife = this.halfLives[kind] * 86_400;
      const aged = Number.isFinite(end) ? 2 ** (-Math.max(0, now - end) / halfLife) : 1;
      const factor = this.clocks[kind].factorAt(now);
      const segments = new Set([ALL_SEGMENT, ...base[kind].keys(), ...this.counters[kind].keys()]);
      for (const segment of [...segments].sort()) {
        const scores = new Map<number, number>();
        const list = base[kind].get(segment);
        list?.items.forEach((item, r) => {
          if (available(index.itemIds[item] ?? '')) scores.set(item, (list.scores[r] ?? 0) * aged);
        });
        const counter = this.counters[kind].get(segment);
        if (counter) {
          this.items.ids.forEach((id, j) => {
            const item = index.indexOf.get(id);
            if (item === undefined || !available(id)) return;
            scores.set(item, (scores.get(item) ?? 0) + counter.get(j) * factor);
          });
        }
        out[kind].set(segment, topOf(scores, listLength(index)));
      }
    }
    return out;
  }

  private counter(kind: 'popular' | 'trending', segment: string): ItemCounter {
    let counter = this.counters[kind].get(segment);
    if (!counter) {
      const created = new ItemCounter();
      this.clocks[kind].onRescale((factor) => created.scale(factor));
      this.counters[kind].set(segment, created);
      counter = created;
    }
    return counter;
  }
}

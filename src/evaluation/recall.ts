/**
 * Offline measure of the candidate stage: for held-out events (the lists generated for a request
 * and the item then clicked), how often each source and the merged list contained the click
 * within its first k, against the ceiling of clicks on items the index knows at all, and how much
 * of the catalogue the lists ever reach. The ranker can only pick what the candidates hold, so
 * these bound what any ranker can achieve.
 */

/** The lists generated for one held-out event, by name (each source and e.g. "merged"), best first. */
export type EventLists<T> = Readonly<Record<string, readonly T[]>>;

/** Recall, ceiling and coverage over a set of held-out events. */
export interface RecallReport {
  /** Held-out events measured. */
  events: number;
  /** The cut-offs measured. */
  ks: number[];
  /** List name → k → share of events whose clicked item is among that list's first k (0 without events). */
  recall: Record<string, Record<number, number>>;
  /** Share of events whose clicked item is in the catalogue at all: the ceiling of every recall. */
  ideal: number;
  /** List name → share of catalogue items that list proposed in any event (whole lists, not cut at k). */
  coverage: Record<string, number>;
  /** Catalogue size the coverage is a share of. */
  catalogueSize: number;
}

/** The recall@k cut-offs reported by default. */
export const DEFAULT_RECALL_KS: readonly number[] = [100, 500];

/**
 * Recall@k per list name for events `lists[i]` with clicked item `truths[i]`; a list missing
 * from an event counts as a miss there. `catalogue` is every item the index could propose.
 */
export function recallAtK<T>(
  lists: readonly EventLists<T>[],
  truths: readonly T[],
  catalogue: Iterable<T>,
  ks: readonly number[] = DEFAULT_RECALL_KS,
): RecallReport {
  if (lists.length !== truths.length) {
    throw new RangeError(`recallAtK: ${lists.length} event lists but ${truths.length} clicked items`);
  }
  for (const k of ks) {
    if (!Number.isSafeInteger(k) || k <= 0)
      throw new RangeError(`recallAtK: k must be a positive integer, got ${k}`);
  }
  const known = new Set(catalogue);
  const names = [...new Set(lists.flatMap((event) => Object.keys(event)))].sort();
  const hits = new Map(names.map((name) => [name, ks.map(() => 0)]));
  const proposed = new Map(names.map((name) => [name, new Set<T>()]));
  let inCatalogue = 0;

  lists.forEach((event, i) => {
    const truth = truths[i] as T;
    if (known.has(truth)) inCatalogue++;
    for (const name of names) {
      const list = event[name] ?? [];
      const seen = proposed.get(name);
      for (const item of list) if (known.has(item)) seen?.add(item);
      // The click's rank in this list decides every k at once.
      const rank = list.indexOf(truth);
      if (rank < 0) continue;
      const counts = hits.get(name) ?? [];
      ks.forEach((k, j) => {
        if (rank < k) counts[j] = (counts[j] ?? 0) + 1;
      });
    }
  });

  const share = (part: number, whole: number): number => (whole === 0 ? 0 : part / whole);
  const recall: Record<string, Record<number, number>> = {};
  const coverage: Record<string, number> = {};
  for (const name of names) {
    const counts = hits.get(name) ?? [];
    recall[name] = Object.fromEntries(ks.map((k, j) => [k, share(counts[j] ?? 0, lists.length)]));
    coverage[name] = share(proposed.get(name)?.size ?? 0, known.size);
  }
  return {
    events: lists.length,
    ks: [...ks],
    recall,
    ideal: share(inCatalogue, lists.length),
    coverage,
    catalogueSize: known.size,
  };
}

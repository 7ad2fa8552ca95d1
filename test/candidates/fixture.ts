/**
 * Builds a small CandidateIndex from plain objects, so tests read like the answers they expect:
 *   makeIndex({ items: ['a', 'b', 'c'], cowatch: { a: [['b', 3], ['c', 1]] }, topics: { music: ['b', 'a'] } })
 * Lists are given best first and kept in that order; items without a group get -1.
 */
import {
  CANDIDATE_INDEX_FORMAT,
  type CandidateIndex,
  type CandidateIndexMeta,
  type Csr,
  type RankedItems,
} from '../../src/candidates/types.js';

/** Neighbours as [item, score] pairs, best first. */
export type Neighbours = readonly (readonly [string, number])[];
/** A ranked list as ids (scores count down from the length) or as [id, score] pairs. */
export type List = readonly string[] | Neighbours;

/** The plain description of a test index. */
export interface IndexSpec {
  items: readonly string[];
  cowatch?: Record<string, Neighbours>;
  similar?: Record<string, Neighbours>;
  /** Group name → members, best quality first. */
  topics?: Record<string, readonly string[]>;
  creators?: Record<string, readonly string[]>;
  /** Segment → list. */
  popular?: Record<string, List>;
  trending?: Record<string, List>;
  fresh?: List;
}

function indexer(items: readonly string[]): (id: string) => number {
  const at = new Map(items.map((id, i) => [id, i]));
  return (id) => {
    const i = at.get(id);
    if (i === undefined) throw new Error(`fixture: unknown item "${id}"`);
    return i;
  };
}

function csr(rows: readonly Neighbours[]): Csr {
  const offsets = new Int32Array(rows.length + 1);
  rows.forEach((row, r) => {
    offsets[r + 1] = (offsets[r] ?? 0) + row.length;
  });
  const flat = rows.flat();
  return {
    offsets,
    targets: Int32Array.from(flat, ([id]) => Number(id)),
    scores: Float32Array.from(flat, ([, score]) => score),
  };
}

function ranked(list: List, at: (id: string) => number): RankedItems {
  const pairs: Neighbours = list.map((entry, i) =>
    typeof entry === 'string' ? [entry, list.length - i] : entry,
  );
  return {
    items: Int32Array.from(pairs, ([id]) => at(id)),
    scores: Float32Array.from(pairs, ([, score]) => score),
  };
}

/** Item rows of a neighbour table, with ids turned into index strings for `csr`. */
function itemRows(
  spec: IndexSpec,
  table: Record<string, Neighbours> | undefined,
  at: (id: string) => number,
) {
  const rows: Neighbours[] = spec.items.map(() => []);
  for (const [id, neighbours] of Object.entries(table ?? {})) {
    rows[at(id)] = neighbours.map(([n, s]) => [String(at(n)), s] as const);
  }
  return csr(rows);
}

/** Group rows plus the item → group array (an item in several groups keeps the first). */
function groupRows(
  spec: IndexSpec,
  table: Record<string, readonly string[]> | undefined,
  at: (id: string) => number,
) {
  const names = Object.keys(table ?? {});
  const of = new Int32Array(spec.items.length).fill(-1);
  const rows = names.map((name, g) =>
    (table?.[name] ?? []).map((id, i, all) => {
      if ((of[at(id)] ?? -1) < 0) of[at(id)] = g;
      return [String(at(id)), all.length - i] as const;
    }),
  );
  return { of, groups: csr(rows), names };
}

/** A CandidateIndex from a plain description (see IndexSpec). */
export function makeIndex(spec: IndexSpec): CandidateIndex {
  const at = indexer(spec.items);
  const topics = groupRows(spec, spec.topics, at);
  const creators = groupRows(spec, spec.creators, at);
  const segments = (table: Record<string, List> | undefined) =>
    new Map(Object.entries(table ?? {}).map(([segment, list]) => [segment, ranked(list, at)]));
  const meta = { format: CANDIDATE_INDEX_FORMAT } as CandidateIndexMeta;
  return {
    format: CANDIDATE_INDEX_FORMAT,
    itemIds: [...spec.items],
    indexOf: new Map(spec.items.map((id, i) => [id, i])),
    cowatch: itemRows(spec, spec.cowatch, at),
    similar: itemRows(spec, spec.similar, at),
    topicOf: topics.of,
    topics: topics.groups,
    topicNames: topics.names,
    creatorOf: creators.of,
    creators: creators.groups,
    creatorNames: creators.names,
    popular: segments(spec.popular),
    trending: segments(spec.trending),
    fresh: ranked(spec.fresh ?? [], at),
    meta,
  };
}

/** Item ids of a generator's answer, best first. */
export function ids(index: CandidateIndex, list: RankedItems): string[] {
  return Array.from(list.items, (i) => index.itemIds[i] ?? `?${i}`);
}

/** [id, score] pairs of a generator's answer, scores rounded to 4 places (Float32 storage). */
export function pairs(index: CandidateIndex, list: RankedItems): [string, number][] {
  return Array.from(list.items, (i, p) => [
    index.itemIds[i] ?? `?${i}`,
    Math.round((list.scores[p] ?? 0) * 1e4) / 1e4,
  ]);
}

/**
 * The candidate stage's shared shapes. The index is built offline from logs
 * (`multirank candidates build`, src/candidates/build/) and loaded by serving; generators
 * (src/candidates/generators/) read it and the merge (src/candidates/merge.ts) combines their
 * lists. Everything is compact typed arrays over item indices 0..n-1; `itemIds` maps back to ids.
 */

/** Format tag of index.json. */
export const CANDIDATE_INDEX_FORMAT = 'multirank.candidates/1';

/** The generator names; results say which of these produced each item. */
export const CANDIDATE_SOURCES = [
  'cowatch',
  'topic',
  'creator',
  'history',
  'popular',
  'trending',
  'fresh',
] as const;
/** One of CANDIDATE_SOURCES. */
export type CandidateSource = (typeof CANDIDATE_SOURCES)[number];

/**
 * A compressed sparse row list: row r's entries are targets[offsets[r] .. offsets[r+1]) with
 * their scores, best first. Used for item → co-watched items, item → similar items and
 * group (topic, creator) → member items.
 */
export interface Csr {
  offsets: Int32Array;
  targets: Int32Array;
  scores: Float32Array;
}

/** A ranked list of item indices with scores, best first (popular, trending, fresh). */
export interface RankedItems {
  items: Int32Array;
  scores: Float32Array;
}

/** The loaded candidate index. */
export interface CandidateIndex {
  format: typeof CANDIDATE_INDEX_FORMAT;
  /** Item index → public id. */
  itemIds: string[];
  /** Public id → item index (built at load, not stored). */
  indexOf: Map<string, number>;
  /** Item → items watched after or with it: decayed co-click counts normalised against popularity. */
  cowatch: Csr;
  /** Item → items nearest in the item embedding space (cosine), for the history generator. */
  similar: Csr;
  /** Item → topic group index, −1 when unknown; topic group → members ordered by quality. */
  topicOf: Int32Array;
  topics: Csr;
  topicNames: string[];
  /** Item → creator group index, −1 when unknown; creator group → members ordered by quality. */
  creatorOf: Int32Array;
  creators: Csr;
  creatorNames: string[];
  /** Popular (decayed clicks over the whole log) and trending (short half-life) lists by segment: "all", "device:mobile", ... */
  popular: Map<string, RankedItems>;
  trending: Map<string, RankedItems>;
  /** Most recent uploads first (exploration and cold start). */
  fresh: RankedItems;
  /** What the index was built from and with, as written to index.json. */
  meta: CandidateIndexMeta;
}

/** index.json: everything but the arrays, which sit beside it as little-endian binary files. */
export interface CandidateIndexMeta {
  format: typeof CANDIDATE_INDEX_FORMAT;
  createdAt: string;
  log: string;
  items: string | null;
  /** Impressions and clicks read from the log. */
  impressions: number;
  clicks: number;
  /** Log time range (unix seconds) and the time decay applied, as half-lives in days. */
  firstTimestamp: number;
  lastTimestamp: number;
  halfLifeDays: { popular: number; trending: number; cowatch: number };
  /** Neighbours kept per item (co-watch, similar) and items kept per ranked list. */
  neighboursPerItem: number;
  listLength: number;
  /** How group members were ordered (absent in indexes built before the option existed: smoothed CTR). */
  groupOrder?: 'clicks' | 'ctr';
  /** Item embeddings for `similar`: how they were fitted. */
  embeddings: { method: string; dim: number; epochs: number };
  /** The binary files and their element counts (for a size check on load). */
  arrays: Record<string, { type: 'int32' | 'float32'; length: number }>;
}

/** What a request gives the generators. */
export interface CandidateRequest {
  userId: string;
  /** The item being watched, when any. */
  currentItem?: string;
  /** The user's recent watches, newest first (request context, or the Redis history once serving has it). */
  recentItems?: string[];
  /** Items to leave out: just watched or dismissed. */
  exclude?: string[];
  /** Segment keys for popular/trending, most specific first, e.g. ["device:tv"]; "all" is always the fallback. */
  segments?: string[];
}

/** One merged candidate with every source that proposed it. */
export interface Candidate {
  itemId: string;
  sources: CandidateSource[];
  /** The best per-source score seen (for ordering within the cap; the ranker decides the real order). */
  score: number;
}

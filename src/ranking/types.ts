/**
 * The ranking core's request and result shapes. They mirror `POST /v1/rank` minus what belongs to
 * HTTP (request id, experiment assignment): the route maps its body onto `RankInput`.
 */

import type { CombinableHead } from '../combination/parse.js';
import type { CombinationProfile } from '../combination/schema.js';
import type { RawRecord } from '../data/records.js';
import type { EngineName } from '../engine/names.js';

/** One candidate to score; `features` override the catalog's values for this request only. */
export interface RankCandidate {
  itemId: string;
  features?: RawRecord | undefined;
  /** The generators (or callers) that proposed the item; merged when the item repeats. */
  sources?: readonly string[] | undefined;
}

/** A ranking request: who, in which context, which candidates. */
export interface RankInput {
  userId: string;
  /** The user's feature record (from the user feature store); undefined when none is known. */
  user?: RawRecord | undefined;
  /** Request context: device, current_item_id, recent_items, any context feature. */
  context?: RawRecord | undefined;
  candidates: readonly RankCandidate[];
}

/** The policies for candidates missing from the item catalog; the first is the default. */
export const UNKNOWN_ITEM_POLICIES = ['default', 'reject'] as const;

/** What to do with a candidate missing from the item catalog. */
export type UnknownItemPolicy = (typeof UNKNOWN_ITEM_POLICIES)[number];

/** Per-call options. */
export interface RankOptions {
  /** Items returned (default 20, at most the number of distinct candidates). */
  limit?: number | undefined;
  /** Adds each item's head contributions, the profile and the request's user features. */
  explain?: boolean | undefined;
  /**
   * `default` (the default): rank with the item features missing and mark the item `unknown`;
   * `reject`: fail with BAD_REQUEST naming `candidates[i].itemId`. Applies only with a catalog.
   */
  unknownItems?: UnknownItemPolicy | undefined;
}

/**
 * Why an item scored what it did, per head the profile weighs: w·f(p) in the sum form (the terms
 * add up to the score), w·log max(f(p), ε) in the product form (they add up to log(score)).
 */
export interface ItemExplanation {
  contributions: Record<string, number>;
}

/** One ranked item. */
export interface RankedItem {
  itemId: string;
  /** The profile's combined score (Σ w_k·f_k(p_k), or Π f_k(p_k)^w_k for the product form). */
  score: number;
  /** Per-head predictions in label units: probabilities, and regression heads in their label's units. */
  heads: Record<string, number>;
  /** Present when the candidate carried sources. */
  sources?: string[];
  /** Present (true) when the item is not in the catalog and was ranked with default item features. */
  unknown?: true;
  explanation?: ItemExplanation;
}

/** The request-level part of an explanation. */
export interface RankExplanation {
  /** The profile the scores were combined with (as checked: heads left out weigh 0). */
  profile: CombinationProfile;
  /** Each user-source feature's value as the encoder read it (null when missing). */
  userFeatures: Record<string, unknown>;
}

/** The ranked list. */
export interface RankResult {
  /** The model bundle's name. */
  model: string;
  items: RankedItem[];
  /** Present with `explain: true`. */
  explanation?: RankExplanation;
}

/** A ranker bound to one model bundle and item catalog. */
export interface Ranker {
  /** The model's heads, in output order (what profiles may name), with their training transforms. */
  readonly heads: readonly CombinableHead[];
  /** What runs the network: ONNX Runtime or TF.js (named by /readyz, /metrics and the logs). */
  readonly engine: EngineName;
  /** Throws MultirankError('BAD_REQUEST') naming the field when `profile` does not fit the heads. */
  check(profile: CombinationProfile): void;
  /**
   * Scores, combines by `profile` and sorts the candidates; throws MultirankError('BAD_REQUEST')
   * on bad input, a profile that does not fit the heads included (`profile.weights.x: ...`).
   */
  rank(request: RankInput, profile: CombinationProfile, options?: RankOptions): Promise<RankResult>;
}

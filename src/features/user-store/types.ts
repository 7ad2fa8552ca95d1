/**
 * The vocabulary of the user feature store: where features come from (an origin), which layer
 * answered, and what a caller gets back. Kept apart from the implementations so the ranker and
 * the HTTP layer depend on these names only.
 */
import type { RawRecord } from '../../data/records.js';

/** One user's raw attributes, as the feature encoder expects them (it fills defaults for gaps). */
export type UserFeatures = RawRecord;

/** The source of truth for user features: a user table file or a feature service. */
export interface UserFeatureOrigin {
  /** Features for the ids it knows; unknown users are absent from the map. Throws when the origin failed. */
  get(ids: string[]): Promise<Map<string, UserFeatures>>;
}

/** The layers a lookup can be answered from, fastest first. */
export const FEATURE_LAYERS = ['l1', 'pushed', 'redis', 'origin', 'default'] as const;

/**
 * Which layer answered: in-process cache, features pushed through `PUT /v1/users/:userId`
 * (authoritative, in Redis without expiry), the Redis cache of the origin, the origin, or nothing
 * (empty defaults).
 */
export type FeatureLayer = (typeof FEATURE_LAYERS)[number];

/** What Redis holds for an id and from which of its two layers. */
export interface CachedEntry {
  value: CachedUser;
  layer: 'pushed' | 'redis';
}

/** A user's features together with the layer they came from (shown by `explain: true`). */
export interface ResolvedUser {
  features: UserFeatures;
  layer: FeatureLayer;
}

/** What a cache holds for an id: the features, or null for "known to be unknown" (negative entry). */
export type CachedUser = UserFeatures | null;

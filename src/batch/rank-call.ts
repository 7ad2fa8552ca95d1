/**
 * The one place the batch scorer meets the ranker: which profile it combines the heads with, and
 * the `ranker.rank` call itself, made exactly as the rank service makes it for `POST /v1/rank`
 * (src/serving/rank-service.ts) so that offline and online scores agree.
 */

import { type CombinableHead, defaultProfile, parseProfile } from '../combination/parse.js';
import type { CombinationProfile } from '../combination/schema.js';
import type { RawRecord } from '../data/records.js';
import type { Ranker, RankResult, UnknownItemPolicy } from '../ranking/types.js';
import type { BatchRequest, ProfileChoice } from './types.js';

/**
 * The profile to score under: `--profile` (JSON) or `--weights` / MULTIRANK_WEIGHTS (the shorthand
 * `click=1,like=0.5`, a sum) checked against the heads, else the model's default (click=1) as serving.
 */
export function batchProfile(choice: ProfileChoice, heads: readonly CombinableHead[]): CombinationProfile {
  return choice === null ? defaultProfile(heads) : parseProfile(choice.input, heads, choice.field);
}

/** Ranks every candidate of `request` (repeats collapse, as online); throws MultirankError on bad input. */
export function rankAll(
  ranker: Ranker,
  request: BatchRequest,
  user: RawRecord | undefined,
  profile: CombinationProfile,
  unknownItems: UnknownItemPolicy,
): Promise<RankResult> {
  const { userId, context, candidates } = request;
  return ranker.rank({ userId, user, context: { ...context }, candidates }, profile, {
    limit: candidates.length,
    unknownItems,
  });
}

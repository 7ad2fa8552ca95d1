/**
 * The ranking core behind `POST /v1/rank`: candidates → feature rows (the training encoder's
 * path) → one model call → per-head predictions → combination profile → sorted top-k.
 *
 * Scores combine the heads through compileProfile (src/combination/compile.ts), exactly as
 * `multirank evaluate --profile` combines them offline, so profiles tuned offline mean the same
 * online. Heads are reported in label units (expm1 for log1p heads).
 */

import { type Combination, compileProfile } from '../combination/compile.js';
import type { CombinationProfile } from '../combination/schema.js';
import { cell } from '../data/records.js';
import { MultirankError } from '../errors.js';
import { type RequestView, rowFromRequest } from '../features/rows.js';
import type { ModelBundle } from '../model/bundle.js';
import { collapseCandidates, type DistinctCandidate } from './collapse.js';
import type { ItemCatalog } from './item-catalog.js';
import { createLiveCatalog, gatherJob, isLiveCatalog } from './live-catalog.js';
import { type HeadPredictions, toLabelSpace } from './predict-heads.js';
import type { ScoreJob, Scorer } from './scorer.js';
import {
  type RankExplanation,
  type RankedItem,
  type Ranker,
  type RankInput,
  type RankOptions,
  UNKNOWN_ITEM_POLICIES,
} from './types.js';

/** Items returned when a request sets no limit. */
export const DEFAULT_LIMIT = 20;

/** The number of items to return: `limit` (default 20) capped at the number of candidates. */
export function resolveLimit(limit: number | undefined, candidates: number): number {
  if (limit !== undefined && !(Number.isInteger(limit) && limit >= 1)) {
    throw new MultirankError('BAD_REQUEST', `limit: expected an integer >= 1, got ${limit}`);
  }
  return Math.min(limit ?? DEFAULT_LIMIT, candidates);
}

/**
 * A ranker over one bundle's serving model, scored by `scorer` (in-thread or a worker pool). With a
 * catalog, candidates' item features come from it and ids missing from it follow
 * `options.unknownItems`; without one (null), item features come only from each candidate's
 * `features` and no item counts as unknown. A plain catalog (a table) is encoded here once; a
 * served model's live catalog already is.
 */
export function createRanker(bundle: ModelBundle, catalog: ItemCatalog | null, scorer: Scorer): Ranker {
  const { fitted } = bundle;
  const tasks = fitted.tasks;
  const heads = tasks.map((t) => ({ name: t.name, kind: t.kind, transform: t.transform }));
  const userSpecs = fitted.features.filter((f) => f.spec.source === 'user').map((f) => f.spec);
  const items = catalog && (isLiveCatalog(catalog) ? catalog : createLiveCatalog(catalog, fitted));

  /** Each distinct candidate as a job (one catalog probe each, its row copied out), and whether the catalog lacks it. */
  const lookUp = (distinct: DistinctCandidate[], options: RankOptions) => {
    const unknown: boolean[] = [];
    const slots = new Int32Array(distinct.length);
    const candidates: ScoreJob['candidates'] = distinct.map(({ candidate, index }, i) => {
      const slot = items ? items.slotOf(candidate.itemId) : -1;
      const missing = items !== null && slot < 0;
      if (missing && options.unknownItems === 'reject') {
        throw new MultirankError(
          'BAD_REQUEST',
          `candidates[${index}].itemId: unknown item "${candidate.itemId}" (not in the item catalog)`,
        );
      }
      unknown.push(missing);
      slots[i] = slot;
      return { itemId: candidate.itemId, features: candidate.features, index };
    });
    return { job: { candidates, items: items && gatherJob(items, candidates, slots) }, unknown };
  };

  const explainUser = (view: RequestView): Record<string, unknown> => {
    const { user } = rowFromRequest(fitted.layout, view, { itemId: '' }, 0);
    return Object.fromEntries(userSpecs.map((spec) => [spec.name, cell(user, spec.column) ?? null]));
  };

  // Profiles come from config and experiment definitions, the same objects request after request:
  // check and compile each once per ranker, not on every call.
  const compiled = new WeakMap<CombinationProfile, Combination>();
  const combinationFor = (profile: CombinationProfile): Combination => {
    let combination = compiled.get(profile);
    if (!combination) {
      combination = compileProfile(profile, heads);
      compiled.set(profile, combination);
    }
    return combination;
  };

  return {
    heads,
    check(profile: CombinationProfile) {
      combinationFor(profile);
    },
    engine: scorer.engine,
    async rank(request: RankInput, profile: CombinationProfile, options: RankOptions = {}) {
      const combination = combinationFor(profile);
      if (typeof request.userId !== 'string' || request.userId === '') {
        throw new MultirankError('BAD_REQUEST', 'userId: expected a non-empty string');
      }
      if (options.unknownItems !== undefined && !UNKNOWN_ITEM_POLICIES.includes(options.unknownItems)) {
        throw new MultirankError(
          'BAD_REQUEST',
          `unknownItems: expected default | reject, got "${options.unknownItems}"`,
        );
      }
      const distinct = collapseCandidates(request.candidates);
      const limit = resolveLimit(options.limit, distinct.length);
      const view: RequestView = { userId: request.userId, context: request.context, user: request.user };
      const { job, unknown } = lookUp(distinct, options);
      const { candidates } = job;
      // A bad value fails the request naming candidates[i] and the column.
      const model =
        candidates.length > 0 ? await scorer.score({ view, ...job }) : tasks.map(() => new Float32Array(0));
      const predictions: HeadPredictions = {
        model,
        label: model.map((values, k) => toLabelSpace(tasks[k]!, values)),
      };
      const scores = combination.scores(predictions.model, candidates.length);
      const order = Array.from(scores.keys()).sort((a, b) => byScore(scores, a, b));
      const items = order
        .slice(0, limit)
        .map((r) =>
          rankedItem(
            distinct[r]!,
            r,
            scores[r]!,
            unknown[r]!,
            predictions,
            options.explain ? combination : null,
          ),
        );
      const explanation: RankExplanation | undefined = options.explain
        ? { profile: combination.profile, userFeatures: explainUser(view) }
        : undefined;
      return { model: bundle.manifest.name, items, ...(explanation ? { explanation } : {}) };
    },
  };

  function rankedItem(
    distinct: DistinctCandidate,
    r: number,
    score: number,
    unknown: boolean,
    predictions: HeadPredictions,
    combination: Combination | null,
  ): RankedItem {
    const item: RankedItem = {
      itemId: distinct.candidate.itemId,
      score,
      heads: Object.fromEntries(tasks.map((t, k) => [t.name, predictions.label[k]![r]!])),
    };
    if (distinct.sources) item.sources = distinct.sources;
    if (unknown) item.unknown = true;
    if (combination) item.explanation = { contributions: combination.contributions(predictions.model, r) };
    return item;
  }
}

/** Higher score first; equal scores (and NaN, placed last) keep the request's order. */
function byScore(scores: Float64Array, a: number, b: number): number {
  const sa = Number.isNaN(scores[a]!) ? -Infinity : scores[a]!;
  const sb = Number.isNaN(scores[b]!) ? -Infinity : scores[b]!;
  return sb - sa || a - b;
}

export type {
  RankCandidate,
  RankExplanation,
  RankedItem,
  Ranker,
  RankInput,
  RankOptions,
  RankResult,
  UnknownItemPolicy,
} from './types.js';
export { UNKNOWN_ITEM_POLICIES } from './types.js';

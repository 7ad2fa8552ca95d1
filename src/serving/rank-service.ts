/**
 * One ranking request end to end, independent of HTTP: pin the active model, read the user's
 * features (L1 → Redis → origin) and real-time history (Redis) together, fill the candidate list
 * from the generators when the caller sent none, leave out items taken down (the live catalog),
 * then score, combine and cut to `limit`.
 */
import { generateCandidates } from '../candidates/generate.js';
import type { CandidateRequest } from '../candidates/types.js';
import type { CombinationProfile } from '../combination/schema.js';
import type { RawRecord } from '../data/records.js';
import { MultirankError } from '../errors.js';
import type { HistoryStore, UserHistory } from '../events/history-store.js';
import type { ForcedVariant } from '../experiments/definitions.js';
import type { ExperimentService } from '../experiments/store.js';
import type { Assignment } from '../experiments/types.js';
import type { FeatureLayer, UserFeatureStore } from '../features/user-store/index.js';
import type { ServedModel } from '../ranking/served-model.js';
import type { RankCandidate, RankResult, UnknownItemPolicy } from '../ranking/types.js';
import type { ModelRegistry } from './model-registry.js';

/** The request-context keys serving itself reads (the model may read any others). */
export interface ContextKeys {
  /** The item being watched: the generators' anchor and excluded from the answer. */
  currentItem: string;
  /** The device: popular/trending segment `device:<value>`. */
  device: string;
  /** The recent watches, newest first: filled from the Redis history when the request omits it. */
  history: string;
}

/** A rank request as the route hands it over (already schema-checked). */
export interface RankRequest {
  userId: string;
  context?: Record<string, unknown> | undefined;
  candidates?: { itemId: string; features?: Record<string, unknown> | undefined }[] | undefined;
  limit?: number | undefined;
  explain?: boolean | undefined;
  unknownItems?: UnknownItemPolicy | undefined;
  /** Forces a variant (QA); otherwise the user's assignment decides. */
  experiment?: { id: string; variant: string } | undefined;
}

/** The ranked answer, before the route adds the request id. */
export interface RankResponse extends Omit<RankResult, 'explanation'> {
  /** How many distinct candidates were scored. */
  candidates: number;
  /** The experiment and variant whose profile ranked the request, when the user is in one. */
  experiment?: { id: string; variant: string; forced: boolean };
  explanation?: NonNullable<RankResult['explanation']> & {
    userFeatureSource: FeatureLayer;
    historySource: UserHistory['source'];
    /** The history items the request used (from the context or Redis). */
    history: string[];
  };
}

/** What the rank service is built from. */
export interface RankServiceOptions {
  registry: ModelRegistry;
  users: UserFeatureStore;
  history: HistoryStore;
  contextKeys: ContextKeys;
  /** The combination profile for a model (config or the model's default), resolved per model version. */
  profileFor: (model: ServedModel) => CombinationProfile;
  unknownItems: UnknownItemPolicy;
  /** Experiment assignment; without it every request ranks with the model's profile. */
  experiments?: Pick<ExperimentService, 'assign'>;
  /** Called when a variant's profile does not fit the served model and the default ranked instead. */
  onProfileMismatch?: (assignment: Assignment, error: Error) => void;
  /** False for items taken down (the live catalog): never ranked, whether sent or generated. */
  isAvailable?: (itemId: string) => boolean;
}

/** Ranks requests against whichever model is active when each request starts. */
export interface RankService {
  rank(request: RankRequest): Promise<RankResponse>;
}

/** Builds the service. */
export function createRankService(options: RankServiceOptions): RankService {
  const keys = options.contextKeys;
  return {
    async rank(request) {
      const [users, history] = await Promise.all([
        options.users.getMany([request.userId]),
        options.history.read(request.userId),
      ]);
      const user = users.get(request.userId);
      const context: Record<string, unknown> = { ...request.context };
      // The request's own history wins: the caller may know of watches not yet sent as events.
      if (context[keys.history] === undefined && history.watched.length > 0)
        context[keys.history] = history.watched;
      const usedHistory = stringList(context[keys.history]);

      const force = request.experiment
        ? { experimentId: request.experiment.id, variant: request.experiment.variant }
        : undefined;
      const assignment = assign(request.userId, force);

      return options.registry.use(async (model) => {
        const proposed =
          request.candidates ?? generated(model, request.userId, context, usedHistory, history);
        const available = options.isAvailable;
        const candidates = available ? proposed.filter((c) => available(c.itemId)) : proposed;
        const chosen = chooseProfile(model, assignment);
        const result = await model.ranker.rank(
          { userId: request.userId, user: user?.features, context, candidates },
          chosen.profile,
          {
            limit: request.limit,
            explain: request.explain,
            unknownItems: request.unknownItems ?? options.unknownItems,
          },
        );
        const count = new Set(candidates.map((c) => c.itemId)).size;
        const response: RankResponse = { model: model.version, candidates: count, items: result.items };
        if (chosen.assignment) {
          const { experimentId: id, variant, forced } = chosen.assignment;
          response.experiment = { id, variant, forced };
        }
        if (result.explanation) {
          response.explanation = {
            ...result.explanation,
            userFeatureSource: user?.layer ?? 'default',
            historySource: history.source,
            history: usedHistory,
          };
        }
        return response;
      });
    },
  };

  /** The user's assignment; a forced unknown experiment or variant is a 400 naming the request's field. */
  function assign(userId: string, force: ForcedVariant | undefined): Assignment | null {
    try {
      return options.experiments?.assign(userId, force, 'experiment') ?? null;
    } catch (error) {
      // The assigner names its own key (experimentId); the request calls it `experiment.id`.
      if (error instanceof MultirankError) {
        throw new MultirankError(
          error.code,
          error.message.replace('experiment.experimentId:', 'experiment.id:'),
        );
      }
      throw error;
    }
  }

  /**
   * The variant's profile when it fits the served model, else the model's own. A variant naming a
   * head the model lacks (say, after a hot swap to a model without it) must not fail users'
   * requests: they rank with the default, the response carries no experiment (so no variant is
   * credited with them) and the mismatch is reported.
   */
  function chooseProfile(
    model: ServedModel,
    assignment: Assignment | null,
  ): { profile: CombinationProfile; assignment: Assignment | null } {
    if (assignment) {
      try {
        model.ranker.check(assignment.profile);
        return { profile: assignment.profile, assignment };
      } catch (error) {
        options.onProfileMismatch?.(assignment, error as Error);
      }
    }
    return { profile: options.profileFor(model), assignment: null };
  }

  function generated(
    model: ServedModel,
    userId: string,
    context: RawRecord,
    recent: string[],
    history: UserHistory,
  ): RankCandidate[] {
    if (!model.candidates) {
      throw new MultirankError(
        'BAD_REQUEST',
        `candidates: required, because model ${model.version} ships no candidate index (candidates/)`,
      );
    }
    const currentItem = textOf(context[keys.currentItem]);
    const device = textOf(context[keys.device]);
    const request: CandidateRequest = {
      userId,
      recentItems: recent,
      // Just watched or dismissed: showing them again is the classic watch-next annoyance.
      exclude: [...recent, ...history.dismissed],
      ...(currentItem ? { currentItem } : {}),
      ...(device ? { segments: [`device:${device}`] } : {}),
    };
    return generateCandidates(model.candidates, request).map((c) => ({
      itemId: c.itemId,
      sources: c.sources,
    }));
  }
}

function textOf(value: unknown): string | undefined {
  if (typeof value === 'string' && value !== '') return value;
  if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  return undefined;
}

function stringList(value: unknown): string[] {
  if (Array.isArray(value)) return value.map(textOf).filter((v): v is string => v !== undefined);
  if (typeof value === 'string' && value !== '') return value.split('|');
  return [];
}

/** POST /v1/rank: request and response bodies. */
import { type Static, Type } from '@sinclair/typebox';
import { CombinationProfileSchema } from '../../combination/schema.js';
import { FEATURE_LAYERS } from '../../features/user-store/types.js';
import { UNKNOWN_ITEM_POLICIES } from '../../ranking/types.js';

const FeatureValues = Type.Record(Type.String(), Type.Unknown(), {
  description: 'Feature values by column: strings, numbers, or arrays of ids for bag features.',
});

const Candidate = Type.Object({
  itemId: Type.String({ minLength: 1, maxLength: 256 }),
  features: Type.Optional(
    Type.Record(Type.String(), Type.Unknown(), {
      description: "Per-candidate item or context values; they override the item catalog's.",
    }),
  ),
});

/**
 * A request the shipped model (models/default) answers with 200: real item ids and context values
 * of that bundle (i99 overrides its catalog duration), so Swagger UI's "Try it out" works as is.
 */
export const RANK_REQUEST_EXAMPLE = {
  userId: 'u42',
  context: { device: 'tv', current_item_id: 'i17' },
  candidates: [{ itemId: 'i3' }, { itemId: 'i8' }, { itemId: 'i99', features: { duration_seconds: 300 } }],
  limit: 2,
};

/** What the shipped model answers to RANK_REQUEST_EXAMPLE (scores rounded). */
export const RANK_REPLY_EXAMPLE = {
  requestId: '22ff9197-ee86-4a32-8b9d-4d0db4d34297',
  model: 'default',
  candidates: 3,
  items: [
    {
      itemId: 'i3',
      score: 0.0955,
      heads: { click: 0.0955, watch: 0.6265, like: 0.0275, dismiss: 0.0041, rating: 3.6141 },
    },
    {
      itemId: 'i99',
      score: 0.0898,
      heads: { click: 0.0898, watch: 0.6042, like: 0.0186, dismiss: 0.0048, rating: 3.704 },
    },
  ],
};

/** The rank request; `maxCandidates` comes from MULTIRANK_MAX_CANDIDATES. */
export function rankBody(maxCandidates: number) {
  return Type.Object(
    {
      userId: Type.String({ minLength: 1, maxLength: 256 }),
      context: Type.Optional(FeatureValues),
      candidates: Type.Optional(
        Type.Array(Candidate, {
          minItems: 1,
          maxItems: maxCandidates,
          description: `Items to rank (at most ${maxCandidates}; repeats are collapsed). Omit to let the candidate generators fill the list.`,
        }),
      ),
      limit: Type.Optional(Type.Integer({ minimum: 1, description: 'Items returned; default 20.' })),
      explain: Type.Optional(
        Type.Boolean({ description: 'Add head contributions and the user features used.' }),
      ),
      unknownItems: Type.Optional(
        Type.Union(
          UNKNOWN_ITEM_POLICIES.map((p) => Type.Literal(p)),
          {
            description: 'Candidates missing from the item catalog: rank with defaults and flag, or reject.',
          },
        ),
      ),
      experiment: Type.Optional(
        Type.Object(
          { id: Type.String({ minLength: 1 }), variant: Type.String({ minLength: 1 }) },
          { description: "Force this experiment variant (QA); otherwise the user's assignment decides." },
        ),
      ),
    },
    { $id: 'RankRequest', title: 'RankRequest', examples: [RANK_REQUEST_EXAMPLE] },
  );
}
export type RankBody = Static<ReturnType<typeof rankBody>>;

const RankedItem = Type.Object({
  itemId: Type.String(),
  score: Type.Number({ description: "The profile's combined score (see docs/combination.md)." }),
  heads: Type.Record(Type.String(), Type.Number(), { description: 'Per-head predictions in label units.' }),
  sources: Type.Optional(
    Type.Array(Type.String(), { description: 'Candidate generators that proposed it.' }),
  ),
  unknown: Type.Optional(
    Type.Boolean({ description: 'Not in the item catalog: ranked with default item features.' }),
  ),
  explanation: Type.Optional(
    Type.Object(
      { contributions: Type.Record(Type.String(), Type.Number()) },
      { additionalProperties: false },
    ),
  ),
});

const rankReplyProperties = {
  requestId: Type.String(),
  model: Type.String({ description: 'The model version that scored the request.' }),
  candidates: Type.Integer({ description: 'Distinct candidates scored.' }),
  experiment: Type.Optional(
    Type.Object(
      { id: Type.String(), variant: Type.String(), forced: Type.Boolean() },
      {
        description: 'The experiment variant whose profile ranked the request (absent outside experiments).',
      },
    ),
  ),
  items: Type.Array(RankedItem),
  explanation: Type.Optional(
    Type.Object({
      profile: CombinationProfileSchema,
      userFeatures: Type.Record(Type.String(), Type.Unknown()),
      userFeatureSource: Type.Union(FEATURE_LAYERS.map((l) => Type.Literal(l))),
      historySource: Type.Union([Type.Literal('redis'), Type.Literal('none'), Type.Literal('unavailable')]),
      history: Type.Array(Type.String()),
    }),
  ),
};

/** The ranked answer. */
export const RankReply = Type.Object(rankReplyProperties, {
  $id: 'RankReply',
  title: 'RankReply',
  description: 'The top `limit` candidates by combined score, each with its per-head predictions.',
  examples: [RANK_REPLY_EXAMPLE],
});

/** The same shape without an id, for embedding (one batch entry's result). */
export const RankResult = Type.Object(rankReplyProperties);

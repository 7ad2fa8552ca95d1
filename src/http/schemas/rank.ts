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
    { $id: 'RankRequest', title: 'RankRequest' },
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
export const RankReply = Type.Object(rankReplyProperties, { $id: 'RankReply', title: 'RankReply' });

/** The same shape without an id, for embedding (one batch entry's result). */
export const RankResult = Type.Object(rankReplyProperties);

/** POST /v1/rank/batch: many rank requests in one call, each answered on its own. */
import { Type } from '@sinclair/typebox';
import { ErrorBody } from './common.js';
import { RANK_REPLY_EXAMPLE, RANK_REQUEST_EXAMPLE, RankResult, rankBody } from './rank.js';

/**
 * Two entries the shipped model ranks (given and generated candidates) and one it refuses at
 * ranking time (an unknown item under the `reject` policy), so the reply shows both outcomes.
 */
const BATCH_REQUEST_EXAMPLE = {
  requests: [
    { ...RANK_REQUEST_EXAMPLE, limit: 1 },
    { userId: 'u7', context: { device: 'mobile' }, limit: 2 },
    { userId: 'u9', candidates: [{ itemId: 'ghost' }], unknownItems: 'reject' },
  ],
};

/**
 * Entries are checked one by one against the rank request schema (a bad entry fails alone), so
 * the batch schema only asks for a list.
 */
export function rankBatchBody(maxRequests: number) {
  return Type.Object(
    {
      // Unknown, not an empty object: the app's ajv strips properties an object schema does not list.
      requests: Type.Array(Type.Unknown({ description: 'A RankRequest.' }), {
        minItems: 1,
        maxItems: maxRequests,
        description: `Rank requests (at most ${maxRequests}), answered in order.`,
      }),
    },
    { $id: 'RankBatchRequest', title: 'RankBatchRequest', examples: [BATCH_REQUEST_EXAMPLE] },
  );
}

/**
 * The batch body as documented (route schema `documentedBody`): each entry a RankRequest, which is
 * what the route checks entry by entry.
 */
export function rankBatchDocumentedBody(maxCandidates: number, maxRequests: number) {
  const { $id: _id, examples: _examples, ...entry } = rankBody(maxCandidates);
  return Type.Object(
    {
      requests: Type.Array(entry, {
        minItems: 1,
        maxItems: maxRequests,
        description: `Rank requests (at most ${maxRequests}), answered in order; a bad entry fails alone.`,
      }),
    },
    { title: 'RankBatchRequest', examples: [BATCH_REQUEST_EXAMPLE] },
  );
}

const BATCH_REPLY_EXAMPLE = {
  requestId: '413753f2-5d73-4920-9ab1-2c84c652d405',
  succeeded: 2,
  failed: 1,
  results: [
    {
      status: 200,
      // The first entry is RANK_REQUEST_EXAMPLE with limit 1: its reply's first item.
      result: {
        ...RANK_REPLY_EXAMPLE,
        requestId: '413753f2-5d73-4920-9ab1-2c84c652d405:0',
        items: RANK_REPLY_EXAMPLE.items.slice(0, 1),
      },
    },
    {
      status: 200,
      result: {
        requestId: '413753f2-5d73-4920-9ab1-2c84c652d405:1',
        model: 'default',
        candidates: 500,
        items: [
          {
            itemId: 'i273',
            score: 0.2078,
            heads: { click: 0.2078, watch: 1.3558, like: 0.0102, dismiss: 0.0044, rating: 2.2758 },
            sources: ['popular'],
          },
          {
            itemId: 'i520',
            score: 0.2021,
            heads: { click: 0.2021, watch: 0.9083, like: 0.0139, dismiss: 0.0053, rating: 2.3076 },
            sources: ['popular'],
          },
        ],
      },
    },
    {
      status: 400,
      error: {
        code: 'BAD_REQUEST',
        message: 'requests[2].candidates[0].itemId: unknown item "ghost" (not in the item catalog)',
      },
    },
  ],
};

const EntryResult = Type.Union([
  Type.Object({ status: Type.Literal(200), result: RankResult }),
  Type.Object({
    status: Type.Integer({ minimum: 400, maximum: 599 }),
    error: Type.Index(ErrorBody, ['error']),
  }),
]);

/** One result per request, in request order. */
export const RankBatchReply = Type.Object(
  {
    requestId: Type.String(),
    succeeded: Type.Integer(),
    failed: Type.Integer(),
    results: Type.Array(EntryResult),
  },
  {
    $id: 'RankBatchReply',
    title: 'RankBatchReply',
    description: 'One result per request, in request order: `status` 200 with `result`, or the error.',
    examples: [BATCH_REPLY_EXAMPLE],
  },
);

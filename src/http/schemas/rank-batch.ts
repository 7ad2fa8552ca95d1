/** POST /v1/rank/batch: many rank requests in one call, each answered on its own. */
import { Type } from '@sinclair/typebox';
import { ErrorBody } from './common.js';
import { RankResult } from './rank.js';

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
    { $id: 'RankBatchRequest', title: 'RankBatchRequest' },
  );
}

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
  { $id: 'RankBatchReply', title: 'RankBatchReply' },
);

/**
 * POST /v1/rank/batch: up to MULTIRANK_BATCH_MAX rank requests, answered in order. Each entry is
 * validated against the same schema as POST /v1/rank and ranked by the same service, and fails on
 * its own: a bad entry gets its error, the others their results.
 */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyRequest } from 'fastify';
import type { ErrorCode } from '../../errors.js';
import { MultirankError } from '../../errors.js';
import type { RankRequest, RankResponse, RankService } from '../../serving/rank-service.js';
import { errorResponses, PUBLIC } from '../schemas/common.js';
import { rankBody } from '../schemas/rank.js';
import { RankBatchReply, rankBatchBody, rankBatchDocumentedBody } from '../schemas/rank-batch.js';

/** Options of the batch route. */
export interface RankBatchRouteOptions {
  ranker: RankService;
  maxCandidates: number;
  maxRequests: number;
  /** Called with each answered request (metrics: candidates scored, impressions per variant). */
  onRanked?: (result: RankResponse) => void;
}

type EntryResult =
  | { status: 200; result: RankResponse & { requestId: string } }
  | { status: number; error: { code: ErrorCode; message: string } };

/** `/candidates/0/itemId` → `.candidates[0].itemId`, so messages read like the field they name. */
function fieldPath(instancePath: string): string {
  return instancePath
    .split('/')
    .filter((part) => part !== '')
    .map((part) => (/^\d+$/.test(part) ? `[${part}]` : `.${part}`))
    .join('');
}

const rankBatchRoutes: FastifyPluginAsyncTypebox<RankBatchRouteOptions> = async (app, options) => {
  const entrySchema = rankBody(options.maxCandidates);

  /** Validates one entry with the route's own validator (same rules and defaults as /v1/rank). */
  const checkEntry = (request: FastifyRequest, entry: unknown, index: number): RankRequest => {
    const validate = request.compileValidationSchema(entrySchema, 'body');
    if (validate(entry)) return entry as RankRequest;
    const [first] = validate.errors ?? [];
    const where = `requests[${index}]${fieldPath(first?.instancePath ?? '')}`;
    const property = (first?.params as { missingProperty?: string } | undefined)?.missingProperty;
    const message = property ? `${where}.${property}: required` : `${where}: ${first?.message ?? 'invalid'}`;
    throw new MultirankError('BAD_REQUEST', message);
  };

  app.post(
    '/v1/rank/batch',
    {
      schema: {
        operationId: 'rankBatch',
        tags: ['rank'],
        summary: 'Rank many requests in one call; each entry succeeds or fails on its own',
        security: PUBLIC,
        body: rankBatchBody(options.maxRequests),
        documentedBody: rankBatchDocumentedBody(options.maxCandidates, options.maxRequests),
        response: { 200: RankBatchReply, ...errorResponses(400, 413, 415, 429, 503) },
      },
    },
    async (request) => {
      const results: EntryResult[] = [];
      for (const [index, entry] of request.body.requests.entries()) {
        // Each ranking is CPU work on the event loop: yield between entries so probes and other
        // requests are not held for the whole batch.
        if (index > 0) await new Promise((resolve) => setImmediate(resolve));
        try {
          const result = await options.ranker.rank(checkEntry(request, entry, index));
          options.onRanked?.(result);
          results.push({ status: 200, result: { requestId: `${request.id}:${index}`, ...result } });
        } catch (error) {
          results.push(entryError(error, index, request));
        }
      }
      const succeeded = results.filter((r) => r.status === 200).length;
      return { requestId: request.id, succeeded, failed: results.length - succeeded, results };
    },
  );
};

/** A failed entry: 4xx messages pass through naming the entry; anything else is logged and hidden. */
function entryError(error: unknown, index: number, request: FastifyRequest): EntryResult {
  if (error instanceof MultirankError && error.statusCode < 500) {
    const message = error.message.startsWith('requests[')
      ? error.message
      : `requests[${index}].${error.message}`;
    return { status: error.statusCode, error: { code: error.code, message } };
  }
  request.log.error({ err: error, entry: index }, 'batch entry failed');
  return { status: 500, error: { code: 'INTERNAL', message: 'internal error; see the server log' } };
}

export default rankBatchRoutes;

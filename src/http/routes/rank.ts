/** POST /v1/rank: thin over the rank service (src/serving/rank-service.ts). */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { RankResponse, RankService } from '../../serving/rank-service.js';
import { errorResponses, PUBLIC } from '../schemas/common.js';
import { RankReply, rankBody } from '../schemas/rank.js';

/** Options of the rank route. */
export interface RankRouteOptions {
  ranker: RankService;
  maxCandidates: number;
  /** Called with each answered request (metrics: candidates scored, impressions per variant). */
  onRanked?: (result: RankResponse) => void;
}

const rankRoutes: FastifyPluginAsyncTypebox<RankRouteOptions> = async (app, options) => {
  app.post(
    '/v1/rank',
    {
      schema: {
        operationId: 'rank',
        tags: ['rank'],
        summary: 'Rank candidates for a user (or generate them), sorted by the combined score',
        security: PUBLIC,
        body: rankBody(options.maxCandidates),
        response: { 200: RankReply, ...errorResponses(400, 413, 415, 429, 503) },
      },
    },
    async (request) => {
      const result = await options.ranker.rank(request.body);
      options.onRanked?.(result);
      return { requestId: request.id, ...result };
    },
  );
};

export default rankRoutes;

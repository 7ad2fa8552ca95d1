/**
 * Pushed user features (admin): PUT stores a user's features as the authoritative value, ahead of
 * the cached origin; GET shows what ranking uses and where it comes from. Thin over the catalog
 * service (src/serving/catalog-service.ts; docs/catalog.md).
 */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { CatalogService } from '../../serving/catalog-service.js';
import { ADMIN_SECURITY, errorResponse, errorResponses } from '../schemas/common.js';
import { User, UserBody, UserParams } from '../schemas/users.js';

/** Options of the user routes; both take the admin key (`app.requireAdmin`). */
export interface UserRoutesOptions {
  catalog: CatalogService;
}

const userRoutes: FastifyPluginAsyncTypebox<UserRoutesOptions> = async (app, { catalog }) => {
  app.put(
    '/v1/users/:userId',
    {
      onRequest: app.requireAdmin,
      schema: {
        operationId: 'putUser',
        tags: ['users'],
        summary:
          "Store a user's features (Redis, no expiry), checked against the served model; every replica ranks with them within the catalog refresh",
        security: ADMIN_SECURITY,
        params: UserParams,
        body: UserBody,
        response: {
          200: User,
          ...errorResponses(401, 403, 413, 415, 429),
          400: errorResponse(
            400,
            'features.region: must be a string, a finite number, a boolean, null or a list of strings and numbers, got an object',
          ),
          503: errorResponse(
            503,
            'pushing user features needs Redis, which is unavailable; nothing was changed',
          ),
        },
      },
    },
    async (request) => {
      const user = await catalog.putUser(request.params.userId, request.body.features);
      request.log.info({ userId: request.params.userId }, 'user features pushed');
      return user;
    },
  );

  app.get(
    '/v1/users/:userId',
    {
      onRequest: app.requireAdmin,
      schema: {
        operationId: 'getUser',
        tags: ['users'],
        summary: "The user's features as ranking uses them, and where they come from",
        security: ADMIN_SECURITY,
        params: UserParams,
        response: { 200: User, ...errorResponses(401, 403, 429, 503) },
      },
    },
    async (request) => catalog.getUser(request.params.userId),
  );
};

export default userRoutes;

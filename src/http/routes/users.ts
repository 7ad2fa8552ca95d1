/**
 * Pushed user features (admin): PUT stores a user's features as the authoritative value, ahead of
 * the cached origin; GET shows what ranking uses and where it comes from. Thin over the catalog
 * service (src/serving/catalog-service.ts; docs/catalog.md).
 */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { CatalogService } from '../../serving/catalog-service.js';
import { errorResponses } from '../schemas/common.js';
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
        security: [{ apiKey: [] }],
        params: UserParams,
        body: UserBody,
        response: { 200: User, ...errorResponses(400, 401, 403, 413, 415, 503) },
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
        security: [{ apiKey: [] }],
        params: UserParams,
        response: { 200: User, ...errorResponses(401, 403) },
      },
    },
    async (request) => catalog.getUser(request.params.userId),
  );
};

export default userRoutes;

/**
 * The live catalog's items (admin): push (add or replace) in batches, read one, take one down.
 * Thin over the catalog service (src/serving/catalog-service.ts), which checks, stores and
 * spreads the change to every replica (docs/catalog.md).
 */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import type { CatalogService } from '../../serving/catalog-service.js';
import { ADMIN_SECURITY, errorResponse, errorResponses } from '../schemas/common.js';
import { Item, ItemParams, ItemsReply, itemsBody } from '../schemas/items.js';

/** Options of the item routes; all of them take the admin key (`app.requireAdmin`). */
export interface ItemRoutesOptions {
  catalog: CatalogService;
  /** MULTIRANK_ITEMS_MAX_BATCH. */
  maxBatch: number;
}

const itemRoutes: FastifyPluginAsyncTypebox<ItemRoutesOptions> = async (app, { catalog, maxBatch }) => {
  app.put(
    '/v1/items',
    {
      onRequest: app.requireAdmin,
      schema: {
        operationId: 'putItems',
        tags: ['items'],
        summary:
          'Add or replace items, each checked against the served model: the good ones stored, the others named (200 either way)',
        security: ADMIN_SECURITY,
        body: itemsBody(maxBatch),
        response: {
          200: ItemsReply,
          ...errorResponses(401, 403, 413, 415, 429),
          400: errorResponse(400, 'body/items must NOT have more than 1000 items'),
          503: errorResponse(503, 'pushing items needs Redis, which is unavailable; nothing was changed'),
        },
      },
    },
    async (request) => {
      const result = await catalog.putItems(request.body.items);
      request.log.info(
        { stored: result.stored, rejected: result.rejected.length, version: result.version },
        'items pushed',
      );
      return result;
    },
  );

  app.get(
    '/v1/items/:itemId',
    {
      onRequest: app.requireAdmin,
      schema: {
        operationId: 'getItem',
        tags: ['items'],
        summary: 'An item as ranking sees it: pushed (or taken down) through the API, else the bundle’s',
        security: ADMIN_SECURITY,
        params: ItemParams,
        response: {
          200: Item,
          ...errorResponses(401, 403, 429, 503),
          404: errorResponse(404, 'itemId: no item "v-new-1" in the catalog'),
        },
      },
    },
    async (request) => catalog.getItem(request.params.itemId),
  );

  app.delete(
    '/v1/items/:itemId',
    {
      onRequest: app.requireAdmin,
      schema: {
        operationId: 'deleteItem',
        tags: ['items'],
        summary:
          'Take an item down: never returned by ranking (sent, generated or in the index) on any replica within the catalog refresh',
        security: ADMIN_SECURITY,
        params: ItemParams,
        response: {
          204: Type.Null({ description: 'Taken down.' }),
          ...errorResponses(401, 403, 429),
          503: errorResponse(
            503,
            'taking an item down needs Redis, which is unavailable; nothing was changed',
          ),
        },
      },
    },
    async (request, reply) => {
      await catalog.deleteItem(request.params.itemId);
      request.log.info({ itemId: request.params.itemId }, 'item taken down');
      return reply.code(204).send(null);
    },
  );
};

export default itemRoutes;

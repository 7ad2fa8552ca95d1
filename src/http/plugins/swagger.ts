/**
 * OpenAPI from the route schemas (@fastify/swagger) and Swagger UI at /docs.
 * openapi.yaml in the repo is this document, written by `npm run openapi`.
 */
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import { VERSION } from '../../version.js';

/** Where Swagger UI is served (its page, assets and the OpenAPI document as JSON and YAML). */
export const DOCS_PREFIX = '/docs';

async function openapi(app: FastifyInstance): Promise<void> {
  await app.register(swagger, {
    openapi: {
      openapi: '3.0.3',
      info: {
        title: 'multirank',
        description: 'Multi-task recommendation ranking: MMoE heads combined by A/B-tested weights.',
        version: VERSION,
      },
      tags: [
        { name: 'health', description: 'Liveness and readiness probes' },
        { name: 'rank', description: 'Ranking candidates' },
        { name: 'experiments', description: 'Combination-weight experiments' },
        { name: 'events', description: 'Impressions and feedback' },
        { name: 'models', description: 'Model versions' },
      ],
      components: {
        securitySchemes: { apiKey: { type: 'apiKey', name: 'x-api-key', in: 'header' } },
      },
    },
    refResolver: {
      buildLocalReference: (json, _baseUri, _fragment, index) => String(json.$id ?? `def-${index}`),
    },
  });
  await app.register(swaggerUi, { routePrefix: DOCS_PREFIX });
}

/** Registers OpenAPI generation and the UI; must come before the routes. */
export default fp(openapi, { name: 'openapi' });

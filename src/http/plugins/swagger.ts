/**
 * OpenAPI from the route schemas (@fastify/swagger) and Swagger UI at /docs.
 * openapi.yaml in the repo is this document, written by `npm run openapi`; test/http/openapi-lint
 * lints and validates it, and the typed client (src/client/) is generated from it.
 */
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import type { TSchema } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import { VERSION } from '../../version.js';

/** Where Swagger UI is served (its page, assets and the OpenAPI document as JSON and YAML). */
export const DOCS_PREFIX = '/docs';

declare module 'fastify' {
  interface FastifySchema {
    /**
     * The body as documented, where it differs from the one validated: a route that checks
     * entries one by one (so each error names its entry) validates a loose shape, and documents
     * the entries' own schema here so clients and Swagger UI see the fields.
     */
    documentedBody?: TSchema;
  }
}

async function openapi(app: FastifyInstance): Promise<void> {
  await app.register(swagger, {
    openapi: {
      openapi: '3.0.3',
      info: {
        title: 'multirank',
        description:
          'Multi-task recommendation ranking: MMoE heads combined by A/B-tested weights. ' +
          'Admin routes (experiment writes, model activation) take the admin key (MULTIRANK_ADMIN_KEY).',
        version: VERSION,
        license: { name: 'Apache-2.0', url: 'https://www.apache.org/licenses/LICENSE-2.0' },
      },
      // Relative: Swagger UI at /docs sends "Try it out" to the service that served it, wherever
      // it runs (a local `npm start` is http://localhost:8080).
      servers: [{ url: '/', description: 'The service serving this document' }],
      tags: [
        { name: 'health', description: 'Liveness and readiness probes' },
        { name: 'rank', description: 'Ranking candidates' },
        { name: 'experiments', description: 'Combination-weight experiments' },
        { name: 'events', description: 'Impressions and feedback' },
        { name: 'models', description: 'Model versions' },
      ],
      components: {
        securitySchemes: {
          apiKey: {
            type: 'apiKey',
            name: 'x-api-key',
            in: 'header',
            description: 'The admin key (MULTIRANK_ADMIN_KEY) in the x-api-key header.',
          },
          bearerAuth: {
            type: 'http',
            scheme: 'bearer',
            description: 'The admin key (MULTIRANK_ADMIN_KEY) as `authorization: Bearer <key>`.',
          },
        },
      },
    },
    transform: ({ schema, url }) => {
      if (!schema?.documentedBody) return { schema, url };
      const { documentedBody, ...rest } = schema;
      return { schema: { ...rest, body: documentedBody }, url };
    },
    refResolver: {
      buildLocalReference: (json, _baseUri, _fragment, index) => String(json.$id ?? `def-${index}`),
    },
  });
  await app.register(swaggerUi, { routePrefix: DOCS_PREFIX });
}

/** Registers OpenAPI generation and the UI; must come before the routes. */
export default fp(openapi, { name: 'openapi' });

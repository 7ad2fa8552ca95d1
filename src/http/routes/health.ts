/** GET /healthz (alive) and GET /readyz (ready for traffic, degraded parts named). */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import { errorResponse, PUBLIC } from '../schemas/common.js';
import { type ComponentHealth, Liveness, Readiness } from '../schemas/health.js';

/** While the app closes, every route (the probes too) answers this 503 (src/app.ts). */
const shuttingDown = errorResponse(503, 'the service is shutting down; retry (another replica)');
// The 503's members without their own examples (OpenAPI 3.0 has none inside anyOf; the union has one).
const { headers, examples, ...shuttingDownBody } = shuttingDown;
const { examples: _readyExample, ...readiness } = Readiness;
const notReady = { ...readiness, description: 'The readiness: `unavailable`, a part is down.' };

/** Reports the state of one dependency; registered by whoever owns that dependency. */
export type HealthCheck = () => ComponentHealth;

/** Options of the health routes. */
export interface HealthRoutesOptions {
  backend: string;
  /** The served model's inference engine (changes with a hot swap); absent without a model. */
  engine?: () => string;
  checks: HealthCheck[];
}

const startedAt = Date.now();

/** Liveness and readiness routes. */
const healthRoutes: FastifyPluginAsyncTypebox<HealthRoutesOptions> = async (app, options) => {
  app.get(
    '/healthz',
    {
      schema: {
        operationId: 'getLiveness',
        tags: ['health'],
        summary: 'Liveness: the process answers',
        security: PUBLIC,
        response: { 200: Liveness, 503: shuttingDown },
      },
    },
    async () => ({ status: 'ok' as const, uptimeSeconds: (Date.now() - startedAt) / 1000 }),
  );

  app.get(
    '/readyz',
    {
      schema: {
        operationId: 'getReadiness',
        tags: ['health'],
        summary: 'Readiness: 200 when traffic can be served (possibly degraded), 503 when not',
        security: PUBLIC,
        response: {
          200: Readiness,
          // A part down answers the readiness; shutting down answers the error body, like every route.
          503: Type.Union([notReady, shuttingDownBody], {
            description:
              'Not ready: a part is down (the readiness, `unavailable`), or the service is shutting down (the error).',
            headers,
            examples,
          }),
        },
      },
    },
    async (_request, reply) => {
      const components = options.checks.map((check) => check());
      const down = components.some((c) => c.status === 'down');
      const degraded = components.filter((c) => c.status === 'degraded').map((c) => c.name);
      const status = down ? 'unavailable' : degraded.length > 0 ? 'degraded' : 'ready';
      const engine = options.engine?.();
      return reply
        .status(down ? 503 : 200)
        .send({ status, backend: options.backend, ...(engine ? { engine } : {}), degraded, components });
    },
  );
};

export default healthRoutes;

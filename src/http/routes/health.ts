/** GET /healthz (alive) and GET /readyz (ready for traffic, degraded parts named). */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { type ComponentHealth, Liveness, Readiness } from '../schemas/health.js';

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
    { schema: { tags: ['health'], summary: 'Liveness: the process answers', response: { 200: Liveness } } },
    async () => ({ status: 'ok' as const, uptimeSeconds: (Date.now() - startedAt) / 1000 }),
  );

  app.get(
    '/readyz',
    {
      schema: {
        tags: ['health'],
        summary: 'Readiness: 200 when traffic can be served (possibly degraded), 503 when not',
        response: { 200: Readiness, 503: Readiness },
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

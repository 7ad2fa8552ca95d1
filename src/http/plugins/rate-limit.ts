/**
 * Per-client request limit over a one-minute window (@fastify/rate-limit), answering 429 in the
 * service's error shape with retry-after. Counts live in this process, so the limit is per
 * replica; the client is `request.ip`, which is the load balancer unless fastify's `trustProxy`
 * is set.
 */
import fastifyRateLimit from '@fastify/rate-limit';
import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import { MultirankError } from '../../errors.js';
import { METRICS_PATH } from './metrics.js';

/** Options of the rate limit plugin. */
export interface RateLimitOptions {
  /** Requests a client may make per minute; 0 turns the limit off. */
  perMinute: number;
}

/**
 * Routes that neither the rate limit nor load shedding refuse: probes and scrapes are cheap, and
 * refusing them when the service is busiest would get healthy replicas restarted and blind the
 * dashboards exactly when they matter.
 */
export const OPERATIONAL_ROUTES: ReadonlySet<string> = new Set(['/healthz', '/readyz', METRICS_PATH]);

/** Whether a request is for one of the operational routes (matched by route pattern). */
export function isOperationalRoute(url: string | undefined): boolean {
  return url !== undefined && OPERATIONAL_ROUTES.has(url);
}

async function rateLimit(app: FastifyInstance, options: RateLimitOptions): Promise<void> {
  if (options.perMinute <= 0) return;
  await app.register(fastifyRateLimit, {
    global: true,
    max: options.perMinute,
    timeWindow: 60_000,
    allowList: (request) => isOperationalRoute(request.routeOptions.url),
    // The plugin throws what this returns; a MultirankError leaves through our error handler
    // as { error: { code, message } }, with the retry-after header the plugin already set.
    errorResponseBuilder: (_request, context) =>
      new MultirankError(
        'TOO_MANY_REQUESTS',
        `rate limit of ${context.max} requests per minute exceeded; retry in ${context.after}`,
      ),
  });
}

/**
 * Limits every route registered after it (the limiter hooks in as routes are added), so register
 * it before the routes.
 */
export default fp(rateLimit, { name: 'rate-limit' });

/**
 * Load shedding: while the scoring workers are all busy and their queue is full, rank requests
 * are refused before their body is read; and (@fastify/under-pressure) while the event loop lags
 * behind by more than the limit, every request gets 503 with retry-after at once instead of
 * queueing work the caller will have timed out on. Probes and scrapes still answer: a replica that sheds is alive, and restarting it
 * would move its load onto the others.
 */
import underPressure from '@fastify/under-pressure';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import { isOperationalRoute } from './rate-limit.js';

/** Options of the load shedding plugin. */
export interface LoadSheddingOptions {
  /** Mean event loop delay over a sample interval above which requests are shed; 0 turns shedding off. */
  maxEventLoopDelayMs: number;
  /** Sent as retry-after on a shed request. */
  retryAfterSeconds: number;
  /** How often the delay is sampled (its mean is over this interval). Default 1000 ms. */
  sampleIntervalMs?: number;
  /**
   * Why a rank request would find no scoring capacity now (every worker busy, the queue full), or
   * null: such requests are refused before their body is read, so a refusal answers in
   * milliseconds however large the body.
   */
  scoringSaturated?: () => string | null;
}

/** The routes that need a scoring worker. */
const SCORING_ROUTES = new Set(['/v1/rank', '/v1/rank/batch']);

/** The error body of a shed request, as the error handler would write it. */
interface ShedBody {
  error: { code: 'UNAVAILABLE'; message: string };
}

/** under-pressure reports Infinity when the loop did not turn over once in a sample interval. */
function lag(delayMs: number | undefined): string {
  return delayMs !== undefined && Number.isFinite(delayMs)
    ? `mean event loop delay ${Math.round(delayMs)} ms`
    : 'event loop stalled';
}

function shedRequest(options: LoadSheddingOptions) {
  const retryAfter = String(options.retryAfterSeconds);
  // Returning a body makes under-pressure send it; returning nothing lets the request through.
  // The body is sent here rather than thrown to the error handler, which hides 5xx messages and
  // logs each one as an error: neither helps a caller or an operator while overloaded.
  return (
    request: FastifyRequest,
    reply: FastifyReply,
    _type: string,
    delayMs?: number,
  ): ShedBody | undefined => {
    if (isOperationalRoute(request.routeOptions.url)) return undefined;
    reply.status(503).header('retry-after', retryAfter);
    return {
      error: {
        code: 'UNAVAILABLE',
        message: `server overloaded (${lag(delayMs)}); retry after ${retryAfter} s`,
      },
    };
  };
}

async function loadShedding(app: FastifyInstance, options: LoadSheddingOptions): Promise<void> {
  const saturated = options.scoringSaturated;
  if (saturated) {
    const retryAfter = String(options.retryAfterSeconds);
    app.addHook('onRequest', async (request, reply) => {
      if (!SCORING_ROUTES.has(request.routeOptions.url ?? '')) return;
      const reason = saturated();
      if (reason === null) return;
      await reply
        .status(503)
        .header('retry-after', retryAfter)
        .send({ error: { code: 'UNAVAILABLE', message: reason } });
    });
  }
  if (options.maxEventLoopDelayMs <= 0) return;
  // under-pressure sends any non-promise value the handler returns (see its README), but its
  // types say the handler returns void; a void-returning function type accepts ours as it is.
  const shed = shedRequest(options);
  // Start-up (compiling every route's schemas, loading the model) blocks the loop for a while
  // before the first request; that delay is not load. Shedding is armed once two samples have
  // been taken after the app is ready, so the first requests of a fresh replica are served.
  const sampleMs = options.sampleIntervalMs ?? 1000;
  let armedAt = Number.POSITIVE_INFINITY;
  app.addHook('onReady', async () => {
    armedAt = Date.now() + 2 * sampleMs;
  });
  const pressureHandler: (...args: Parameters<typeof shed>) => void = (request, reply, type, value) =>
    Date.now() < armedAt ? undefined : shed(request, reply, type, value);
  await app.register(underPressure, {
    maxEventLoopDelay: options.maxEventLoopDelayMs,
    sampleInterval: options.sampleIntervalMs,
    pressureHandler,
  });
}

/** Sheds requests while the event loop lags; decorates `app.isUnderPressure()` when on. */
export default fp(loadShedding, { name: 'load-shedding' });

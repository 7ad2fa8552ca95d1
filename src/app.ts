/**
 * buildApp(deps): the whole HTTP application as a fastify instance, without process concerns
 * (no listen, no signals), so tests build it and drive it through `inject` or a real socket.
 */
import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import Fastify, {
  type FastifyBaseLogger,
  type FastifyHttpOptions,
  type FastifyInstance,
  type RawServerDefault,
} from 'fastify';
import type { Config } from './config.js';
import { MultirankError } from './errors.js';
import type { EventStore } from './events/event-store.js';
import adminAuth from './http/plugins/admin-auth.js';
import errorHandler, { clientErrorHandler, frameworkErrors } from './http/plugins/error-handler.js';
import loadShedding from './http/plugins/load-shedding.js';
import metrics from './http/plugins/metrics.js';
import rateLimit from './http/plugins/rate-limit.js';
import securityHeaders from './http/plugins/security-headers.js';
import openapi, { DOCS_PREFIX } from './http/plugins/swagger.js';
import dashboardRoutes, { DASHBOARD_PATH } from './http/routes/dashboard.js';
import eventsRoutes from './http/routes/events.js';
import experimentReportRoutes from './http/routes/experiment-report.js';
import experimentRoutes from './http/routes/experiments.js';
import healthRoutes, { type HealthCheck } from './http/routes/health.js';
import itemRoutes from './http/routes/items.js';
import modelCardRoutes from './http/routes/model-card.js';
import modelRoutes from './http/routes/models.js';
import rankRoutes from './http/routes/rank.js';
import rankBatchRoutes from './http/routes/rank-batch.js';
import userRoutes from './http/routes/users.js';
import type { RankResponse } from './serving/rank-service.js';
import { scoringWorkerRestarts } from './serving/scoring-pool.js';
import type { Serving } from './serving/serving.js';
import { isRedisReady, type RedisClient } from './storage/redis.js';

/** What the app is built from; the process (server.ts) or a test wires these. */
export interface AppDeps {
  config: Config;
  /** TF.js backend in use, as chosen at start. */
  backend: string;
  /** Shared Redis, when REDIS_URL is set; absent or down means degraded, never failing. */
  redis?: RedisClient;
  /** A pino logger (server) or `false` (tests); defaults to silent. */
  logger?: FastifyBaseLogger | false;
  /** The serving core (model registry, feature and history stores); without it no /v1 routes. */
  serving?: Serving;
  /** The event store (Redis stream, or the events file); without it no /v1/events or report routes. */
  events?: EventStore;
}

/** The fastify instance multirank builds, typed for TypeBox route schemas. */
export type MultirankApp = FastifyInstance<
  RawServerDefault,
  IncomingMessage,
  ServerResponse,
  FastifyBaseLogger,
  TypeBoxTypeProvider
>;

const SAFE_REQUEST_ID = /^[\w.:-]{1,128}$/;

/**
 * The router's longest path parameter: above the longest any route's schema allows (128), so a
 * parameter too long for its route is refused by the schema, naming the field.
 */
const MAX_PARAM_LENGTH = 256;

/** Keeps a caller's x-request-id when it is sane, so logs correlate across services. */
function requestIdFor(request: IncomingMessage): string {
  const header = request.headers['x-request-id'];
  return typeof header === 'string' && SAFE_REQUEST_ID.test(header) ? header : randomUUID();
}

function redisCheck(redis: RedisClient | undefined): HealthCheck {
  return () => {
    if (!redis) return { name: 'redis', status: 'degraded', detail: 'REDIS_URL not set' };
    return isRedisReady(redis)
      ? { name: 'redis', status: 'ok' }
      : { name: 'redis', status: 'degraded', detail: `connection ${redis.status}` };
  };
}

function modelCheck(serving: Serving): HealthCheck {
  return () => {
    const { version, bundle, engine } = serving.registry.active();
    const hash = bundle.manifest.contentHash.slice(0, 19);
    return { name: 'model', status: 'ok', detail: `${version} ${hash} on ${engine}` };
  };
}

/** Experiment definitions: from Redis (shared by replicas), or the last known set when Redis fails. */
function experimentsCheck(serving: Serving): HealthCheck {
  return () => {
    const state = serving.experiments.state();
    return state.status === 'ok'
      ? { name: 'experiments', status: 'ok', detail: `source ${state.source}` }
      : { name: 'experiments', status: 'degraded', detail: state.detail ?? 'redis' };
  };
}

/** The live catalog: followed from Redis, or (degraded) the last known one while Redis fails. */
function catalogCheck(serving: Serving): HealthCheck {
  return () => {
    const state = serving.catalogSync.status();
    return { name: 'catalog', status: state.status, detail: state.detail };
  };
}

/** Events spooled while Redis is down are safe but not yet in the stream reports read. */
function eventsCheck(events: EventStore): HealthCheck {
  return () => {
    const { backend, spooled } = events.state();
    return spooled > 0
      ? { name: 'events', status: 'degraded', detail: `${spooled} events spooled, waiting for Redis` }
      : { name: 'events', status: 'ok', detail: backend };
  };
}

/** The user feature cache and the history both live in Redis: either failing is "degraded: redis". */
function servingRedisCheck(serving: Serving): HealthCheck {
  return () => {
    const users = serving.users.state();
    if (users.status === 'degraded') return { name: 'redis', status: 'degraded', detail: users.detail };
    const history = serving.history.breaker.snapshot();
    return history.state === 'closed'
      ? { name: 'redis', status: 'ok' }
      : { name: 'redis', status: 'degraded', detail: `history circuit ${history.state}` };
  };
}

/** Builds the fastify instance with every plugin and route registered (call `ready()` or `listen()`). */
export async function buildApp(deps: AppDeps): Promise<MultirankApp> {
  const { config } = deps;
  const options: FastifyHttpOptions<RawServerDefault> = {
    genReqId: requestIdFor,
    bodyLimit: config.bodyLimitBytes,
    // MULTIRANK_REQUEST_TIMEOUT_MS bounds the whole request, headers and body. Node checks both
    // deadlines together and swaps them when headersTimeout > requestTimeout; fastify sets
    // requestTimeout after the server exists, so headersTimeout kept Node's 60 s default and a
    // stalled body was only closed after a minute or more. Both are given to the server here, and
    // the sweep for expired requests runs every second instead of every 30 s.
    requestTimeout: config.requestTimeoutMs,
    http: {
      requestTimeout: config.requestTimeoutMs,
      headersTimeout: Math.min(60_000, config.requestTimeoutMs),
      connectionsCheckingInterval: Math.min(1_000, config.requestTimeoutMs),
    },
    keepAliveTimeout: config.keepAliveTimeoutMs,
    forceCloseConnections: 'idle',
    // Requests arriving on a kept-alive connection while closing are refused by the hook below,
    // in our error format, instead of fastify's own 503 body.
    return503OnClosing: false,
    trustProxy: config.trustProxy === 'true',
    ajv: { customOptions: { removeAdditional: 'all', allErrors: false } },
    routerOptions: { maxParamLength: MAX_PARAM_LENGTH },
    // Failures that never reach the error handler answer in the same { error: { code, message } }.
    frameworkErrors: frameworkErrors({
      retryAfterSeconds: config.retryAfterSeconds,
      maxParamLength: MAX_PARAM_LENGTH,
    }),
    clientErrorHandler,
  };
  const app = (
    deps.logger
      ? Fastify({ ...options, loggerInstance: deps.logger })
      : Fastify({ ...options, logger: false })
  ).withTypeProvider<TypeBoxTypeProvider>();

  // While closing, answer in-flight requests with `connection: close` so keep-alive clients
  // (load balancers) let go at once instead of holding shutdown until their idle timeout.
  let closing = false;
  app.addHook('preClose', async () => {
    closing = true;
  });
  app.addHook('onSend', async (request, reply) => {
    reply.header('x-request-id', request.id);
    if (closing) reply.header('connection', 'close');
  });
  app.addHook('onRequest', async () => {
    if (closing)
      throw new MultirankError('UNAVAILABLE', 'the service is shutting down; retry (another replica)');
  });

  const { serving } = deps;
  // Before every route, Swagger UI's included, so each gets the headers.
  await app.register(securityHeaders, { docsPrefix: DOCS_PREFIX, dashboardPrefix: DASHBOARD_PATH });
  await app.register(errorHandler, { retryAfterSeconds: config.retryAfterSeconds });
  await app.register(openapi);
  await app.register(metrics, {
    ...(serving
      ? {
          userStoreStats: () => serving.users.stats(),
          scoringWorkerRestarts,
          modelInfo: () => ({
            version: serving.registry.active().version,
            contentHash: serving.registry.active().bundle.manifest.contentHash,
            engine: serving.registry.active().engine,
          }),
        }
      : {}),
  });
  await app.register(adminAuth, { adminKey: config.adminKey });
  // Limits and shedding hook into the routes registered after them.
  await app.register(rateLimit, { perMinute: config.rateLimitPerMinute });
  await app.register(loadShedding, {
    maxEventLoopDelayMs: config.maxEventLoopDelayMs,
    retryAfterSeconds: config.retryAfterSeconds,
    ...(serving ? { scoringSaturated: () => serving.registry.active().scorer.saturated?.() ?? null } : {}),
  });
  const redisHealth = serving && deps.redis ? servingRedisCheck(serving) : redisCheck(deps.redis);
  await app.register(healthRoutes, {
    backend: deps.backend,
    ...(serving ? { engine: () => serving.registry.active().engine } : {}),
    checks: [
      redisHealth,
      ...(serving ? [modelCheck(serving), experimentsCheck(serving), catalogCheck(serving)] : []),
      ...(deps.events ? [eventsCheck(deps.events)] : []),
    ],
  });
  // The dashboard's page and assets (its views read the routes below).
  await app.register(dashboardRoutes);
  if (serving) {
    const onRanked = (result: RankResponse) => {
      app.metrics.observeRankCandidates(result.candidates);
      const { experiment } = result;
      if (experiment && !experiment.forced) {
        app.metrics.countExperimentImpressions(experiment.id, experiment.variant, result.items.length);
      }
    };
    await app.register(rankRoutes, {
      ranker: serving.ranker,
      maxCandidates: config.maxCandidates,
      onRanked,
    });
    await app.register(rankBatchRoutes, {
      ranker: serving.ranker,
      maxCandidates: config.maxCandidates,
      maxRequests: config.batchMax,
      onRanked,
    });
    await app.register(modelRoutes, { registry: serving.registry, requireAdmin: app.requireAdmin });
    await app.register(modelCardRoutes, { registry: serving.registry });
    await app.register(experimentRoutes, { experiments: serving.experiments });
    await app.register(itemRoutes, { catalog: serving.catalog, maxBatch: config.itemsMaxBatch });
    await app.register(userRoutes, { catalog: serving.catalog });
    if (deps.events) {
      await app.register(eventsRoutes, {
        store: deps.events,
        history: serving.history,
        maxBatch: config.eventsMaxBatch,
      });
      await app.register(experimentReportRoutes, { store: deps.events, experiments: serving.experiments });
    }
  }
  return app;
}

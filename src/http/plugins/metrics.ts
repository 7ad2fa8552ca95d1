/**
 * Prometheus metrics at GET /metrics: request latency by route, candidates per rank request, the
 * user feature cache by layer, the model being served and TF.js memory.
 *
 * Every app gets its own Registry: tests build many apps in one process, and the global registry
 * would reject the second app's metrics as already registered. Values owned by other parts
 * (store counters, model version, tensors) are read at scrape time in collect(), so nothing
 * outside this file knows Prometheus.
 */
import * as tf from '@tensorflow/tfjs';
import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import { Counter, collectDefaultMetrics, Gauge, Histogram, Registry } from 'prom-client';
import type { UserStoreStats } from '../../features/user-store/options.js';
import { FEATURE_LAYERS } from '../../features/user-store/types.js';
import type { BreakerState } from '../../storage/breaker.js';

/** Where Prometheus scrapes. */
export const METRICS_PATH = '/metrics';

/** What the metrics read from the rest of the app; each is optional so the plugin works alone. */
export interface MetricsOptions {
  /** The user feature store's counters, read at every scrape; absent: no user cache metrics. */
  userStoreStats?: () => UserStoreStats;
  /** The model being served, read at every scrape so a hot swap shows at the next one. */
  modelInfo?: () => { version: string; contentHash: string; engine: string };
  /** Scoring workers replaced so far (crashed or missed a deadline); absent: no scoring pool metric. */
  scoringWorkerRestarts?: () => number;
  /** Node process metrics (CPU, memory, event loop lag, GC), prefixed `multirank_`. Default true. */
  processMetrics?: boolean;
}

/** What routes and other plugins use, as `app.metrics`. */
export interface AppMetrics {
  /** This app's registry, for plugins that add metrics of their own. */
  registry: Registry;
  /** Records how many candidates one rank request scored. */
  observeRankCandidates(count: number): void;
  /** Counts the items one rank response showed under an experiment variant. */
  countExperimentImpressions(experiment: string, variant: string, items: number): void;
}

declare module 'fastify' {
  interface FastifyInstance {
    metrics: AppMetrics;
  }
}

/** Seconds; a ranked request takes milliseconds, the slow tail reaches the 10 s request timeout. */
const LATENCY_BUCKETS = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];
const CANDIDATE_BUCKETS = [1, 10, 25, 50, 100, 250, 500, 1000, 2500, 5000];
const BREAKER_STATES = ['closed', 'open', 'half-open'] as const satisfies readonly BreakerState[];

/** One series of a store metric: its labels and value. */
type Reading = [labels: Record<string, string>, value: number];

/** A metric read from a store snapshot. */
interface StoreMetric {
  name: string;
  help: string;
  /** `counter` for cumulative counts (they only grow while the process lives), `gauge` for levels. */
  kind: 'counter' | 'gauge';
  labelNames?: string[];
  read: (stats: UserStoreStats) => Reading[];
}

const byOperation = (read: number, write: number): Reading[] => [
  [{ operation: 'read' }, read],
  [{ operation: 'write' }, write],
];

const STORE_METRICS: StoreMetric[] = [
  {
    name: 'multirank_user_features_served_total',
    help: 'User feature lookups answered, by the layer that answered (default: user unknown).',
    kind: 'counter',
    labelNames: ['layer'],
    read: (s) => FEATURE_LAYERS.map((layer) => [{ layer }, s.served[layer]]),
  },
  {
    name: 'multirank_user_cache_hits_total',
    help: 'User feature cache hits, by cache layer.',
    kind: 'counter',
    labelNames: ['layer'],
    read: (s) => [
      [{ layer: 'l1' }, s.l1.hits],
      [{ layer: 'redis' }, s.redis.hits],
    ],
  },
  {
    name: 'multirank_user_cache_misses_total',
    help: 'User feature cache misses, by cache layer.',
    kind: 'counter',
    labelNames: ['layer'],
    read: (s) => [
      [{ layer: 'l1' }, s.l1.misses],
      [{ layer: 'redis' }, s.redis.misses],
    ],
  },
  {
    name: 'multirank_user_cache_l1_entries',
    help: 'Entries in the in-process user feature cache.',
    kind: 'gauge',
    read: (s) => [[{}, s.l1.size]],
  },
  {
    name: 'multirank_redis_errors_total',
    help: 'Failed Redis calls of the user feature cache, by operation.',
    kind: 'counter',
    labelNames: ['operation'],
    read: (s) => byOperation(s.redis.errors, s.redis.writeErrors),
  },
  {
    name: 'multirank_redis_skipped_total',
    help: 'Redis calls not made because the circuit breaker was open, by operation.',
    kind: 'counter',
    labelNames: ['operation'],
    read: (s) => byOperation(s.redis.skipped, s.redis.writesSkipped),
  },
  {
    name: 'multirank_redis_circuit_opens_total',
    help: 'Times the Redis circuit breaker opened.',
    kind: 'counter',
    read: (s) => [[{}, s.redis.breaker.opens]],
  },
  {
    name: 'multirank_redis_circuit_state',
    help: 'Redis circuit breaker state: 1 for the current state, 0 for the others.',
    kind: 'gauge',
    labelNames: ['state'],
    read: (s) => BREAKER_STATES.map((state) => [{ state }, s.redis.breaker.state === state ? 1 : 0]),
  },
  {
    name: 'multirank_user_origin_fetches_total',
    help: 'Calls to the user feature origin (one per batch of ids).',
    kind: 'counter',
    read: (s) => [[{}, s.origin.fetches]],
  },
  {
    name: 'multirank_user_origin_errors_total',
    help: 'Failed calls to the user feature origin.',
    kind: 'counter',
    read: (s) => [[{}, s.origin.errors]],
  },
  {
    name: 'multirank_user_origin_users_total',
    help: 'User ids the origin was asked for, by whether it knew them.',
    kind: 'counter',
    labelNames: ['result'],
    read: (s) => [
      [{ result: 'found' }, s.origin.found],
      [{ result: 'missing' }, s.origin.missing],
    ],
  },
  {
    name: 'multirank_user_lookups_shared_total',
    help: 'User ids that joined a lookup already in flight instead of starting their own.',
    kind: 'counter',
    read: (s) => [[{}, s.singleFlight.shared]],
  },
];

/**
 * The store keeps cumulative counts and we only see snapshots, so each scrape resets the metric
 * and re-adds the snapshot. A count that only grows is still a Prometheus counter (rate() and
 * reset detection work on it), so counts are exposed as counters, not as gauges named `_total`.
 */
function registerStoreMetric(registry: Registry, metric: StoreMetric, stats: () => UserStoreStats): void {
  const common = { name: metric.name, help: metric.help, labelNames: metric.labelNames ?? [] };
  if (metric.kind === 'counter') {
    new Counter({
      ...common,
      registers: [registry],
      collect() {
        this.reset();
        for (const [labels, value] of metric.read(stats())) this.inc(labels, value);
      },
    });
  } else {
    new Gauge({
      ...common,
      registers: [registry],
      collect() {
        this.reset();
        for (const [labels, value] of metric.read(stats())) this.set(labels, value);
      },
    });
  }
}

function registerModelInfo(registry: Registry, modelInfo: NonNullable<MetricsOptions['modelInfo']>): void {
  new Gauge({
    name: 'multirank_model_info',
    help: 'The model bundle being served and its inference engine (always 1; the labels carry the information).',
    labelNames: ['version', 'content_hash', 'engine'],
    registers: [registry],
    collect() {
      // Reset first: after a hot swap the old version's series must disappear, not linger at 1.
      this.reset();
      const { version, contentHash, engine } = modelInfo();
      this.set({ version, content_hash: contentHash, engine }, 1);
    },
  });
}

function registerRestarts(registry: Registry, restarts: () => number): void {
  new Counter({
    name: 'multirank_scoring_worker_restarts_total',
    help: 'Scoring worker threads replaced because they crashed or missed a deadline.',
    registers: [registry],
    collect() {
      // The pool counts; the scrape copies its count (a counter only ever goes up).
      this.reset();
      this.inc(restarts());
    },
  });
}

function registerTfMemory(registry: Registry): void {
  new Gauge({
    name: 'multirank_tf_tensors',
    help: 'Live TensorFlow.js tensors; steady growth between requests means a tensor leak.',
    registers: [registry],
    collect() {
      this.set(tf.memory().numTensors);
    },
  });
  new Gauge({
    name: 'multirank_tf_bytes',
    help: 'Bytes held by live TensorFlow.js tensors, as the backend reports them.',
    registers: [registry],
    collect() {
      this.set(tf.memory().numBytes);
    },
  });
}

async function metrics(app: FastifyInstance, options: MetricsOptions): Promise<void> {
  const registry = new Registry();
  const latency = new Histogram({
    name: 'multirank_http_request_duration_seconds',
    help: 'Time from request received to response sent, by route pattern (unmatched: no route).',
    labelNames: ['method', 'route', 'status_code'],
    buckets: LATENCY_BUCKETS,
    registers: [registry],
  });
  const candidates = new Histogram({
    name: 'multirank_rank_candidates',
    help: 'Candidates scored per rank request.',
    buckets: CANDIDATE_BUCKETS,
    registers: [registry],
  });
  const experimentImpressions = new Counter({
    name: 'multirank_experiment_impressions_total',
    help: 'Items returned by rank responses per experiment variant (forced QA requests excluded).',
    labelNames: ['experiment', 'variant'],
    registers: [registry],
  });
  const { userStoreStats, modelInfo } = options;
  if (userStoreStats)
    for (const metric of STORE_METRICS) registerStoreMetric(registry, metric, userStoreStats);
  if (modelInfo) registerModelInfo(registry, modelInfo);
  if (options.scoringWorkerRestarts) registerRestarts(registry, options.scoringWorkerRestarts);
  registerTfMemory(registry);
  if (options.processMetrics ?? true) collectDefaultMetrics({ register: registry, prefix: 'multirank_' });

  app.decorate('metrics', {
    registry,
    observeRankCandidates: (count: number) => candidates.observe(count),
    countExperimentImpressions: (experiment: string, variant: string, items: number) =>
      experimentImpressions.inc({ experiment, variant }, items),
  } satisfies AppMetrics);

  app.addHook('onResponse', async (request, reply) => {
    // The pattern, never the raw URL: ids in paths or scanners' probes would explode the series.
    const route = request.routeOptions.url ?? 'unmatched';
    // Scrapes are left out: Prometheus records its own scrape_duration_seconds, and a series
    // every scrape adds to would only mix the observer into what it observes.
    if (route === METRICS_PATH) return;
    const labels = { method: request.method, route, status_code: String(reply.statusCode) };
    latency.observe(labels, reply.elapsedTime / 1000);
  });

  app.get(METRICS_PATH, { schema: { hide: true } }, async (_request, reply) => {
    reply.header('content-type', registry.contentType);
    return registry.metrics();
  });
}

/** Registers GET /metrics, the latency hook and `app.metrics`; register it before the routes. */
export default fp(metrics, { name: 'metrics' });

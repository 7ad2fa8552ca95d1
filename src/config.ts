/**
 * Process configuration, read from environment variables once at start.
 *
 * Every variable is declared in one table (name, default, parser, description) so that parsing,
 * validation messages and the README's configuration table all come from the same place.
 */
import { ENGINES, type EngineChoice, TF_BACKENDS, type TfBackendChoice } from './engine/names.js';
import type { EventSettings } from './events/event-settings.js';

/** Raised when an environment variable holds a value we cannot use; the message names the variable. */
export class ConfigError extends Error {
  constructor(
    readonly variable: string,
    message: string,
  ) {
    super(`${variable}: ${message}`);
    this.name = 'ConfigError';
  }
}

const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;

/** The typed configuration the rest of the process receives. */
export interface Config {
  host: string;
  port: number;
  logLevel: (typeof LOG_LEVELS)[number];
  redisUrl: string | undefined;
  redisCommandTimeoutMs: number;
  /** Command timeout of the writes connection: event batches, history pushes, the experiment store. */
  redisWriteTimeoutMs: number;
  /** Command timeout of the scans connection: report scans and exports. */
  redisScanTimeoutMs: number;
  tfBackend: TfBackendChoice;
  engine: EngineChoice;
  onnxThreads: number;
  /** Scoring worker threads; 0 means the available parallelism. */
  workers: number;
  rankQueue: number;
  rankTimeoutMs: number;
  bodyLimitBytes: number;
  requestTimeoutMs: number;
  keepAliveTimeoutMs: number;
  shutdownTimeoutMs: number;
  /** Model bundle served at start; empty means the packaged models/default. */
  modelDir: string;
  /** Folder whose bundles GET /v1/models lists and activate loads; empty: the served bundle's parent. */
  modelsDir: string;
  maxCandidates: number;
  batchMax: number;
  unknownItems: 'default' | 'reject';
  /** `click=1,like=0.5`; empty: the model's default (click = 1). */
  weights: string;
  userFeaturesUrl: string;
  userTable: string;
  userCacheTtlSeconds: number;
  historyLength: number;
  contextCurrentItem: string;
  contextDevice: string;
  contextHistory: string;
  adminKey: string;
  eventsFile: string;
  eventsSpool: string;
  eventsStreamMaxLength: number;
  eventsDedupeTtlSeconds: number;
  eventsMaxBatch: number;
  experimentsFile: string;
  experimentsRefreshMs: number;
  /** Most items one `PUT /v1/items` call may carry. */
  itemsMaxBatch: number;
  /** How often each replica reads the live catalog's change feed; 0 turns it off. */
  catalogRefreshMs: number;
  /** How often popular and trending are recomputed from the event stream; 0 turns it off. */
  candidatesRefreshSeconds: number;
  rateLimitPerMinute: number;
  trustProxy: 'true' | 'false';
  maxEventLoopDelayMs: number;
  retryAfterSeconds: number;
}

type Parser<T> = (raw: string, variable: string) => T;

interface VariableSpec<K extends keyof Config> {
  key: K;
  variable: string;
  defaultValue: string | undefined;
  parse: Parser<Config[K]>;
  description: string;
}

const text: Parser<string> = (raw) => raw;

function integer(min: number, max: number): Parser<number> {
  return (raw, variable) => {
    if (!/^\d+$/.test(raw.trim())) throw new ConfigError(variable, `expected an integer, got "${raw}"`);
    const value = Number(raw);
    if (value < min || value > max) {
      throw new ConfigError(variable, `expected an integer in [${min}, ${max}], got ${value}`);
    }
    return value;
  };
}

function oneOf<T extends string>(allowed: readonly T[]): Parser<T> {
  return (raw, variable) => {
    if (!(allowed as readonly string[]).includes(raw)) {
      throw new ConfigError(variable, `expected one of ${allowed.join(', ')}, got "${raw}"`);
    }
    return raw as T;
  };
}

/** Shortest admin key accepted: a short key can be guessed, and the admin API swaps models. */
const ADMIN_KEY_MIN_LENGTH = 16;

/** Empty (the admin API off) or a key of ADMIN_KEY_MIN_LENGTH characters or more; never echoed. */
const adminKey: Parser<string> = (raw, variable) => {
  if (raw !== '' && raw.length < ADMIN_KEY_MIN_LENGTH) {
    throw new ConfigError(
      variable,
      `at least ${ADMIN_KEY_MIN_LENGTH} characters required, got ${raw.length}; generate one with \`openssl rand -hex 32\`, or leave it unset to turn the admin API off`,
    );
  }
  return raw;
};

const redisUrl: Parser<string | undefined> = (raw, variable) => {
  if (raw === '') return undefined;
  if (!/^(rediss?|redis\+cluster):\/\/[^\s]+$/.test(raw)) {
    throw new ConfigError(
      variable,
      `expected redis://host:port[/db] or redis+cluster://host:port,host:port, got "${raw}"`,
    );
  }
  return raw;
};

function variable<K extends keyof Config>(spec: VariableSpec<K>): VariableSpec<K> {
  return spec;
}

/** All variables the service reads, with defaults and descriptions (rendered into the README). */
export const CONFIG_VARIABLES = [
  variable({
    key: 'host',
    variable: 'HOST',
    defaultValue: '0.0.0.0',
    parse: text,
    description: 'Interface to listen on.',
  }),
  variable({
    key: 'port',
    variable: 'PORT',
    defaultValue: '8080',
    parse: integer(0, 65535),
    description: 'TCP port to listen on (0 picks a free one).',
  }),
  variable({
    key: 'logLevel',
    variable: 'LOG_LEVEL',
    defaultValue: 'info',
    parse: oneOf(LOG_LEVELS),
    description: 'pino log level.',
  }),
  variable({
    key: 'redisUrl',
    variable: 'REDIS_URL',
    defaultValue: undefined,
    parse: redisUrl,
    description:
      'Redis for the feature cache, experiments and events: `redis://host:6379/0`, or `redis+cluster://h1:7000,h2:7001` for a Cluster. Unset: run without Redis (degraded).',
  }),
  variable({
    key: 'redisCommandTimeoutMs',
    variable: 'MULTIRANK_REDIS_TIMEOUT_MS',
    defaultValue: '50',
    parse: integer(1, 60_000),
    description:
      'Redis timeout of the rank path (user feature cache, history reads); a slow Redis degrades requests instead of stalling them. Writes and scans have their own, below.',
  }),
  variable({
    key: 'redisWriteTimeoutMs',
    variable: 'MULTIRANK_REDIS_WRITE_TIMEOUT_MS',
    defaultValue: '1000',
    parse: integer(1, 600_000),
    description:
      "Redis timeout of writes off the rank path, on their own connection: event batches (`POST /v1/events`; a timed-out batch goes to the spool), history pushes, experiment admin writes and the experiment store's polling.",
  }),
  variable({
    key: 'redisScanTimeoutMs',
    variable: 'MULTIRANK_REDIS_SCAN_TIMEOUT_MS',
    defaultValue: '10000',
    parse: integer(1, 600_000),
    description:
      'Redis timeout of each page of a scan of the event stream, on its own connection: experiment reports (`GET /v1/experiments/:id/report`, `multirank experiments report`) and `multirank events export`.',
  }),
  variable({
    key: 'tfBackend',
    variable: 'MULTIRANK_TF_BACKEND',
    defaultValue: 'auto',
    parse: oneOf(['auto', ...TF_BACKENDS] as const),
    description: 'TensorFlow.js backend: `auto` tries node, then wasm, then cpu.',
  }),
  variable({
    key: 'engine',
    variable: 'MULTIRANK_ENGINE',
    defaultValue: 'auto',
    parse: oneOf(['auto', ...ENGINES] as const),
    description:
      "Inference engine of serving, batch scoring and evaluation: `onnx` (ONNX Runtime on the bundle's model.onnx), `tfjs`, or `auto`: onnx when onnxruntime-node loads and the bundle has an ONNX graph, else tfjs.",
  }),
  variable({
    key: 'onnxThreads',
    variable: 'MULTIRANK_ONNX_THREADS',
    defaultValue: '1',
    parse: integer(1, 256),
    description:
      'ONNX Runtime intra-op threads per model call; 1 by default, since requests run in parallel, not rows.',
  }),
  variable({
    key: 'workers',
    variable: 'MULTIRANK_WORKERS',
    defaultValue: '0',
    parse: integer(0, 256),
    description:
      'Scoring worker threads (encoding and the model call, off the event loop); 0: one per core (`os.availableParallelism()`); 1: score on the event loop, no workers.',
  }),
  variable({
    key: 'rankQueue',
    variable: 'MULTIRANK_RANK_QUEUE',
    defaultValue: '64',
    parse: integer(0, 100_000),
    description:
      'Rank requests that may wait for a busy scoring worker; beyond that they answer 503 with Retry-After at once instead of waiting.',
  }),
  variable({
    key: 'rankTimeoutMs',
    variable: 'MULTIRANK_RANK_TIMEOUT_MS',
    defaultValue: '5000',
    parse: integer(1, 600_000),
    description:
      'Longest a request may wait for and use a scoring worker before it answers 503; a worker that overruns it is replaced.',
  }),
  variable({
    key: 'bodyLimitBytes',
    variable: 'MULTIRANK_BODY_LIMIT',
    defaultValue: '1048576',
    parse: integer(1024, 1 << 30),
    description: 'Largest request body in bytes; larger bodies get 413.',
  }),
  variable({
    key: 'requestTimeoutMs',
    variable: 'MULTIRANK_REQUEST_TIMEOUT_MS',
    defaultValue: '10000',
    parse: integer(1, 600_000),
    description:
      'Time allowed to receive a whole request, headers and body; a client still sending by then gets 408 and its connection is closed (checked every second), so stalled uploads cannot pile up connections (docs/operations.md).',
  }),
  variable({
    key: 'keepAliveTimeoutMs',
    variable: 'MULTIRANK_KEEP_ALIVE_TIMEOUT_MS',
    defaultValue: '72000',
    parse: integer(1, 600_000),
    description: 'Idle keep-alive; keep it above the load balancer idle timeout.',
  }),
  variable({
    key: 'shutdownTimeoutMs',
    variable: 'MULTIRANK_SHUTDOWN_TIMEOUT_MS',
    defaultValue: '10000',
    parse: integer(1, 600_000),
    description:
      'On SIGTERM/SIGINT, the longest shutdown may take. Idle connections close at once and requests whose body stalls within a second; in-flight requests may run until 1 s before the timeout (until half of it when it is under 2 s), then their connections are closed, the stores closed, exit 0. Past the timeout the process exits 1 (docs/operations.md).',
  }),
  variable({
    key: 'modelDir',
    variable: 'MULTIRANK_MODEL',
    defaultValue: '',
    parse: text,
    description:
      'Model bundle directory loaded at start (hash verified); unset: the shipped `models/default`. A bundle that fails to load stops the start with a message.',
  }),
  variable({
    key: 'modelsDir',
    variable: 'MULTIRANK_MODELS_DIR',
    defaultValue: '',
    parse: text,
    description:
      'Folder of model bundles that `GET /v1/models` lists and `POST /v1/models/:version/activate` loads (`:version` is a folder name); unset: the folder holding the served bundle.',
  }),
  variable({
    key: 'maxCandidates',
    variable: 'MULTIRANK_MAX_CANDIDATES',
    defaultValue: '1000',
    parse: integer(1, 100_000),
    description: 'Most candidates one rank request may send; more is a 400.',
  }),
  variable({
    key: 'batchMax',
    variable: 'MULTIRANK_BATCH_MAX',
    defaultValue: '100',
    parse: integer(1, 10_000),
    description: 'Most rank requests one `POST /v1/rank/batch` call may carry; more is a 400.',
  }),
  variable({
    key: 'unknownItems',
    variable: 'MULTIRANK_UNKNOWN_ITEMS',
    defaultValue: 'default',
    parse: oneOf(['default', 'reject'] as const),
    description:
      'A candidate missing from the item catalog: `default` ranks it with default item features and flags it `unknown`; `reject` answers 400 naming it. A request may override with `unknownItems`.',
  }),
  variable({
    key: 'weights',
    variable: 'MULTIRANK_WEIGHTS',
    defaultValue: '',
    parse: text,
    description:
      'The default combination profile outside experiments, as its weighted-sum shorthand, e.g. `click=1,like=0.5,dismiss=-1` (docs/combination.md); unset: `click=1`. Checked against every model at load.',
  }),
  variable({
    key: 'userFeaturesUrl',
    variable: 'MULTIRANK_USER_FEATURES_URL',
    defaultValue: '',
    parse: text,
    description:
      'User feature service (`POST {"ids": [...]}` → `{"users": {...}}`); takes precedence over the user table.',
  }),
  variable({
    key: 'userTable',
    variable: 'MULTIRANK_USER_TABLE',
    defaultValue: '',
    parse: text,
    description:
      "User table file (JSONL or CSV, keyed by the model's user key) as the feature origin; unset: the served bundle's `users.jsonl`.",
  }),
  variable({
    key: 'userCacheTtlSeconds',
    variable: 'MULTIRANK_USER_CACHE_TTL_SECONDS',
    defaultValue: '300',
    parse: integer(1, 30 * 86_400),
    description: "Lifetime of a user's features in Redis (plus up to 10% jitter).",
  }),
  variable({
    key: 'historyLength',
    variable: 'MULTIRANK_HISTORY_LENGTH',
    defaultValue: '50',
    parse: integer(1, 10_000),
    description: 'Watched and dismissed items kept per user in Redis (newest first).',
  }),
  variable({
    key: 'contextCurrentItem',
    variable: 'MULTIRANK_CONTEXT_CURRENT_ITEM',
    defaultValue: 'current_item_id',
    parse: text,
    description:
      'Request context key of the item being watched (anchor of the generators; left out of generated candidates).',
  }),
  variable({
    key: 'contextDevice',
    variable: 'MULTIRANK_CONTEXT_DEVICE',
    defaultValue: 'device',
    parse: text,
    description: 'Request context key of the device (popular and trending per device).',
  }),
  variable({
    key: 'contextHistory',
    variable: 'MULTIRANK_CONTEXT_HISTORY',
    defaultValue: 'recent_items',
    parse: text,
    description:
      'Request context key of the recent watches; filled from the Redis history when the request omits it.',
  }),
  variable({
    key: 'experimentsFile',
    variable: 'MULTIRANK_EXPERIMENTS_FILE',
    defaultValue: '',
    parse: text,
    description:
      'Experiment definitions (YAML or JSON, `{experiments: [...]}`), loaded at start and written to Redis when Redis has not seen them; see docs/experiments.md.',
  }),
  variable({
    key: 'experimentsRefreshMs',
    variable: 'MULTIRANK_EXPERIMENTS_REFRESH_MS',
    defaultValue: '2000',
    parse: integer(0, 600_000),
    description:
      'How often each replica polls Redis for experiment changes (one GET of a version counter); 0 turns polling off.',
  }),
  variable({
    key: 'itemsMaxBatch',
    variable: 'MULTIRANK_ITEMS_MAX_BATCH',
    defaultValue: '1000',
    parse: integer(1, 100_000),
    description:
      'Most items one `PUT /v1/items` call may carry (each checked on its own; see docs/catalog.md).',
  }),
  variable({
    key: 'catalogRefreshMs',
    variable: 'MULTIRANK_CATALOG_REFRESH_MS',
    defaultValue: '500',
    parse: integer(0, 600_000),
    description:
      "How often each replica reads the live catalog's change feed in Redis (one script call): items pushed, taken down and user features pushed reach every replica within about this long. Keep it at or under `MULTIRANK_EXPERIMENTS_REFRESH_MS`; 0 turns it off.",
  }),
  variable({
    key: 'candidatesRefreshSeconds',
    variable: 'MULTIRANK_CANDIDATES_REFRESH_SECONDS',
    defaultValue: '60',
    parse: integer(0, 86_400),
    description:
      "How often popular and trending (per device) are recomputed from the Redis event stream's clicks since the candidate index was built, with the index's half-lives; 0 keeps the index's lists.",
  }),
  variable({
    key: 'eventsFile',
    variable: 'MULTIRANK_EVENTS_FILE',
    defaultValue: 'data/events.jsonl',
    parse: text,
    description: 'Without Redis: the append-only event log (fsync before acknowledging); see docs/events.md.',
  }),
  variable({
    key: 'eventsSpool',
    variable: 'MULTIRANK_EVENTS_SPOOL',
    defaultValue: 'data/events-spool.jsonl',
    parse: text,
    description:
      'With Redis: where events go while Redis is down, replayed when it returns (one per replica, on a persistent volume).',
  }),
  variable({
    key: 'eventsStreamMaxLength',
    variable: 'MULTIRANK_EVENTS_STREAM_MAXLEN',
    defaultValue: '10000000',
    parse: integer(0, 1e12),
    description: 'Approximate cap of the Redis event stream; 0 keeps everything.',
  }),
  variable({
    key: 'eventsDedupeTtlSeconds',
    variable: 'MULTIRANK_EVENTS_DEDUPE_TTL_SECONDS',
    defaultValue: '86400',
    parse: integer(60, 365 * 86_400),
    description: 'How long an eventId is remembered in Redis, so a retry within it is stored once.',
  }),
  variable({
    key: 'eventsMaxBatch',
    variable: 'MULTIRANK_EVENTS_MAX_BATCH',
    defaultValue: '1000',
    parse: integer(1, 100_000),
    description: 'Most events one `POST /v1/events` call may carry.',
  }),
  variable({
    key: 'adminKey',
    variable: 'MULTIRANK_ADMIN_KEY',
    defaultValue: '',
    parse: adminKey,
    description: `API key of the admin routes (\`x-api-key\` or \`Authorization: Bearer\`), at least ${ADMIN_KEY_MIN_LENGTH} characters (a shorter one stops the start); unset: admin routes answer 403.`,
  }),
  variable({
    key: 'rateLimitPerMinute',
    variable: 'MULTIRANK_RATE_LIMIT_PER_MINUTE',
    defaultValue: '6000',
    parse: integer(0, 100_000_000),
    description:
      'Requests per minute per client address before 429, counted per replica (health and metrics exempt); 0 turns it off.',
  }),
  variable({
    key: 'trustProxy',
    variable: 'MULTIRANK_TRUST_PROXY',
    defaultValue: 'false',
    parse: oneOf(['true', 'false'] as const),
    description:
      'Behind a load balancer set `true`, so the client address (rate limit, logs) comes from X-Forwarded-For instead of being the balancer.',
  }),
  variable({
    key: 'maxEventLoopDelayMs',
    variable: 'MULTIRANK_MAX_EVENT_LOOP_DELAY_MS',
    defaultValue: '1000',
    parse: integer(0, 600_000),
    description: 'Load shedding: above this event-loop delay requests get 503 + Retry-After; 0 turns it off.',
  }),
  variable({
    key: 'retryAfterSeconds',
    variable: 'MULTIRANK_RETRY_AFTER_SECONDS',
    defaultValue: '5',
    parse: integer(1, 3600),
    description:
      'Retry-After of a request shed with 503 (a 429 carries the time until its rate window resets).',
  }),
];

/** Reads and validates the configuration; throws ConfigError naming the first bad variable. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const config: Partial<Record<keyof Config, unknown>> = {};
  for (const spec of CONFIG_VARIABLES) {
    const raw = env[spec.variable] ?? spec.defaultValue;
    config[spec.key] = raw === undefined ? undefined : spec.parse(raw.trim(), spec.variable);
  }
  return config as Config;
}

/** Reads one variable through the table: for CLI verbs that need a setting, not the whole service's. */
export function readSetting<K extends keyof Config>(key: K, env: NodeJS.ProcessEnv = process.env): Config[K] {
  const spec = CONFIG_VARIABLES.find((candidate) => candidate.key === key) as VariableSpec<K> | undefined;
  if (!spec) throw new Error(`no configuration variable for ${key}`);
  const raw = env[spec.variable] ?? spec.defaultValue;
  return (raw === undefined ? undefined : spec.parse(raw.trim(), spec.variable)) as Config[K];
}

/** The event store's settings of a loaded config (the server and the CLI find events in one place). */
export function eventSettings(config: Config): EventSettings {
  return {
    file: config.eventsFile,
    spoolFile: config.eventsSpool,
    streamMaxLength: config.eventsStreamMaxLength,
    dedupeTtlSeconds: config.eventsDedupeTtlSeconds,
    maxBatch: config.eventsMaxBatch,
  };
}

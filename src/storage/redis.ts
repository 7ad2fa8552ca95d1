/**
 * Redis connections chosen by URL: `redis://` (or `rediss://`) for a single node,
 * `redis+cluster://host:port,host:port` for a Redis Cluster.
 *
 * Clients are built to fail fast rather than queue: the offline queue is off and every command
 * has a timeout, so a Redis outage turns into quick errors the callers degrade around, never into
 * requests hanging behind a reconnect loop.
 *
 * The service opens one connection per purpose (openRedisConnections), each with its own command
 * timeout: `serving` for the rank path's reads (short: a slow Redis must degrade a rank request,
 * not stall it), `writes` for event batches, history pushes and the experiment store, `scans` for
 * report scans and exports. Separate connections also keep a 500-event script or a 1,000-entry
 * XRANGE page from holding up the rank path's replies on a shared socket. Stores receive one
 * client and pick their purpose's connection with redisFor; a client opened alone (tests, CLI
 * verbs) serves every purpose itself.
 */
import { Cluster, Redis, type RedisOptions } from 'ioredis';

/** Either kind of ioredis client; both speak the same command API. */
export type RedisClient = Redis | Cluster;

/** Options the service sets on every connection. */
export interface RedisConnectOptions {
  commandTimeoutMs: number;
  /** Prefix for every key, so several deployments (or test suites) can share one Redis. */
  keyPrefix?: string;
  /** Shown by `CLIENT LIST` (CLIENT SETNAME on connect), e.g. `multirank-serving`. */
  connectionName?: string;
}

/** A parsed REDIS_URL. */
export type RedisTarget =
  | { kind: 'single'; url: string }
  | { kind: 'cluster'; nodes: { host: string; port: number }[]; password?: string };

/** Splits REDIS_URL into a single-node URL or a list of cluster seed nodes. */
export function parseRedisUrl(url: string): RedisTarget {
  if (!url.startsWith('redis+cluster://')) return { kind: 'single', url };
  const rest = url.slice('redis+cluster://'.length);
  const at = rest.lastIndexOf('@');
  const auth = at >= 0 ? rest.slice(0, at) : '';
  const hosts = at >= 0 ? rest.slice(at + 1) : rest;
  const nodes = hosts
    .replace(/\/.*$/, '')
    .split(',')
    .filter((part) => part.length > 0)
    .map((part) => {
      const [host, port] = part.split(':');
      const portNumber = Number(port ?? 6379);
      if (!host || !Number.isInteger(portNumber)) throw new Error(`bad cluster node "${part}" in REDIS_URL`);
      return { host, port: portNumber };
    });
  if (nodes.length === 0) throw new Error('redis+cluster:// needs at least one host:port');
  const password = auth.includes(':') ? auth.slice(auth.indexOf(':') + 1) : auth || undefined;
  return password ? { kind: 'cluster', nodes, password } : { kind: 'cluster', nodes };
}

/** Opens a client for REDIS_URL; it connects in the background and reconnects forever. */
export function createRedisClient(url: string, options: RedisConnectOptions): RedisClient {
  const target = parseRedisUrl(url);
  const common: RedisOptions = {
    enableOfflineQueue: false,
    commandTimeout: options.commandTimeoutMs,
    maxRetriesPerRequest: 0,
    // Back off to at most 2 s between reconnect attempts; never give up.
    retryStrategy: (attempt) => Math.min(50 * 2 ** attempt, 2000),
    ...(options.keyPrefix ? { keyPrefix: options.keyPrefix } : {}),
    ...(options.connectionName ? { connectionName: options.connectionName } : {}),
  };
  if (target.kind === 'single') return new Redis(target.url, common);
  return new Cluster(target.nodes, {
    enableOfflineQueue: false,
    clusterRetryStrategy: (attempt) => Math.min(50 * 2 ** attempt, 2000),
    redisOptions: target.password ? { ...common, password: target.password } : common,
    ...(options.keyPrefix ? { keyPrefix: options.keyPrefix } : {}),
  });
}

/** What a connection carries; each purpose has its own connection and command timeout. */
export type RedisPurpose = 'serving' | 'writes' | 'scans';

/** The command timeout of each purpose's connection, in milliseconds. */
export type RedisTimeouts = Record<RedisPurpose, number>;

/** The service's connections to one Redis (single node or Cluster), one per purpose. */
export type RedisConnections = Readonly<Record<RedisPurpose, RedisClient>>;

const PURPOSES: readonly RedisPurpose[] = ['serving', 'writes', 'scans'];

/** Each connection opened by openRedisConnections, mapped to its set. */
const connectionSets = new WeakMap<RedisClient, RedisConnections>();

/**
 * Opens one connection per purpose to REDIS_URL, each with its purpose's command timeout
 * (MULTIRANK_REDIS_TIMEOUT_MS, MULTIRANK_REDIS_WRITE_TIMEOUT_MS, MULTIRANK_REDIS_SCAN_TIMEOUT_MS)
 * and named `multirank-<purpose>` in `CLIENT LIST`. Close them with closeRedisConnections.
 */
export function openRedisConnections(
  url: string,
  options: { timeoutsMs: RedisTimeouts; keyPrefix?: string },
): RedisConnections {
  const open = (purpose: RedisPurpose) =>
    createRedisClient(url, {
      commandTimeoutMs: options.timeoutsMs[purpose],
      connectionName: `multirank-${purpose}`,
      ...(options.keyPrefix ? { keyPrefix: options.keyPrefix } : {}),
    });
  const connections: RedisConnections = {
    serving: open('serving'),
    writes: open('writes'),
    scans: open('scans'),
  };
  for (const purpose of PURPOSES) connectionSets.set(connections[purpose], connections);
  return connections;
}

/**
 * The connection for `purpose` of the set `client` belongs to; `client` itself when it was opened
 * alone with createRedisClient (then its one timeout applies to every purpose).
 */
export function redisFor(client: RedisClient, purpose: RedisPurpose): RedisClient {
  return connectionSets.get(client)?.[purpose] ?? client;
}

/** Closes every connection of the set (see closeRedis). */
export async function closeRedisConnections(connections: RedisConnections): Promise<void> {
  await Promise.all(PURPOSES.map((purpose) => closeRedis(connections[purpose])));
}

/** True when the client is connected and answering. */
export function isRedisReady(client: RedisClient): boolean {
  return client.status === 'ready';
}

/** Closes the client, waiting for pending replies; falls back to a hard disconnect. */
export async function closeRedis(client: RedisClient): Promise<void> {
  try {
    if (client.status === 'ready') await client.quit();
    else client.disconnect();
  } catch {
    client.disconnect();
  }
}

/**
 * Resolves when the client is ready or after `ms` (0: at once), whichever comes first: a store
 * waits this long for its first connection before answering from what it has.
 */
export function untilReady(client: RedisClient, ms: number): Promise<void> {
  if (client.status === 'ready' || ms <= 0) return Promise.resolve();
  return new Promise((resolve) => {
    const done = () => {
      clearTimeout(timer);
      client.off('ready', done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    client.once('ready', done);
  });
}

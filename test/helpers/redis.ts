/**
 * A real Redis for integration tests, from the first source that works:
 *   1. REDIS_URL, when set (a developer's or CI's own server);
 *   2. a @testcontainers/redis container, when a Docker engine answers;
 *   3. a `redis-server` spawned on a free port, stopped after the suite.
 * Tests never assume the machine's own Redis on 6379. Every redis-server spawned here is killed
 * when the test worker stops, should its suite's afterAll never stop it.
 */
import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll } from 'vitest';
import { closeRedis, createRedisClient, isRedisReady, type RedisClient } from '../../src/storage/redis.js';
import { freePort } from './ports.js';
import { killAtWorkerExit, killChild, waitForOutput, watchProcess } from './process.js';
import { until } from './wait.js';

const run = promisify(execFile);

/** A Redis the suite may use; `stop` releases whatever was started for it. */
export interface RedisHandle {
  url: string;
  source: 'env' | 'testcontainers' | 'spawned';
  stop(): Promise<void>;
}

/** Resolves once `client` is connected and answering, however long that takes on a busy machine. */
export async function untilRedisReady(client: RedisClient): Promise<void> {
  await until(() => isRedisReady(client), 'connected to redis');
}

/**
 * A client of `url` that has answered once. Its error events are swallowed: the stores count the
 * errors, and outage tests expect them.
 */
export async function connectRedis(url: string, commandTimeoutMs: number): Promise<RedisClient> {
  const client = createRedisClient(url, { commandTimeoutMs });
  client.on('error', () => undefined);
  await untilRedisReady(client);
  return client;
}

/** A redis-server child process with its own port and data directory. */
export interface SpawnedRedis {
  port: number;
  /** `redis://127.0.0.1:<port>` */
  url: string;
  dir: string;
  process: ChildProcess;
  stop(): Promise<void>;
}

/**
 * Spawns `redis-server` on a free port (extra args appended, e.g. cluster mode) and waits until it
 * says it accepts connections. A port taken meanwhile by another worker makes it exit, and another
 * free port is tried; a fixed `port` (a restart in place) is not retried.
 */
export async function spawnRedisServer(extraArgs: string[] = [], port?: number): Promise<SpawnedRedis> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await startRedisServer(port ?? (await freePort(10_000)), extraArgs);
    } catch (error) {
      if (port !== undefined || attempt === 5 || !String(error).includes('already in use')) throw error;
    }
  }
}

async function startRedisServer(port: number, extraArgs: string[]): Promise<SpawnedRedis> {
  const dir = mkdtempSync(join(tmpdir(), 'multirank-redis-'));
  const args = [
    '--port',
    String(port),
    '--bind',
    '127.0.0.1',
    '--save',
    '',
    '--appendonly',
    'no',
    '--dir',
    dir,
  ];
  // The log goes to stdout: its ready line is the event to wait for (no PING, which another
  // worker's server on a colliding port would answer), and a failed start says why.
  const child = spawn('redis-server', [...args, ...extraArgs], { stdio: ['ignore', 'pipe', 'pipe'] });
  killAtWorkerExit(child);
  const server = watchProcess(child);
  try {
    await waitForOutput(server, /Ready to accept connections/);
  } catch (error) {
    await killChild(child);
    rmSync(dir, { recursive: true, force: true });
    throw new Error(`could not start redis-server on port ${port} (is it installed?): ${String(error)}`);
  }
  return {
    port,
    url: `redis://127.0.0.1:${port}`,
    dir,
    process: child,
    async stop() {
      if (child.exitCode === null && child.signalCode === null) {
        child.kill('SIGTERM');
        child.kill('SIGCONT'); // a test may have stopped it (SIGSTOP): let it see the SIGTERM
        await server.exited;
      }
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

function dockerEngineLikely(): boolean {
  return Boolean(process.env.DOCKER_HOST) || existsSync('/var/run/docker.sock');
}

async function startContainer(): Promise<RedisHandle> {
  const { RedisContainer } = await import('@testcontainers/redis');
  const container = await new RedisContainer('redis:7-alpine').start();
  return {
    url: container.getConnectionUrl(),
    source: 'testcontainers',
    async stop() {
      await container.stop();
    },
  };
}

/** A single Redis node for one test suite (see the file comment for the order of sources). */
export async function startRedis(): Promise<RedisHandle> {
  if (process.env.REDIS_URL)
    return { url: process.env.REDIS_URL, source: 'env', stop: async () => undefined };
  if (dockerEngineLikely()) {
    try {
      return await startContainer();
    } catch {
      // The engine did not answer after all; fall through to a local process.
    }
  }
  const server = await spawnRedisServer();
  return { url: `redis://127.0.0.1:${server.port}`, source: 'spawned', stop: () => server.stop() };
}

/** A local Redis Cluster of spawned masters; `url` is the service's redis+cluster:// form. */
export interface RedisClusterHandle {
  nodes: { host: string; port: number }[];
  url: string;
  stop(): Promise<void>;
}

async function clusterIsOk(port: number): Promise<boolean> {
  const { stdout } = await run('redis-cli', ['-p', String(port), 'cluster', 'info']);
  return stdout.includes('cluster_state:ok');
}

/** Spawns `masters` cluster-enabled redis-servers, joins them with `redis-cli --cluster create`, waits for ok. */
export async function startRedisCluster(masters = 3): Promise<RedisClusterHandle> {
  const servers: SpawnedRedis[] = [];
  try {
    for (let i = 0; i < masters; i++) {
      servers.push(
        await spawnRedisServer([
          '--cluster-enabled',
          'yes',
          '--cluster-config-file',
          'nodes.conf',
          '--cluster-node-timeout',
          '2000',
        ]),
      );
    }
    const addresses = servers.map((s) => `127.0.0.1:${s.port}`);
    await run('redis-cli', ['--cluster', 'create', ...addresses, '--cluster-replicas', '0', '--cluster-yes']);
    for (const server of servers)
      await until(() => clusterIsOk(server.port), `cluster_state:ok on port ${server.port}`, 100);
  } catch (error) {
    await Promise.all(servers.map((s) => s.stop()));
    throw error;
  }
  const nodes = servers.map((s) => ({ host: '127.0.0.1', port: s.port }));
  return {
    nodes,
    url: `redis+cluster://${nodes.map((n) => `${n.host}:${n.port}`).join(',')}`,
    async stop() {
      await Promise.all(servers.map((s) => s.stop()));
    },
  };
}

/** What a suite needs of a started Redis: where it is, and how to stop it. */
export interface StartedRedis {
  url: string;
  stop(): Promise<void>;
}

/** A Redis of a describe block and a client of it, set once the block's beforeAll has run. */
export interface RedisSuite<R> {
  /** What `start` gave; a test may replace it (a server killed and restarted): afterAll stops this one. */
  server: R;
  client: RedisClient;
}

/**
 * Registers the block's beforeAll, which starts a Redis with `start` and connects a client to it
 * (connectRedis), and its afterAll, which closes the client, then stops the Redis.
 */
export function redisSuite<R extends StartedRedis>(
  start: () => Promise<R>,
  commandTimeoutMs: number,
): RedisSuite<R> {
  const suite: Partial<RedisSuite<R>> = {};
  beforeAll(async () => {
    suite.server = await start();
    suite.client = await connectRedis(suite.server.url, commandTimeoutMs);
  });
  afterAll(async () => {
    if (suite.client) await closeRedis(suite.client);
    await suite.server?.stop();
  });
  return suite as RedisSuite<R>;
}

/** A single node and a 3-master Cluster: for `describe.each` over both. */
export const REDIS_TOPOLOGIES: { name: string; start: () => Promise<StartedRedis> }[] = [
  { name: 'a single Redis node', start: startRedis },
  { name: 'a Redis Cluster', start: () => startRedisCluster(3) },
];

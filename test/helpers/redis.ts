/**
 * A real Redis for integration tests, from the first source that works:
 *   1. REDIS_URL, when set (a developer's or CI's own server);
 *   2. a @testcontainers/redis container, when a Docker engine answers;
 *   3. a `redis-server` spawned on a free port, stopped after the suite.
 * Tests never assume the machine's own Redis on 6379.
 */
import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { Redis } from 'ioredis';
import { freePort } from './ports.js';

const run = promisify(execFile);

/** A Redis the suite may use; `stop` releases whatever was started for it. */
export interface RedisHandle {
  url: string;
  source: 'env' | 'testcontainers' | 'spawned';
  stop(): Promise<void>;
}

/** Waits until a PING to host:port answers PONG, or fails after timeoutMs. */
export async function waitForRedis(host: string, port: number, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const probe = new Redis({
      host,
      port,
      lazyConnect: true,
      maxRetriesPerRequest: 0,
      retryStrategy: () => null,
    });
    probe.on('error', () => undefined); // refusals are expected while the server starts
    try {
      await probe.connect();
      if ((await probe.ping()) === 'PONG') return;
    } catch {
      // not up yet
    } finally {
      probe.disconnect();
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`redis at ${host}:${port} did not answer within ${timeoutMs} ms`);
}

/** A redis-server child process with its own port and data directory. */
export interface SpawnedRedis {
  port: number;
  dir: string;
  process: ChildProcess;
  stop(): Promise<void>;
}

/** Spawns `redis-server` on a free port (extra args appended, e.g. cluster mode) and waits for it. */
export async function spawnRedisServer(extraArgs: string[] = [], port?: number): Promise<SpawnedRedis> {
  const chosen = port ?? (await freePort(10_000));
  const dir = mkdtempSync(join(tmpdir(), 'multirank-redis-'));
  const args = [
    '--port',
    String(chosen),
    '--bind',
    '127.0.0.1',
    '--save',
    '',
    '--appendonly',
    'no',
    '--dir',
    dir,
  ];
  const child = spawn('redis-server', [...args, ...extraArgs], { stdio: 'ignore' });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.once('error', () => undefined);
  try {
    await waitForRedis('127.0.0.1', chosen);
  } catch (error) {
    child.kill('SIGKILL');
    throw new Error(`could not start redis-server (is it installed?): ${String(error)}`);
  }
  return {
    port: chosen,
    dir,
    process: child,
    async stop() {
      if (child.exitCode === null && child.signalCode === null) {
        child.kill('SIGTERM');
        await exited;
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
    const deadline = Date.now() + 20_000;
    for (const server of servers) {
      while (!(await clusterIsOk(server.port))) {
        if (Date.now() > deadline) throw new Error('redis cluster did not reach cluster_state:ok');
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
    }
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

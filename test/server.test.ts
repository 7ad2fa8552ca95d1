import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { connect, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Type } from '@sinclair/typebox';
import * as tf from '@tensorflow/tfjs';
import { pino } from 'pino';
import { afterEach, describe, expect, it } from 'vitest';
import { createMultirankClient } from '../src/client/index.js';
import { loadConfig } from '../src/config.js';
import { startServer } from '../src/server.js';
import { closeRedis, createRedisClient, type RedisClient } from '../src/storage/redis.js';
import { buildTestApp } from './helpers/app.js';
import { type RunningProcess, spawnCli, waitForOutput } from './helpers/process.js';
import { spawnRedisServer, untilRedisReady } from './helpers/redis.js';
import { until, WAIT_DEADLINE_MS } from './helpers/wait.js';

const DEFAULT_MODEL = new URL('../models/default/', import.meta.url).pathname;

function get(url: string): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    request(url, (res) => {
      let body = '';
      res.on('data', (chunk: Buffer) => {
        body += chunk.toString();
      });
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
    })
      .on('error', reject)
      .end();
  });
}

const sockets: Socket[] = [];
afterEach(() => {
  for (const socket of sockets.splice(0)) socket.destroy();
});

/** `multirank serve`; like every spawnCli process, killed when its test ends, whatever failed. */
function serve(env: NodeJS.ProcessEnv): RunningProcess {
  return spawnCli(['serve'], env);
}

const LISTENING = /Server listening at (http:\/\/127\.0\.0\.1:(\d+))/;
/** Long enough for the start deadline on a loaded machine, then the test itself. */
const SPAWNED_SERVER_TEST_MS = WAIT_DEADLINE_MS + 30_000;

describe('multirank serve (the real process)', () => {
  it(
    'serves the probes, then exits 0 on SIGTERM after closing',
    async () => {
      const cli = serve({ PORT: '0', HOST: '127.0.0.1', MULTIRANK_TF_BACKEND: 'cpu' });
      const [, base] = await waitForOutput(cli, LISTENING);
      expect((await get(`${base}/healthz`)).status).toBe(200);
      const ready = JSON.parse((await get(`${base}/readyz`)).body);
      expect(ready).toMatchObject({ backend: 'cpu', degraded: ['redis'] });
      // The shipped default model is loaded, hash verified, and named by the probe.
      expect(ready.components).toContainEqual({
        name: 'model',
        status: 'ok',
        detail: expect.stringMatching(/^default sha256:/),
      });
      cli.child.kill('SIGTERM');
      expect(await cli.exited).toBe(0);
      expect(cli.output()).toContain('shutdown complete');
    },
    SPAWNED_SERVER_TEST_MS,
  );

  it(
    'exits 0 on SIGTERM after closing the stores while a client stalls in the middle of a body',
    async () => {
      // The request timeout is far beyond the shutdown timeout: only shutdown itself can drop the
      // stalled connection in time.
      const cli = serve({
        PORT: '0',
        HOST: '127.0.0.1',
        MULTIRANK_TF_BACKEND: 'cpu',
        MULTIRANK_REQUEST_TIMEOUT_MS: '600000',
        MULTIRANK_SHUTDOWN_TIMEOUT_MS: '5000',
      });
      const [, , port] = await waitForOutput(cli, LISTENING);
      const socket = connect(Number(port), '127.0.0.1');
      sockets.push(socket);
      socket.on('error', () => undefined);
      socket.write(
        'POST /v1/rank HTTP/1.1\r\nhost: 127.0.0.1\r\ncontent-type: application/json\r\ncontent-length: 1000\r\n\r\n{"userId"',
      );
      // fastify logs the request once its headers are in; the body never completes.
      await waitForOutput(cli, /"url":"\/v1\/rank".*"msg":"incoming request"/);
      const socketClosed = new Promise<void>((resolve) => socket.once('close', () => resolve()));

      cli.child.kill('SIGTERM');
      expect(await cli.exited).toBe(0);
      await socketClosed;
      expect(cli.output()).toContain('shutdown complete');
      expect(cli.output()).not.toContain('shutdown timed out');
    },
    SPAWNED_SERVER_TEST_MS,
  );

  it('refuses to start when the model bundle cannot be loaded, naming the variable', async () => {
    const cli = serve({
      PORT: '0',
      MULTIRANK_TF_BACKEND: 'cpu',
      MULTIRANK_MODEL: '/nonexistent/model',
    });
    expect(await cli.exited).toBe(78);
    expect(cli.output()).toContain('MULTIRANK_MODEL: cannot load /nonexistent/model: no such directory');
  });

  it('refuses a bundle whose files changed after training', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'multirank-tampered-'));
    try {
      cpSync(DEFAULT_MODEL, dir, { recursive: true });
      const weights = readFileSync(join(dir, 'weights.bin'));
      weights[0] = (weights[0]! + 1) % 256;
      writeFileSync(join(dir, 'weights.bin'), weights);
      const cli = serve({ PORT: '0', MULTIRANK_TF_BACKEND: 'cpu', MULTIRANK_MODEL: dir });
      expect(await cli.exited).toBe(78);
      expect(cli.output()).toContain(`MULTIRANK_MODEL: model bundle ${dir}: content hash mismatch`);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('refuses to start on a bad variable, naming it', async () => {
    const cli = serve({ PORT: 'eighty' });
    expect(await cli.exited).toBe(78);
    expect(cli.output()).toContain('PORT: expected an integer, got "eighty"');
  });
});

describe('graceful close', () => {
  it('lets an in-flight request finish while refusing new connections', async () => {
    const app = await buildTestApp();
    // Close once the request is in its handler (an event, not a guess at how long that takes).
    let entered: () => void = () => undefined;
    const inHandler = new Promise<void>((resolve) => {
      entered = resolve;
    });
    app.get('/slow', { schema: { querystring: Type.Object({ ms: Type.Integer() }) } }, async (req) => {
      entered();
      await new Promise((resolve) => setTimeout(resolve, req.query.ms));
      return { done: true };
    });
    const base = await app.listen({ host: '127.0.0.1', port: 0 });
    const inFlight = get(`${base}/slow?ms=300`);
    await inHandler;
    const closed = app.close();
    const finished = await inFlight;
    expect(finished).toEqual({ status: 200, body: '{"done":true}' });
    await closed;
    await expect(get(`${base}/healthz`)).rejects.toThrow(/ECONNREFUSED/);
  });
});

describe('startServer (in process)', () => {
  it('ranks over a real socket on the port it picked, without Redis, then closes cleanly', async () => {
    const config = loadConfig({ PORT: '0', HOST: '127.0.0.1', MULTIRANK_TF_BACKEND: 'wasm', REDIS_URL: '' });
    const tensorsBefore = tf.memory().numTensors;
    const server = await startServer(config, pino({ level: 'silent' }));
    try {
      expect(server.address).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
      expect(server.address).not.toMatch(/:0$/);
      // Through the typed client (multirank/client), as a caller would.
      const client = createMultirankClient({ baseUrl: server.address });
      const { data: body, response } = await client.POST('/v1/rank', {
        body: { userId: 'u1', limit: 3, explain: true },
      });
      expect(response.status).toBe(200);
      expect(body?.model).toBe('default');
      expect(body?.items).toHaveLength(3);
      // No Redis: the features come from the bundle's user table, the history is simply absent.
      expect(body?.explanation).toMatchObject({ userFeatureSource: 'origin', historySource: 'none' });
    } finally {
      await server.close();
    }
    // Not listening any more (no connect attempt: a parallel suite may already hold the port).
    expect(server.app.server.listening).toBe(false);
    expect(tf.memory().numTensors).toBe(tensorsBefore); // the served model was disposed
    await server.close(); // a second close is harmless: two signals may arrive
  });
});

describe('startServer with Redis (in process)', () => {
  /** The names of the clients connected to Redis, as CLIENT LIST shows them. */
  async function clientNames(probe: RedisClient): Promise<string[]> {
    const list = (await probe.client('LIST')) as string;
    return [...list.matchAll(/ name=(\S*)/g)].map((match) => match[1] ?? '').filter((n) => n !== '');
  }

  it('opens one connection per purpose and closes every one of them on close', async () => {
    const redis = await spawnRedisServer();
    const url = `redis://127.0.0.1:${redis.port}`;
    const probe = createRedisClient(url, { commandTimeoutMs: 2_000 });
    const dir = mkdtempSync(join(tmpdir(), 'multirank-server-redis-'));
    try {
      await untilRedisReady(probe);
      const config = loadConfig({
        PORT: '0',
        HOST: '127.0.0.1',
        MULTIRANK_TF_BACKEND: 'wasm',
        REDIS_URL: url,
        MULTIRANK_EVENTS_SPOOL: join(dir, 'spool.jsonl'),
      });
      const server = await startServer(config, pino({ level: 'silent' }));
      try {
        const expected = ['multirank-scans', 'multirank-serving', 'multirank-writes'];
        await until(
          async () => (await clientNames(probe)).sort().join() === expected.join(),
          'one connection per purpose',
        );
      } finally {
        await server.close();
      }
      await until(async () => (await clientNames(probe)).length === 0, 'every connection closed');
    } finally {
      await closeRedis(probe);
      await redis.stop();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

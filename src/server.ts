/**
 * The process: configuration, logger, TF.js backend, Redis, listen, graceful close.
 * `npm start` runs this file; `multirank serve` calls runServer().
 */
import { existsSync } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { pino } from 'pino';
import type { MultirankApp } from './app.js';
import { buildApp } from './app.js';
import { type Config, ConfigError, loadConfig } from './config.js';
import { selectBackend } from './engine/tfjs-backend.js';
import { openEventStore } from './events/event-store.js';
import type { ServedModel } from './ranking/served-model.js';
import { createServing, loadModelFor } from './serving/serving.js';
import {
  closeRedisConnections,
  openRedisConnections,
  type RedisClient,
  type RedisConnections,
  type RedisPurpose,
} from './storage/redis.js';

/** A started service and how to stop it. */
export interface RunningServer {
  app: MultirankApp;
  address: string;
  close(): Promise<void>;
}

/** Starts the service on config.host:config.port and returns once it listens. */
export async function startServer(
  config: Config,
  logger = pino({ level: config.logLevel }),
): Promise<RunningServer> {
  const choice = await selectBackend(config.tfBackend);
  logger.info(
    { backend: choice.backend, skipped: choice.skipped },
    `TensorFlow.js backend: ${choice.backend}`,
  );

  const model = await loadStartModel(config);
  logger.info(
    {
      model: model.version,
      contentHash: model.bundle.manifest.contentHash,
      dir: model.bundle.dir,
      items: model.catalog?.size ?? 0,
      users: model.users?.size ?? 0,
      candidateIndex: model.candidates !== null,
      engine: model.engine,
    },
    `model ${model.version} loaded, running on ${model.engine}`,
  );
  for (const warning of model.warnings)
    logger.warn({ model: model.version }, `model ${model.version}: ${warning}`);

  // One connection per purpose, each with its own timeout (src/storage/redis.ts). The serving
  // connection stands for the set: /readyz reports it, and each store reaches its own purpose's
  // connection through redisFor.
  let connections: RedisConnections | undefined;
  let redis: RedisClient | undefined;
  if (config.redisUrl) {
    connections = openRedisConnections(config.redisUrl, {
      timeoutsMs: {
        serving: config.redisCommandTimeoutMs,
        writes: config.redisWriteTimeoutMs,
        scans: config.redisScanTimeoutMs,
      },
    });
    for (const [purpose, client] of Object.entries(connections) as [RedisPurpose, RedisClient][]) {
      client.on('error', (err: Error) =>
        logger.warn(
          { err: err.message, connection: purpose },
          `redis error (${purpose} connection); degraded`,
        ),
      );
      client.on('ready', () => logger.info({ connection: purpose }, `redis ready (${purpose} connection)`));
    }
    redis = connections.serving;
  } else {
    logger.warn('REDIS_URL not set: running without the shared cache, experiment store and event store');
  }
  const closeConnections = async (): Promise<void> => {
    if (connections) await closeRedisConnections(connections);
  };

  let app: MultirankApp;
  let address: string;
  const events = await openEventStore({
    redis,
    file: resolve(config.eventsFile),
    spoolFile: resolve(config.eventsSpool),
    streamMaxLength: config.eventsStreamMaxLength,
    dedupeTtlSeconds: config.eventsDedupeTtlSeconds,
    onError: (message, error) => logger.warn({ err: (error as Error).message }, message),
  }).catch(async (error: unknown) => {
    await closeConnections();
    model.dispose();
    throw new ModelLoadError(`MULTIRANK_EVENTS_FILE: ${(error as Error).message}`);
  });
  const serving = await createServing(config, model, redis, logger.child({ component: 'experiments' })).catch(
    async (error: unknown) => {
      await events.close();
      await closeConnections();
      model.dispose();
      // The failing part names itself (user table, experiments file …).
      throw new ModelLoadError((error as Error).message);
    },
  );
  // Requests received and not yet answered, so shutdown can tell the ones still waiting for their
  // body (no handler runs for them yet) from those being worked on.
  const unanswered = new Set<IncomingMessage>();
  try {
    app = await buildApp({ config, backend: choice.backend, redis, logger, serving, events });
    app.server.on('request', (request: IncomingMessage, response: ServerResponse) => {
      unanswered.add(request);
      response.once('close', () => unanswered.delete(request));
    });
    address = await app.listen({ host: config.host, port: config.port });
  } catch (error) {
    // A port in use or a bad plugin: release what was opened before failing the start.
    await serving.close();
    await events.close();
    await closeConnections();
    throw error;
  }

  // Shutdown must end within MULTIRANK_SHUTDOWN_TIMEOUT_MS with the stores closed, whatever the
  // clients do: in-flight requests get the timeout minus a reserve for closing the stores.
  const { shutdownTimeoutMs } = config;
  const drainMs = shutdownTimeoutMs - Math.min(1_000, Math.floor(shutdownTimeoutMs / 2));
  const stalledBodyGraceMs = Math.min(1_000, drainMs);
  const dropStalledBodies = (): void => {
    // Still no complete body a moment into shutdown: a stalled (or slowloris) client. Its handler
    // never ran, so nothing is lost; waiting for it would hold the process to the timeout.
    let dropped = 0;
    for (const request of unanswered) {
      if (request.complete || request.socket.destroyed) continue;
      request.socket.destroy();
      dropped += 1;
    }
    if (dropped > 0)
      logger.info({ dropped }, `shutdown: closed ${dropped} connection(s) whose request body stalled`);
  };
  const closeEveryConnection = (): void => {
    logger.warn(
      { inFlight: unanswered.size, drainMs },
      `shutdown: ${unanswered.size} request(s) still in flight after ${drainMs} ms; closing their connections`,
    );
    app.server.closeAllConnections();
  };

  let closing: Promise<void> | undefined;
  const close = (): Promise<void> => {
    // Stop accepting and close idle keep-alive connections at once (forceCloseConnections: 'idle'),
    // let in-flight requests finish (answered with `connection: close`), drop connections whose
    // body stalled, cut whatever is left once the drain time is over, then release the stores.
    closing ??= (async () => {
      const closed = app.close();
      const timers = [
        setTimeout(dropStalledBodies, stalledBodyGraceMs),
        setTimeout(closeEveryConnection, drainMs),
      ];
      for (const timer of timers) timer.unref();
      try {
        await closed;
      } finally {
        for (const timer of timers) clearTimeout(timer);
      }
      await serving.close();
      await events.close();
      await closeConnections();
    })();
    return closing;
  };
  return { app, address, close };
}

/** The bundle to serve: MULTIRANK_MODEL, or the packaged default next to src/ and dist/. */
export function servedModelDir(configured: string): string {
  return configured === ''
    ? fileURLToPath(new URL('../models/default/', import.meta.url))
    : resolve(configured);
}

async function loadStartModel(config: Config): Promise<ServedModel> {
  const dir = servedModelDir(config.modelDir);
  if (!existsSync(dir)) throw new ModelLoadError(`MULTIRANK_MODEL: cannot load ${dir}: no such directory`);
  try {
    return await loadModelFor(config, dir);
  } catch (error) {
    // loadBundle's messages already name the bundle and the file at fault.
    throw new ModelLoadError(`MULTIRANK_MODEL: ${(error as Error).message}`);
  }
}

/** The configured model bundle could not be loaded: the service does not start. */
export class ModelLoadError extends Error {
  override name = 'ModelLoadError';
}

/** Runs until SIGTERM/SIGINT, then closes gracefully within config.shutdownTimeoutMs. */
export async function runServer(env: NodeJS.ProcessEnv = process.env): Promise<void> {
  let config: Config;
  try {
    config = loadConfig(env);
  } catch (error) {
    if (error instanceof ConfigError) {
      console.error(`multirank: invalid configuration: ${error.message}`);
      process.exit(78); // EX_CONFIG
    }
    throw error;
  }
  const logger = pino({ level: config.logLevel });
  let server: RunningServer;
  try {
    server = await startServer(config, logger);
  } catch (error) {
    if (error instanceof ModelLoadError) {
      logger.fatal(error.message);
      logger.flush();
      console.error(`multirank: ${error.message}`);
      process.exit(78); // EX_CONFIG
    }
    throw error;
  }

  const shutdown = (signal: string): void => {
    logger.info({ signal }, 'shutting down: finishing in-flight requests');
    const timer = setTimeout(() => {
      logger.error({ timeoutMs: config.shutdownTimeoutMs }, 'shutdown timed out; exiting');
      process.exit(1);
    }, config.shutdownTimeoutMs);
    timer.unref();
    server.close().then(
      () => {
        logger.info('shutdown complete');
        logger.flush();
        process.exit(0);
      },
      (error: unknown) => {
        logger.error({ err: error }, 'error during shutdown');
        process.exit(1);
      },
    );
  };
  process.once('SIGTERM', () => shutdown('SIGTERM'));
  process.once('SIGINT', () => shutdown('SIGINT'));
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  runServer().catch((error: unknown) => {
    console.error('multirank: failed to start:', error);
    process.exit(1);
  });
}

/**
 * The serving core wired from configuration: the model registry (with hot swap), the user
 * feature store, the history store and the rank service. The process (server.ts) and the tests
 * build it the same way; buildApp only puts routes in front of it.
 */
import { availableParallelism } from 'node:os';
import { dirname, resolve } from 'node:path';
import { parseWeights } from '../combination/head-weights.js';
import { defaultProfile, parseProfile } from '../combination/parse.js';
import type { CombinationProfile } from '../combination/schema.js';
import type { Config } from '../config.js';
import { createHistoryStore, type HistoryStore } from '../events/history-store.js';
import { createExperimentService, type ExperimentLog, type ExperimentService } from '../experiments/store.js';
import {
  createHttpOrigin,
  createUserFeatureStore,
  loadFileOrigin,
  type UserFeatureOrigin,
  type UserFeatureStore,
} from '../features/user-store/index.js';
import { loadServedModel, type ServedModel } from '../ranking/served-model.js';
import type { RedisClient } from '../storage/redis.js';
import { type CatalogService, createCatalogService } from './catalog-service.js';
import { type CatalogSync, createCatalogSync } from './catalog-sync.js';
import { createModelRegistry, type ModelRegistry } from './model-registry.js';
import { createRankService, type RankService } from './rank-service.js';
import { startScoringPool } from './scoring-pool.js';

/** Everything the serving routes need. */
export interface Serving {
  registry: ModelRegistry;
  users: UserFeatureStore;
  history: HistoryStore;
  ranker: RankService;
  experiments: ExperimentService;
  /** The live catalog: items and pushed users (the routes' core), and this replica's follower of it. */
  catalog: CatalogService;
  catalogSync: CatalogSync;
  /** Waits for cache write-backs and disposes the model once its requests end. */
  close(): Promise<void>;
}

/** The profile a model ranks with: MULTIRANK_WEIGHTS (a sum) checked against its heads, or its default. */
export function profileForModel(config: Pick<Config, 'weights'>, model: ServedModel): CombinationProfile {
  return config.weights.trim() === ''
    ? defaultProfile(model.ranker.heads)
    : { form: 'sum', weights: parseWeights(config.weights, model.ranker.heads) };
}

/** Loads a bundle for serving under this config: the weights must fit its heads, or it is refused. */
export async function loadModelFor(
  config: Pick<
    Config,
    'weights' | 'engine' | 'onnxThreads' | 'workers' | 'rankQueue' | 'rankTimeoutMs' | 'tfBackend'
  >,
  dir: string,
  onRestart?: (reason: string) => void,
): Promise<ServedModel> {
  const engine = { engine: config.engine, onnxThreads: config.onnxThreads };
  const workers = config.workers === 0 ? availableParallelism() : config.workers;
  // One core: scoring stays on the event loop; a pool of one would only add a hop.
  const startScorer =
    workers > 1
      ? (bundleDir: string) =>
          startScoringPool(bundleDir, {
            size: workers,
            queueLimit: config.rankQueue,
            timeoutMs: config.rankTimeoutMs,
            engine,
            backend: config.tfBackend,
            ...(onRestart ? { onRestart } : {}),
          })
      : undefined;
  const model = await loadServedModel(dir, { ...engine, ...(startScorer ? { startScorer } : {}) });
  try {
    profileForModel(config, model);
  } catch (error) {
    model.dispose();
    throw new Error(`MULTIRANK_WEIGHTS does not fit model ${model.version}: ${(error as Error).message}`, {
      cause: error,
    });
  }
  return model;
}

/** Builds the serving core around an already loaded model. */
export async function createServing(
  config: Config,
  initial: ServedModel,
  redis?: RedisClient,
  log?: ExperimentLog,
): Promise<Serving> {
  const modelsDir =
    config.modelsDir === '' ? dirname(resolve(initial.bundle.dir)) : resolve(config.modelsDir);
  let users: UserFeatureStore | undefined;
  const catalogSync = createCatalogSync({
    redis,
    refreshMs: config.catalogRefreshMs,
    candidatesRefreshSeconds: config.candidatesRefreshSeconds,
    contextDevice: config.contextDevice,
    onUsers: (ids) => users?.evict(ids),
    log,
  });
  // Every model serves with the live catalog: brought in step before it takes traffic.
  const registry = createModelRegistry(modelsDir, await catalogSync.attach(initial), async (dir) =>
    catalogSync.attach(await loadModelFor(config, dir)),
  );
  const userStore = createUserFeatureStore({
    origin: await userOrigin(config, registry).catch((error: Error) => {
      throw new Error(`MULTIRANK_USER_TABLE: ${error.message}`, { cause: error });
    }),
    redis,
    ttlSeconds: config.userCacheTtlSeconds,
  });
  users = userStore;
  const history = createHistoryStore({ redis, maxLength: config.historyLength });
  const experiments = await createExperimentService({
    redis,
    file: config.experimentsFile === '' ? undefined : resolve(config.experimentsFile),
    refreshMs: config.experimentsRefreshMs,
    // Head names are checked against the model served when the file loads or the PUT arrives.
    checkProfile: (profile, field) => void parseProfile(profile, registry.active().ranker.heads, field),
    log,
  }).catch((error: Error) => {
    throw new Error(`MULTIRANK_EXPERIMENTS_FILE: ${error.message}`, { cause: error });
  });
  const profiles = new WeakMap<ServedModel, CombinationProfile>();
  const ranker = createRankService({
    experiments,
    onProfileMismatch: (assignment, error) =>
      log?.warn(
        { experiment: assignment.experimentId, variant: assignment.variant, reason: error.message },
        'variant profile does not fit the served model; ranking with the default profile',
      ),
    registry,
    users: userStore,
    history,
    isAvailable: catalogSync.state.isAvailable,
    unknownItems: config.unknownItems,
    contextKeys: {
      currentItem: config.contextCurrentItem,
      device: config.contextDevice,
      history: config.contextHistory,
    },
    profileFor: (model) => {
      let profile = profiles.get(model);
      if (!profile) {
        profile = profileForModel(config, model);
        profiles.set(model, profile);
      }
      return profile;
    },
  });
  // The catalog is read before the service listens, so its first answers already know it.
  await catalogSync.start();
  return {
    registry,
    users: userStore,
    history,
    experiments,
    ranker,
    catalog: createCatalogService({ registry, sync: catalogSync, users: userStore, redis }),
    catalogSync,
    async close() {
      await catalogSync.close();
      await experiments.close();
      await userStore.drain();
      await registry.close();
    },
  };
}

/**
 * The user feature origin: the feature service when configured, else a user table file, else the
 * active bundle's users.jsonl (followed across hot swaps), else nobody (every user gets defaults).
 */
async function userOrigin(config: Config, registry: ModelRegistry): Promise<UserFeatureOrigin> {
  if (config.userFeaturesUrl !== '') return createHttpOrigin({ url: config.userFeaturesUrl });
  if (config.userTable !== '') {
    const key = registry.active().bundle.fitted.layout.userTable?.key;
    return loadFileOrigin({ path: config.userTable, ...(key ? { idColumn: key } : {}) });
  }
  return {
    get: async (ids) => registry.active().users?.get(ids) ?? new Map(),
  };
}

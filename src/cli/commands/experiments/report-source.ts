/**
 * Where `multirank experiments report` finds an experiment's definition: `--experiments FILE`,
 * else the experiment store's Redis hash (REDIS_URL; API edits live there), else the server's
 * MULTIRANK_EXPERIMENTS_FILE. Kept in this one function so the lookup can follow the experiment
 * store if its layout changes.
 */
import { loadConfig } from '../../../config.js';
import { parseExperiment } from '../../../experiments/definitions.js';
import { experimentKeys, loadExperimentsFile } from '../../../experiments/store.js';
import type { Experiment } from '../../../experiments/types.js';
import { closeRedis, createRedisClient, isRedisReady } from '../../../storage/redis.js';

/** The definition of `id`, or undefined when the source does not have it; throws when no source is configured. */
export async function readExperimentDefinition(
  id: string,
  experimentsFile: string | undefined,
  env: NodeJS.ProcessEnv = process.env,
): Promise<Experiment | undefined> {
  const config = loadConfig(env);
  const file = experimentsFile ?? (config.redisUrl ? undefined : config.experimentsFile || undefined);
  if (file) return (await loadExperimentsFile(file)).find((e) => e.id === id);
  const url = config.redisUrl;
  if (!url) {
    throw new Error(
      'no experiment definitions: pass --experiments FILE, or set REDIS_URL or MULTIRANK_EXPERIMENTS_FILE',
    );
  }
  // The report's Redis reads, with the timeout of report scans (MULTIRANK_REDIS_SCAN_TIMEOUT_MS).
  const redis = createRedisClient(url, { commandTimeoutMs: config.redisScanTimeoutMs });
  redis.on('error', () => undefined);
  try {
    const deadline = Date.now() + 5_000;
    while (!isRedisReady(redis)) {
      if (Date.now() > deadline) throw new Error('cannot reach Redis (REDIS_URL) to read the experiment');
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
    const raw = await redis.hget(experimentKeys().defsKey, id);
    if (raw === null) return undefined;
    const record = JSON.parse(raw) as { experiment?: unknown };
    return record.experiment ? parseExperiment(id, record.experiment, { keepUpdatedAt: true }) : undefined;
  } finally {
    await closeRedis(redis);
  }
}

/**
 * The service as the screenshot script (scripts/dashboard-screenshots.ts) and the bench
 * (bench/dashboard.ts) start it: Redis (REDIS_URL, else a spawned redis-server), the shipped model
 * with its sweep and evaluation reports, and one experiment with a week of events, so every view
 * has something to show. It sits beside the harness because both already import from there.
 */
import { join } from 'node:path';
import { type SpawnedRedis, spawnRedisServer } from '../helpers/redis.js';
import { modelsWithReports, type Service, seedExperiment, startService } from './harness.js';

/** A running, seeded service; `stop` ends the service, the spawned Redis and the models folder. */
export interface SeededService {
  base: string;
  stop(): Promise<void>;
}

/** Starts Redis and the service over the shipped model, then creates `experiment` and sends its events. */
export async function startSeededService(experiment: string): Promise<SeededService> {
  let redis: SpawnedRedis | undefined;
  let service: Service | undefined;
  const models = modelsWithReports();
  const stop = async () => {
    await service?.stop();
    await redis?.stop();
    await models.remove();
  };
  try {
    let redisUrl = process.env.REDIS_URL;
    if (!redisUrl) {
      redis = await spawnRedisServer();
      redisUrl = `redis://127.0.0.1:${redis.port}`;
    }
    service = await startService({
      REDIS_URL: redisUrl,
      MULTIRANK_MODELS_DIR: models.dir,
      MULTIRANK_MODEL: join(models.dir, 'default'),
    });
    await seedExperiment(service.base, experiment);
    return { base: service.base, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}

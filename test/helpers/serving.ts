/**
 * The serving core over the shipped model for route tests: `servingApp(env, redis)` builds the app
 * with the default model, closed (with its model) after the test.
 */
import { afterEach } from 'vitest';
import { type AppDeps, buildApp, type MultirankApp } from '../../src/app.js';
import { loadConfig } from '../../src/config.js';
import { selectBackend } from '../../src/engine/tfjs-backend.js';
import { servedModelDir } from '../../src/server.js';
import { createServing, loadModelFor, type Serving } from '../../src/serving/serving.js';
import type { RedisClient } from '../../src/storage/redis.js';

/** The shipped bundle's folder. */
export const DEFAULT_MODEL_DIR = servedModelDir('');

const open: { app: MultirankApp; serving: Serving }[] = [];
afterEach(async () => {
  for (const { app, serving } of open.splice(0)) {
    await app.close();
    await serving.close();
  }
});

/** An app serving `MULTIRANK_MODEL` (default: the shipped model) on the wasm backend; not yet ready. */
export async function servingApp(
  env: NodeJS.ProcessEnv = {},
  redis?: RedisClient,
  overrides: Partial<AppDeps> = {},
): Promise<{ app: MultirankApp; serving: Serving }> {
  await selectBackend('wasm');
  // No rate limit and no load shedding unless a test asks: a loaded CI machine stalls the loop for
  // seconds on a first ranking, which would shed the test's own requests. Scoring in-thread unless
  // a test asks for workers (test/serving/scoring-pool.test.ts): a pool per app would multiply
  // model loads across the suite.
  const config = loadConfig({
    MULTIRANK_WORKERS: '1',
    MULTIRANK_RATE_LIMIT_PER_MINUTE: '0',
    MULTIRANK_MAX_EVENT_LOOP_DELAY_MS: '0',
    ...env,
  });
  const model = await loadModelFor(config, servedModelDir(config.modelDir));
  const serving = await createServing(config, model, redis);
  const app = await buildApp({ config, backend: 'wasm', serving, ...(redis ? { redis } : {}), ...overrides });
  const entry = { app, serving };
  open.push(entry);
  return entry;
}

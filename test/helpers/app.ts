/** build(): a ready app for a test, closed after it. */
import { afterEach } from 'vitest';
import { type AppDeps, buildApp, type MultirankApp } from '../../src/app.js';
import { loadConfig } from '../../src/config.js';

const open: MultirankApp[] = [];
afterEach(async () => {
  await Promise.all(open.splice(0).map((app) => app.close()));
});

/** Builds the app with test defaults (no Redis, cpu backend, silent) plus any overrides; not yet ready. */
export async function buildTestApp(
  overrides: Partial<AppDeps> = {},
  env: NodeJS.ProcessEnv = {},
): Promise<MultirankApp> {
  const app = await buildApp({ config: loadConfig(env), backend: 'cpu', ...overrides });
  open.push(app);
  return app;
}

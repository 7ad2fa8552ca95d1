/**
 * Starts a worker thread whose entry sits next to the caller: `<name>.ts` from a checkout (run
 * through tsx), `<name>.js` when compiled (dist/).
 *
 * `execArgv: ['--import', 'tsx']` does not load a .ts worker entry on Node 20 (the loader hooks are
 * not yet active for it), so such a worker starts from a one-line bootstrap that registers tsx and
 * then imports the entry. Compiled, the .js entry starts directly.
 */
import { Worker } from 'node:worker_threads';

/** A worker running `name` (without extension) from the folder of `callerUrl` (its import.meta.url). */
export function spawnWorker(callerUrl: string, name: string, workerData: unknown): Worker {
  const fromSources = callerUrl.endsWith('.ts');
  const entry = new URL(`./${name}.${fromSources ? 'ts' : 'js'}`, callerUrl);
  if (!fromSources) return new Worker(entry, { workerData });
  const tsx = import.meta.resolve('tsx/esm/api');
  const bootstrap = `import(${JSON.stringify(tsx)}).then((api) => { api.register(); return import(${JSON.stringify(entry.href)}); });`;
  return new Worker(bootstrap, { eval: true, workerData });
}

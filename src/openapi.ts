/** Renders the OpenAPI document (YAML) of the app, for openapi.yaml and its staleness test. */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { stringify } from 'yaml';
import { buildApp } from './app.js';
import { loadConfig } from './config.js';
import { selectBackend } from './engine/tfjs-backend.js';
import { openEventStore } from './events/event-store.js';
import { servedModelDir } from './server.js';
import { createServing, loadModelFor } from './serving/serving.js';

/**
 * The OpenAPI document as YAML, built from the route schemas with the default configuration and
 * the shipped model (the /v1 routes exist only with a model) and a file event store, without Redis.
 */
export async function renderOpenApiYaml(): Promise<string> {
  // Scoring in-thread: the document needs the routes, not worker threads.
  const config = loadConfig({ MULTIRANK_WORKERS: '1' });
  await selectBackend('cpu');
  const serving = await createServing(config, await loadModelFor(config, servedModelDir('')));
  // An event store in a scratch folder: the events and report routes exist only with one.
  const scratch = await mkdtemp(join(tmpdir(), 'multirank-openapi-'));
  const events = await openEventStore({ file: join(scratch, 'events.jsonl') });
  const app = await buildApp({ config, backend: 'cpu', serving, events });
  try {
    await app.ready();
    // As @fastify/swagger renders YAML, but objects shared by routes (the security lists, parts of
    // examples) written out in full rather than as YAML anchors, so each operation reads alone.
    return stringify(app.swagger(), { strict: false, aliasDuplicateObjects: false });
  } finally {
    await app.close();
    await serving.close();
    await events.close();
    await rm(scratch, { recursive: true, force: true });
  }
}

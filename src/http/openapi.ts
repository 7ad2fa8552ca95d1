/** Renders the OpenAPI document (YAML) of the app, for openapi.yaml and its staleness test. */
import { buildApp } from '../app.js';
import { loadConfig } from '../config.js';
import { selectBackend } from '../model/backend.js';
import { servedModelDir } from '../server.js';
import { createServing, loadModelFor } from '../serving/serving.js';

/**
 * The OpenAPI document as YAML, built from the route schemas with the default configuration and
 * the shipped model (the /v1 routes exist only with a model), without Redis.
 */
export async function renderOpenApiYaml(): Promise<string> {
  const config = loadConfig({});
  await selectBackend('cpu');
  const serving = await createServing(config, await loadModelFor(config, servedModelDir('')));
  const app = await buildApp({ config, backend: 'cpu', serving });
  try {
    await app.ready();
    return app.swagger({ yaml: true });
  } finally {
    await app.close();
    await serving.close();
  }
}

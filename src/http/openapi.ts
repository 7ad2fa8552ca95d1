/** Renders the OpenAPI document (YAML) of the app, for openapi.yaml and its staleness test. */
import { buildApp } from '../app.js';
import { loadConfig } from '../config.js';

/** The OpenAPI document as YAML, built from the route schemas without Redis or a model. */
export async function renderOpenApiYaml(): Promise<string> {
  const app = await buildApp({ config: loadConfig({}), backend: 'cpu' });
  try {
    await app.ready();
    return app.swagger({ yaml: true });
  } finally {
    await app.close();
  }
}

/** npm run openapi: writes openapi.yaml from the route schemas. */
import { writeFileSync } from 'node:fs';
import { renderOpenApiYaml } from '../src/openapi.js';

const yaml = await renderOpenApiYaml();
writeFileSync(new URL('../openapi.yaml', import.meta.url), yaml);
console.log(`wrote openapi.yaml (${yaml.length} bytes)`);

/** npm run client: writes src/client/schema.ts (the typed client's types) from openapi.yaml. */
import { writeFileSync } from 'node:fs';
import { CLIENT_TYPES_FILE, renderClientTypes } from './client-types.js';

const types = await renderClientTypes();
writeFileSync(CLIENT_TYPES_FILE, types);
console.log(`wrote src/client/schema.ts (${types.length} bytes)`);

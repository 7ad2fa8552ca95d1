/** The package version, read from package.json (one level above both src/ and dist/). */
import { readFileSync } from 'node:fs';

const packageJson = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as {
  version: string;
};

/** multirank's version as published in package.json. */
export const VERSION: string = packageJson.version;

/**
 * The dashboard's files as GET /dashboard serves them: the page, its stylesheet and the browser
 * modules of src/dashboard/app/, held in memory with an ETag each.
 *
 * The browser modules are TypeScript compiled by the project's own build: `npm run build` (tsc)
 * writes them to dist/dashboard/app/*.js beside this file, and the compiled service serves those.
 * Run from the sources (tsx: `npm run dev`, `npx multirank serve`, the tests), this file is the .ts
 * one and there is no build: each module is transpiled once here, at the first request for the
 * page, with the TypeScript compiler (a dev dependency, present wherever the sources run). Either
 * way the same files come out, so a fresh clone's tests need no build step.
 */
import { createHash } from 'node:crypto';
import { readdir, readFile } from 'node:fs/promises';
import { dashboardPage } from './page.js';
import { DASHBOARD_CSS } from './styles.js';

/** One file of the dashboard. */
export interface DashboardAsset {
  body: string;
  contentType: string;
  etag: string;
}

/** The page and its assets, by asset name (the page under ''). */
export type DashboardAssets = ReadonlyMap<string, DashboardAsset>;

const APP_DIR = new URL('./app/', import.meta.url);
const FROM_SOURCES = import.meta.url.endsWith('.ts');
const JS = 'text/javascript; charset=utf-8';

const asset = (body: string, contentType: string): DashboardAsset => ({
  body,
  contentType,
  etag: `"${createHash('sha256').update(body).digest('base64url').slice(0, 22)}"`,
});

/** The browser modules as JavaScript, by file name (`main.js`). */
async function browserModules(): Promise<Map<string, string>> {
  const names = (await readdir(APP_DIR)).sort();
  const modules = new Map<string, string>();
  if (FROM_SOURCES) {
    const ts = (await import('typescript')).default;
    const compilerOptions = { target: ts.ScriptTarget.ES2022, module: ts.ModuleKind.ESNext };
    for (const name of names.filter((n) => n.endsWith('.ts') && !n.endsWith('.d.ts'))) {
      const source = await readFile(new URL(name, APP_DIR), 'utf8');
      const { outputText } = ts.transpileModule(source, { fileName: name, compilerOptions });
      modules.set(name.replace(/\.ts$/, '.js'), outputText);
    }
  } else {
    for (const name of names.filter((n) => n.endsWith('.js'))) {
      // tsc's source map comment would send the browser after a .map file the route does not serve.
      const text = await readFile(new URL(name, APP_DIR), 'utf8');
      modules.set(name, text.replace(/\n\/\/# sourceMappingURL=\S+\s*$/, '\n'));
    }
  }
  return modules;
}

async function load(): Promise<DashboardAssets> {
  const modules = await browserModules();
  const assets = new Map<string, DashboardAsset>();
  for (const [name, text] of modules) assets.set(name, asset(text, JS));
  assets.set('dashboard.css', asset(DASHBOARD_CSS, 'text/css; charset=utf-8'));
  assets.set('', asset(dashboardPage([...modules.keys()]), 'text/html; charset=utf-8'));
  return assets;
}

let loaded: Promise<DashboardAssets> | undefined;

/** The dashboard's files, read (and, from the sources, transpiled) once per process. */
export function dashboardAssets(): Promise<DashboardAssets> {
  loaded ??= load().catch((error: unknown) => {
    loaded = undefined; // a failed read is retried by the next request, not cached
    throw error;
  });
  return loaded;
}

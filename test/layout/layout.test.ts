/**
 * Guards the layout of src/ (docs/architecture.md): one role per folder and imports that point
 * down, so no folder-level cycle; the simulator and the HTTP framework stay out of the core.
 */
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { findCycle, folderGraph } from './folder-graph.js';

const SRC = fileURLToPath(new URL('../../src/', import.meta.url));
const graph = folderGraph(SRC);

/** The folders that may import fastify: the HTTP shell and the process entry points. */
const HTTP_SHELL = new Set(['http/', 'app.ts', 'server.ts', 'openapi.ts']);

describe('layout of src/', () => {
  const scratch = mkdtempSync(join(tmpdir(), 'multirank-layout-'));
  afterAll(() => rmSync(scratch, { recursive: true, force: true }));

  const tree = (files: Record<string, string>): string => {
    const root = mkdtempSync(join(scratch, 'src-'));
    for (const [path, text] of Object.entries(files)) {
      mkdirSync(dirname(join(root, path)), { recursive: true });
      writeFileSync(join(root, path), text);
    }
    return root;
  };

  it('has no import cycle between folders', () => {
    const cycle = findCycle(graph);
    const shown = cycle?.map((node, i) =>
      i + 1 < cycle.length ? `${node} (${graph.get(node)?.get(cycle[i + 1] ?? '')})` : node,
    );
    expect(shown ?? null, `folder cycle: ${shown?.join(' → ')}`).toBeNull();
  });

  it('would fail on a new cycle, through a dynamic import or a re-export as well', () => {
    const root = tree({
      'a/one.ts': "import { b } from '../b/two.js';\nexport const a = b;\n",
      'b/two.ts': "export const b = 1;\nexport const later = () => import('../c/three.js');\n",
      'c/three.ts': "export { a } from '../a/one.js';\n",
      'd/four.ts': "import { a } from '../a/one.js';\nexport const d = a;\n",
    });
    expect(findCycle(folderGraph(root))).toEqual(['a/', 'b/', 'c/', 'a/']);
    rmSync(join(root, 'c/three.ts'));
    expect(findCycle(folderGraph(root))).toBeNull();
  });

  it('counts a file at the root as a node of its own, imported by its emitted name', () => {
    const root = tree({
      'app.ts': "import { route } from './http/route.js';\nexport const app = route;\n",
      'http/route.ts':
        "import type { app } from '../app.js';\nexport const route = 1;\nexport type App = typeof app;\n",
    });
    expect(findCycle(folderGraph(root))).toEqual(['app.ts', 'http/', 'app.ts']);
  });

  it('keeps the simulator out of production code: only the CLI imports sim/', () => {
    const importers = [...graph].filter(([, edges]) => edges.has('sim/')).map(([node]) => node);
    expect(importers).toEqual(['cli/']);
  });

  it('keeps fastify out of the core', () => {
    const offenders = readdirSync(SRC, { recursive: true, encoding: 'utf8' })
      .filter((path) => path.endsWith('.ts'))
      .filter((path) => !HTTP_SHELL.has(path.includes('/') ? `${path.split('/')[0]}/` : path))
      .filter((path) => /from '(fastify|@fastify\/[^']+)'/.test(readFileSync(join(SRC, path), 'utf8')));
    expect(offenders).toEqual([]);
  });
});

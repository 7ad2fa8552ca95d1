/**
 * The import graph of src/ by folder: each top-level folder is a node, and so is each file at the
 * root (server.ts, app.ts, config.ts, …). Imports are read with TypeScript's own pre-processor, so
 * dynamic imports and `export … from` count as edges too.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import ts from 'typescript';

/** Folder → the folders it imports, each edge with one file that makes it (for the message). */
export type FolderGraph = Map<string, Map<string, string>>;

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(path);
    return entry.name.endsWith('.ts') ? [path] : [];
  });
}

/** The node a path under `root` belongs to: its top-level folder, or the file itself at the root. */
export function nodeOf(root: string, path: string): string {
  const parts = relative(root, path).split(sep);
  return parts.length > 1 ? `${parts[0]}/` : (parts[0] ?? '');
}

/** Reads every relative import of the .ts files under `root`. */
export function folderGraph(root: string): FolderGraph {
  const graph: FolderGraph = new Map();
  for (const file of sourceFiles(root)) {
    const from = nodeOf(root, file);
    const edges = graph.get(from) ?? new Map<string, string>();
    graph.set(from, edges);
    const { importedFiles } = ts.preProcessFile(readFileSync(file, 'utf8'), true, true);
    for (const { fileName } of importedFiles) {
      if (!fileName.startsWith('.')) continue;
      // Sources import each other by their emitted name (./config.js is config.ts).
      const to = nodeOf(root, resolve(dirname(file), fileName).replace(/\.js$/, '.ts'));
      if (to !== from && !edges.has(to)) edges.set(to, relative(root, file));
    }
  }
  return graph;
}

/** One cycle of the graph as a path `a → b → … → a`, or null when there is none (depth-first search). */
export function findCycle(graph: FolderGraph): string[] | null {
  const state = new Map<string, 'open' | 'done'>();
  const stack: string[] = [];
  const visit = (node: string): string[] | null => {
    state.set(node, 'open');
    stack.push(node);
    for (const next of graph.get(node)?.keys() ?? []) {
      if (state.get(next) === 'open') return [...stack.slice(stack.indexOf(next)), next];
      if (state.get(next) === undefined) {
        const cycle = visit(next);
        if (cycle) return cycle;
      }
    }
    stack.pop();
    state.set(node, 'done');
    return null;
  };
  for (const node of [...graph.keys()].sort()) {
    if (state.get(node) === undefined) {
      const cycle = visit(node);
      if (cycle) return cycle;
    }
  }
  return null;
}

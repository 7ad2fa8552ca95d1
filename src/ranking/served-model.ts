/**
 * A model bundle ready to serve: the network, its ranker, the item catalog and candidate index it
 * ships with, and its user table. Loading validates everything and warms the model up, so a bundle
 * that would fail (or answer its first request slowly) is found before it takes traffic.
 */
import { existsSync } from 'node:fs';
import { basename, join } from 'node:path';
import { readCandidateIndex } from '../candidates/index-io.js';
import type { CandidateIndex } from '../candidates/types.js';
import { defaultProfile } from '../combination/parse.js';
import { loadTable } from '../data/tables.js';
import type { EngineName } from '../engine/names.js';
import {
  checkParity,
  DEFAULT_ENGINE_OPTIONS,
  type EngineOptions,
  openEngine,
} from '../engine/open-engine.js';
import type { ModelEngine } from '../engine/types.js';
import { MultirankError } from '../errors.js';
import { itemLayout } from '../features/item-rows.js';
import { type TableOrigin, tableOrigin } from '../features/user-store/file-origin.js';
import { loadBundle, type ModelBundle } from '../model/bundle.js';
import { SERVING_TABLE_FILES, tableColumns } from '../model/serving-tables.js';
import { type CatalogChange, createItemCatalog, type ItemCatalog } from './item-catalog.js';
import { createLiveCatalog, type LiveItemCatalog } from './live-catalog.js';
import { createRanker } from './ranker.js';
import { createLocalScorer, type Scorer } from './scorer.js';
import type { Ranker } from './types.js';

/** Everything one model version serves with. */
export interface ServedModel {
  /** The bundle's folder name: what GET /v1/models lists and activate takes. */
  version: string;
  bundle: ModelBundle;
  ranker: Ranker;
  /**
   * Item features by id: items.jsonl with the live catalog's changes over it (updateCatalog), or
   * null when the model reads no item table.
   */
  catalog: LiveItemCatalog | null;
  /** The candidate index (candidates/), or null: requests must then bring their candidates. */
  candidates: CandidateIndex | null;
  /** The bundle's user table (users.jsonl) as a feature origin, or null. */
  users: TableOrigin | null;
  /** What runs the network (also `ranker.engine`). */
  engine: EngineName;
  /** Encoding and the model call, in this thread or a worker pool (its saturation is read by HTTP). */
  scorer: Scorer;
  /** What is missing from the bundle and how serving copes (logged at load). */
  warnings: string[];
  /**
   * Applies live catalog changes (items pushed through the API, takedowns) to the catalog, in
   * order (the scorer holds no copy: jobs bring their rows); a no-op when the model reads no item table.
   */
  updateCatalog(changes: readonly CatalogChange[]): void;
  /** Releases the model's tensors and the ONNX session. */
  dispose(): void;
}

/** How a served model scores: the engine choice, and where the scoring runs. */
export interface ServedModelOptions extends EngineOptions {
  /**
   * Starts the scoring elsewhere (the service's worker pool, src/serving/scoring-pool.ts), each
   * worker loading `dir` with openScorer and warming up; default: this thread.
   */
  startScorer?: (dir: string) => Promise<OpenedScorer>;
}

/** Warm-up rankings before a model takes traffic: enough that the first requests run as fast as later ones. */
export const WARM_UP_RANKINGS = 20;

/**
 * Loads, validates and warms up the bundle in `dir` on the engine `options` choose (ONNX when it
 * can); errors name the bundle and what is wrong.
 */
export async function loadServedModel(
  dir: string,
  options: ServedModelOptions = DEFAULT_ENGINE_OPTIONS,
): Promise<ServedModel> {
  const bundle = await loadBundle(dir);
  let scorer: Scorer | undefined;
  const release = () => {
    scorer?.close().catch(() => undefined);
    bundle.model?.dispose();
  };
  try {
    const warnings: string[] = [];
    const catalog = await loadCatalog(bundle, warnings);
    const candidates = existsSync(join(dir, 'candidates'))
      ? await readCandidateIndex(join(dir, 'candidates'))
      : null;
    const users = await loadUsers(bundle, warnings);
    if (!candidates) warnings.push('no candidates/ index: rank requests must send their candidates');
    const opened = options.startScorer ? await options.startScorer(dir) : await openScorer(bundle, options);
    scorer = opened.scorer;
    warnings.unshift(...opened.warnings);
    const ranker = createRanker(bundle, catalog, scorer);
    await warmUp(ranker, candidates, catalog, WARM_UP_RANKINGS);
    return {
      version: basename(dir),
      bundle,
      ranker,
      catalog,
      candidates,
      users,
      engine: scorer.engine,
      scorer,
      warnings,
      updateCatalog(changes) {
        if (catalog && changes.length > 0) catalog.apply(changes);
      },
      dispose: release,
    };
  } catch (error) {
    release();
    const message = error instanceof Error ? error.message : String(error);
    throw new MultirankError('BAD_REQUEST', `model bundle ${dir}: ${message}`, { cause: error });
  }
}

/** A scorer and why its engine is not ONNX when `auto` fell back. */
export interface OpenedScorer {
  scorer: Scorer;
  warnings: string[];
}

/**
 * The in-thread scorer of a loaded bundle: the engine `options` choose, its first batch checked
 * against the bundle's TF.js model (an ONNX graph that disagrees refuses the bundle).
 */
export async function openScorer(bundle: ModelBundle, options: EngineOptions): Promise<OpenedScorer> {
  const { engine, warnings } = await openEngine(bundle, options);
  return { scorer: createLocalScorer(bundle, checkedOnce(bundle, engine)), warnings };
}

/**
 * A bundle's scorer on its own, for a worker thread: the bundle and the engine (no catalog: jobs
 * bring their rows), the first batch checked against TF.js, warmed up with WARM_UP_RANKINGS jobs
 * of up to 500 items whose rows are gathered (zeros: any row will do to compile and size things).
 * `close` releases the scorer and the model.
 */
export async function loadScorerAt(
  dir: string,
  options: EngineOptions,
): Promise<OpenedScorer & { close(): Promise<void> }> {
  const bundle = await loadBundle(dir);
  try {
    const opened = await openScorer(bundle, options);
    const width = itemLayout(bundle.fitted)?.width ?? 0;
    for (let round = 0; round < WARM_UP_RANKINGS; round++) {
      const size = Math.min(500, 8 << (round % 7));
      const candidates = Array.from({ length: size }, (_, index) => ({ itemId: `warm-up-${index}`, index }));
      const items = { found: new Uint8Array(size).fill(1), words: new Int32Array(size * width) };
      await opened.scorer.score({ view: { userId: `warm-up-${round}` }, candidates, items });
    }
    const close = async () => {
      await opened.scorer.close();
      bundle.model?.dispose();
    };
    return { ...opened, close };
  } catch (error) {
    bundle.model?.dispose();
    throw error;
  }
}

/**
 * The item catalog, live: the bundle's items.jsonl under the changes pushed since. A model that
 * reads an item table but ships none starts empty, so every candidate not pushed through the
 * items API is honestly "unknown" (default item features, flagged) rather than silently so.
 */
async function loadCatalog(bundle: ModelBundle, warnings: string[]): Promise<LiveItemCatalog | null> {
  const columns = tableColumns(bundle.fitted, 'item');
  if (!columns) return null;
  const path = join(bundle.dir, SERVING_TABLE_FILES.item);
  let base: ItemCatalog;
  if (!existsSync(path)) {
    warnings.push(`no ${SERVING_TABLE_FILES.item}: every candidate is unknown (default item features)`);
    base = createItemCatalog(new Map());
  } else base = createItemCatalog(await loadTable(path, columns.key), columns.columns);
  return createLiveCatalog(base, bundle.fitted);
}

async function loadUsers(bundle: ModelBundle, warnings: string[]): Promise<TableOrigin | null> {
  const columns = tableColumns(bundle.fitted, 'user');
  if (!columns) return null;
  const path = join(bundle.dir, SERVING_TABLE_FILES.user);
  if (!existsSync(path)) {
    warnings.push(
      `no ${SERVING_TABLE_FILES.user}: users get default features unless another origin is configured`,
    );
    return null;
  }
  return tableOrigin(await loadTable(path, columns.key));
}

/**
 * Rankings through the whole path (encode, predict, combine) before traffic, with request sizes
 * up to the index's first 500 items: the first calls compile the engine's kernels and grow its
 * buffers, and a bundle whose graph cannot run fails here, not on a user.
 */
async function warmUp(
  ranker: Ranker,
  index: CandidateIndex | null,
  catalog: ItemCatalog | null,
  rounds: number,
): Promise<void> {
  const ids = index ? index.itemIds.slice(0, 500) : [];
  for (let round = 0; round < rounds; round++) {
    const size = Math.max(1, Math.min(ids.length, 8 << (round % 7)));
    const candidates =
      ids.length > 0 ? ids.slice(0, size).map((itemId) => ({ itemId })) : [{ itemId: 'warm-up' }];
    await ranker.rank({ userId: `warm-up-${round}`, candidates }, defaultProfile(ranker.heads), {
      unknownItems: catalog ? 'default' : undefined,
    });
  }
}

/** `engine`, its first non-empty batch checked against the bundle's TF.js model (checkParity). */
function checkedOnce(bundle: ModelBundle, engine: ModelEngine): ModelEngine {
  let checked = false;
  return {
    name: engine.name,
    run: async (batch) => {
      if (!checked && batch.size > 0) {
        await checkParity(bundle, engine, batch);
        checked = true;
      }
      return engine.run(batch);
    },
    dispose: () => engine.dispose(),
  };
}

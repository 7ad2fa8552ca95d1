/**
 * Live catalog changes reach the rankings scored in worker threads: a ranker over the pool ranks
 * added, replaced and taken-down items exactly as a ranker scoring in-thread over the same
 * catalog (and differently from before the changes, so the comparison is not vacuous), and so
 * does a worker that replaced one that died, for changes made before it started and while it
 * loaded. Workers hold no catalog: each job brings its rows (serving/scoring-pool.ts).
 */
import type { Worker } from 'node:worker_threads';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { defaultProfile } from '../../src/combination/parse.js';
import { selectBackend } from '../../src/engine/tfjs-backend.js';
import type { CatalogChange } from '../../src/ranking/item-catalog.js';
import { createRanker } from '../../src/ranking/ranker.js';
import type { Scorer } from '../../src/ranking/scorer.js';
import { loadServedModel } from '../../src/ranking/served-model.js';
import type { RankInput } from '../../src/ranking/types.js';
import { startScoringPool } from '../../src/serving/scoring-pool.js';
import { DEFAULT_MODEL_DIR } from '../helpers/serving.js';

/** Every worker the pool spawns, and the jobs each was sent (so a test can end one, and see who scored). */
const spawned = vi.hoisted(() => [] as { worker: Worker; jobs: number }[]);
vi.mock('../../src/util/spawn-worker.js', async (original) => {
  const real = await original<typeof import('../../src/util/spawn-worker.js')>();
  return {
    spawnWorker: (...args: Parameters<typeof real.spawnWorker>) => {
      const worker = real.spawnWorker(...args);
      const entry = { worker, jobs: 0 };
      const post = worker.postMessage.bind(worker);
      worker.postMessage = (message: { type?: string }, transfer?: never) => {
        if (message.type === 'score') entry.jobs += 1;
        post(message, transfer);
      };
      spawned.push(entry);
      return worker;
    },
  };
});

const ENGINE = { engine: 'auto' as const, onnxThreads: 1 };
const closing: Scorer[] = [];
afterAll(async () => {
  await Promise.all(closing.map((scorer) => scorer.close()));
});
beforeAll(() => selectBackend('wasm'));

const request: RankInput = {
  userId: 'u3',
  context: { device: 'tv', recent_items: ['i4'] },
  candidates: ['new-1', 'new-2', 'new-3', 'i1', 'i2', 'i3'].map((itemId) => ({ itemId })),
};

const changes: CatalogChange[] = [
  ['new-1', { topic: 't01', duration_seconds: 900, upload_time: 1_767_225_600 }],
  ['new-2', { topic: 't22', duration_seconds: 45, upload_time: 1_767_225_700 }],
  ['i1', { topic: 't09', duration_seconds: 3_000, upload_time: 1_700_000_000 }],
  ['i2', null],
];

/** The served model (in-thread scorer, its live catalog) and a ranker over the same catalog scored by a pool of two. */
async function rankers(onRestart?: (reason: string) => void) {
  const model = await loadServedModel(DEFAULT_MODEL_DIR, ENGINE);
  const pool = (
    await startScoringPool(DEFAULT_MODEL_DIR, {
      size: 2,
      queueLimit: 8,
      timeoutMs: 60_000,
      backend: 'wasm',
      engine: ENGINE,
      ...(onRestart ? { onRestart } : {}),
    })
  ).scorer;
  closing.push(model.scorer, pool);
  const pooled = createRanker(model.bundle, model.catalog, pool);
  const profile = defaultProfile(model.ranker.heads);
  const rank = (ranker: typeof pooled) =>
    ranker.rank(request, profile, { unknownItems: 'default', limit: 10 });
  return { model, pool, inThread: () => rank(model.ranker), pooled: () => rank(pooled) };
}

describe('live catalog changes in the scoring pool', () => {
  it('ranks as the in-thread scorer after the same changes', async () => {
    const { model, inThread, pooled } = await rankers();
    const before = await pooled();
    expect(before.items.find((item) => item.itemId === 'new-1')?.unknown).toBe(true);

    model.updateCatalog(changes);
    // Both workers: as many rankings as workers at once, twice.
    const after = await Promise.all([1, 2, 3, 4].map(() => pooled()));
    const reference = await inThread();
    for (const ranked of after) expect(ranked).toEqual(reference);
    expect(reference.items.find((item) => item.itemId === 'new-1')?.unknown).toBeUndefined();
    // Taken down: absent from the catalog (the rank service leaves it out before ranking).
    expect(reference.items.find((item) => item.itemId === 'i2')?.unknown).toBe(true);
    expect(reference).not.toEqual(before);
  });

  it('ranks live items with their own features on a worker that replaced one that died', async () => {
    const restarts: string[] = [];
    const from = spawned.length;
    const { model, pool, inThread, pooled } = await rankers((reason) => restarts.push(reason));
    const [first] = spawned.slice(from);
    // Changes held before the replacement starts...
    model.updateCatalog(changes);
    await first!.worker.terminate();
    await vi.waitFor(() => expect(restarts).toEqual(['exited with code 1']));
    // ...and while it loads.
    model.updateCatalog([['new-3', { topic: 't05', duration_seconds: 120, upload_time: 1_767_225_800 }]]);
    const stats = (pool as unknown as { stats(): { workers: number } }).stats;
    await vi.waitFor(() => expect(stats().workers).toBe(2), { timeout: 60_000, interval: 50 });
    const replacement = spawned.at(-1)!;
    expect(spawned.length).toBe(from + 3);

    // The replacement takes the first slot, so it scores every ranking sent one at a time.
    const reference = await inThread();
    for (let round = 0; round < 3; round++) expect(await pooled()).toEqual(reference);
    expect(replacement.jobs).toBeGreaterThanOrEqual(3);
    for (const id of ['new-1', 'new-2', 'new-3'])
      expect(reference.items.find((item) => item.itemId === id)?.unknown).toBeUndefined();
    expect(reference.items.find((item) => item.itemId === 'i2')?.unknown).toBe(true);
  });
});

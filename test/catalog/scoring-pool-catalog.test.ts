/**
 * Live catalog changes reach the rankings scored in worker threads: a ranker over the pool ranks
 * added, replaced and taken-down items exactly as a ranker scoring in-thread over the same
 * catalog (and differently from before the changes, so the comparison is not vacuous). Workers
 * hold no catalog: each job brings its rows (serving/scoring-pool.ts).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { defaultProfile } from '../../src/combination/parse.js';
import { selectBackend } from '../../src/engine/tfjs-backend.js';
import type { CatalogChange } from '../../src/ranking/item-catalog.js';
import { createRanker } from '../../src/ranking/ranker.js';
import type { Scorer } from '../../src/ranking/scorer.js';
import { loadServedModel } from '../../src/ranking/served-model.js';
import type { RankInput } from '../../src/ranking/types.js';
import { startScoringPool } from '../../src/serving/scoring-pool.js';
import { DEFAULT_MODEL_DIR } from '../helpers/serving.js';

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
});

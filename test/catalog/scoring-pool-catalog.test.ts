/**
 * Live catalog changes reach the scoring workers: a pool told of added, replaced and taken-down
 * items scores exactly as the in-thread scorer over the same changes does (and differently from
 * before them, so the comparison is not vacuous).
 */
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadTable } from '../../src/data/tables.js';
import { selectBackend } from '../../src/engine/tfjs-backend.js';
import { loadBundle } from '../../src/model/bundle.js';
import { tableColumns } from '../../src/model/serving-tables.js';
import {
  type CatalogChange,
  createItemCatalog,
  createLiveCatalog,
  type LiveItemCatalog,
} from '../../src/ranking/item-catalog.js';
import type { ScoreJob, Scorer } from '../../src/ranking/scorer.js';
import { openScorer } from '../../src/ranking/served-model.js';
import { startScoringPool } from '../../src/serving/scoring-pool.js';
import { DEFAULT_MODEL_DIR } from '../helpers/serving.js';

const ENGINE = { engine: 'auto' as const, onnxThreads: 1 };
const closing: Scorer[] = [];
afterAll(async () => {
  await Promise.all(closing.map((scorer) => scorer.close()));
});
beforeAll(() => selectBackend('wasm'));

async function liveCatalog(): Promise<LiveItemCatalog> {
  const bundle = await loadBundle(DEFAULT_MODEL_DIR);
  const { key, columns } = tableColumns(bundle.fitted, 'item')!;
  const table = await loadTable(join(DEFAULT_MODEL_DIR, 'items.jsonl'), key);
  return createLiveCatalog(createItemCatalog(table, columns), columns);
}

const job: ScoreJob = {
  view: { userId: 'u3', context: { device: 'tv', recent_items: ['i4'] } },
  candidates: ['new-1', 'new-2', 'i1', 'i2', 'i3'].map((itemId, index) => ({ itemId, index })),
};

const changes: CatalogChange[] = [
  ['new-1', { topic: 't01', duration_seconds: 900, upload_time: 1_767_225_600 }],
  ['new-2', { topic: 't22', duration_seconds: 45, upload_time: 1_767_225_700 }],
  ['i1', { topic: 't09', duration_seconds: 3_000, upload_time: 1_700_000_000 }],
  ['i2', null],
];

describe('live catalog changes in the scoring pool', () => {
  it('scores as the in-thread scorer after the same changes', async () => {
    const local = await liveCatalog();
    const pooled = await liveCatalog();
    const bundle = await loadBundle(DEFAULT_MODEL_DIR);
    const inThread = (await openScorer(bundle, local, ENGINE)).scorer;
    const pool = (
      await startScoringPool(
        DEFAULT_MODEL_DIR,
        { size: 2, queueLimit: 8, timeoutMs: 60_000, backend: 'wasm', engine: ENGINE },
        pooled,
      )
    ).scorer;
    closing.push(inThread, pool);
    const before = await pool.score(job);

    inThread.updateCatalog?.(changes, local.apply(changes));
    pool.updateCatalog?.(changes, pooled.apply(changes));
    // Both workers: as many jobs as workers at once, twice.
    const after = await Promise.all([1, 2, 3, 4].map(() => pool.score(job)));
    const reference = await inThread.score(job);
    for (const outputs of after) expect(outputs).toEqual(reference);
    expect(after[0]![0]).not.toEqual(before[0]);
  });
});

/**
 * The ranking core on the shipped models/default bundle with a tiny hand-made catalog: order,
 * heads, limit, duplicates, unknown items, explanations, and the offline/online parity promise
 * (the ranker's predictions are bundle.model!.predict on rows encoded the training way).
 */
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import type { CombinationProfile } from '../../src/combination/schema.js';
import type { RawRecord } from '../../src/data/records.js';
import { selectBackend } from '../../src/engine/tfjs-backend.js';
import { createTfjsEngine } from '../../src/engine/tfjs-engine.js';
import { MultirankError } from '../../src/errors.js';
import { encodeRows } from '../../src/features/encode.js';
import { rowFromRequest } from '../../src/features/rows.js';
import { loadBundle, type ModelBundle } from '../../src/model/bundle.js';
import { featureTensors } from '../../src/model/inputs.js';
import { createItemCatalog, type ItemCatalog } from '../../src/ranking/item-catalog.js';
import { createRanker, type Ranker, type RankInput, resolveLimit } from '../../src/ranking/ranker.js';
import { createLocalScorer } from '../../src/ranking/scorer.js';

const ITEMS: RawRecord[] = [
  { item_id: 'i1', topic: 't08', duration_seconds: 77, upload_time: 1700632291 },
  { item_id: 'i2', topic: 't16', duration_seconds: 1656, upload_time: 1697738995 },
  { item_id: 'i3', topic: 't04', duration_seconds: 300, upload_time: 1690000000 },
  { item_id: 'i4', topic: 't26', duration_seconds: 45, upload_time: 1705000000 },
  { item_id: 'i5', topic: 't11', duration_seconds: 3600, upload_time: 1680000000 },
  { item_id: 'i6', topic: 't15', duration_seconds: 620, upload_time: 1702000000 },
];
const USER = { region: 'eu', age_bucket: '25-34', primary_device: 'tv' };
const CONTEXT = { device: 'tv', current_item_id: 'i3', recent_items: ['i2', 'i5'] };
/** A sum profile of `weights` (heads combined in model space with their training transforms). */
const sum = (weights: Record<string, number>): CombinationProfile => ({ form: 'sum', weights });
const ALL_ONES = sum({ click: 1, watch: 1, like: 1, dismiss: 1, rating: 1 });
const CLICK = sum({ click: 1 });

let bundle: ModelBundle;
let catalog: ItemCatalog;
let ranker: Ranker;

const request = (itemIds: string[], extra: Partial<RankInput> = {}): RankInput => ({
  userId: 'u7',
  user: USER,
  context: CONTEXT,
  candidates: itemIds.map((itemId) => ({ itemId })),
  ...extra,
});

/** bundle.model!.predict on rows built and encoded by hand, per head (model space). */
function predictByHand(input: RankInput): number[][] {
  const view = { userId: input.userId, context: input.context, user: input.user };
  const rows = input.candidates.map((c, i) =>
    rowFromRequest(
      bundle.fitted.layout,
      view,
      { itemId: c.itemId, features: c.features, item: catalog.get(c.itemId) },
      i,
    ),
  );
  const batch = encodeRows(bundle.fitted, rows, { labels: false });
  const tensors = featureTensors(batch);
  const output = bundle.model!.predict(tensors) as tf.Tensor[];
  const values = output.map((t) => Array.from(t.dataSync()));
  tf.dispose([...tensors, ...output]);
  return values;
}

beforeAll(async () => {
  await selectBackend('wasm');
  bundle = await loadBundle(new URL('../../models/default/', import.meta.url).pathname);
  catalog = createItemCatalog(new Map(ITEMS.map((item) => [item.item_id as string, item])));
  ranker = createRanker(bundle, catalog, createLocalScorer(bundle, createTfjsEngine(bundle.model!)));
});

describe('createRanker', async () => {
  it('returns the items sorted by combined score, with every head by task name', async () => {
    const result = await ranker.rank(
      request(['i1', 'i2', 'i3', 'i4', 'i5', 'i6']),
      sum({ click: 1, like: 0.5 }),
    );
    expect(result.model).toBe('default');
    expect(ranker.heads.map((h) => h.name)).toEqual(['click', 'watch', 'like', 'dismiss', 'rating']);
    expect(result.items).toHaveLength(6);
    const scores = result.items.map((i) => i.score);
    expect(scores).toEqual([...scores].sort((a, b) => b - a));
    expect(new Set(result.items.map((i) => i.itemId))).toEqual(new Set(ITEMS.map((i) => i.item_id)));
    for (const item of result.items) {
      expect(Object.keys(item.heads)).toEqual(['click', 'watch', 'like', 'dismiss', 'rating']);
      expect(item.heads.click).toBeGreaterThan(0);
      expect(item.heads.click).toBeLessThan(1);
      expect(item.unknown).toBeUndefined();
      expect(item.explanation).toBeUndefined();
      expect(item.sources).toBeUndefined();
    }
    expect(result.explanation).toBeUndefined();
  });

  it('matches bundle.model!.predict on rows encoded by hand (offline/online parity)', async () => {
    const input = request(['i4', 'i1', 'i6', 'i2']);
    input.candidates = [...input.candidates, { itemId: 'i5', features: { duration_seconds: 10 } }];
    const byHand = predictByHand(input);
    const result = await ranker.rank(input, ALL_ONES, { explain: true });
    expect(result.items).toHaveLength(5);
    for (const item of result.items) {
      const r = input.candidates.findIndex((c) => c.itemId === item.itemId);
      bundle.fitted.tasks.forEach((task, k) => {
        const expected = byHand[k]![r]!;
        // Model space, as combined: the explanation's contributions with all weights 1.
        expect(Math.abs(item.explanation!.contributions[task.name]! - expected)).toBeLessThan(1e-6);
        // Label units: watch (trained on log1p seconds) comes back in seconds.
        const reported =
          task.transform === 'log1p' ? Math.log1p(item.heads[task.name]!) : item.heads[task.name]!;
        expect(Math.abs(reported - expected)).toBeLessThan(1e-6);
      });
    }
    const watch = result.items[0]!.heads.watch!;
    expect(watch).toBeCloseTo(Math.expm1(result.items[0]!.explanation!.contributions.watch!), 6);
  });

  it('combines Σ w_k·head_k over model-space head values', async () => {
    const weights = { click: 1, watch: 0.2, dismiss: -0.5 };
    const input = request(['i1', 'i2', 'i3', 'i4']);
    const byHand = predictByHand(input);
    const result = await ranker.rank(input, sum(weights), { explain: true });
    for (const item of result.items) {
      const r = input.candidates.findIndex((c) => c.itemId === item.itemId);
      const expected = 1 * byHand[0]![r]! + 0.2 * byHand[1]![r]! - 0.5 * byHand[3]![r]!;
      expect(Math.abs(item.score - expected)).toBeLessThan(1e-6);
      expect(Object.keys(item.explanation!.contributions)).toEqual(['click', 'watch', 'dismiss']);
      const sum = Object.values(item.explanation!.contributions).reduce((s, v) => s + v, 0);
      expect(Math.abs(item.score - sum)).toBeLessThan(1e-9);
    }
  });

  it('respects the limit: 20 by default, capped at the candidates, rejected when not >= 1', async () => {
    const ids = ['i1', 'i2', 'i3', 'i4', 'i5', 'i6'];
    expect((await ranker.rank(request(ids), CLICK, { limit: 3 })).items).toHaveLength(3);
    expect((await ranker.rank(request(ids), CLICK, { limit: 100 })).items).toHaveLength(6);
    const full = await ranker.rank(request(ids), CLICK);
    expect((await ranker.rank(request(ids), CLICK, { limit: 2 })).items).toEqual(full.items.slice(0, 2));
    expect(resolveLimit(undefined, 50)).toBe(20);
    await expect(ranker.rank(request(ids), CLICK, { limit: 0 })).rejects.toThrow(
      /limit: expected an integer >= 1/,
    );
    expect((await ranker.rank(request([]), CLICK)).items).toEqual([]);
  });

  it('collapses duplicate candidates, keeping the first and merging sources', async () => {
    const result = await ranker.rank(
      {
        ...request([]),
        candidates: [
          { itemId: 'i1', sources: ['cowatch'] },
          { itemId: 'i2', sources: ['topic'] },
          { itemId: 'i1', sources: ['popular', 'cowatch'], features: { duration_seconds: 9999 } },
          { itemId: 'i3' },
          { itemId: 'i2', sources: ['history'] },
        ],
      },
      ALL_ONES,
    );
    expect(result.items.map((i) => i.itemId).sort()).toEqual(['i1', 'i2', 'i3']);
    const byId = new Map(result.items.map((i) => [i.itemId, i]));
    expect(byId.get('i1')!.sources).toEqual(['cowatch', 'popular']);
    expect(byId.get('i2')!.sources).toEqual(['topic', 'history']);
    expect(byId.get('i3')!.sources).toBeUndefined();
    // The first occurrence's features were used (not the repeat's duration override).
    const first = await ranker.rank(request(['i1']), ALL_ONES);
    expect(byId.get('i1')!.heads).toEqual(first.items[0]!.heads);
  });

  it("ranks unknown items with default item features under 'default', and flags them", async () => {
    const result = await ranker.rank(request(['i1', 'nope', 'i2']), CLICK);
    expect(result.items).toHaveLength(3);
    const unknown = result.items.find((i) => i.itemId === 'nope')!;
    expect(unknown.unknown).toBe(true);
    expect(Number.isFinite(unknown.score)).toBe(true);
    expect(result.items.filter((i) => i.unknown)).toHaveLength(1);
    // Same result when the policy is named explicitly.
    expect(await ranker.rank(request(['i1', 'nope', 'i2']), CLICK, { unknownItems: 'default' })).toEqual(
      result,
    );
  });

  it("rejects unknown items under 'reject', naming candidates[i].itemId", async () => {
    const call = () => ranker.rank(request(['i1', 'i2', 'nope']), CLICK, { unknownItems: 'reject' });
    await expect(call()).rejects.toThrow(MultirankError);
    await expect(call()).rejects.toThrow(/^candidates\[2\]\.itemId: unknown item "nope"/);
    const policy = 'drop' as 'reject';
    await expect(ranker.rank(request(['i1']), CLICK, { unknownItems: policy })).rejects.toThrow(
      /unknownItems: expected default \| reject, got "drop"/,
    );
    expect((await ranker.rank(request(['i1', 'i2']), CLICK, { unknownItems: 'reject' })).items).toHaveLength(
      2,
    );
  });

  it('without a catalog, reads item features from the candidates and flags nothing', async () => {
    const bare = createRanker(bundle, null, createLocalScorer(bundle, createTfjsEngine(bundle.model!)));
    const result = await bare.rank(
      { ...request([]), candidates: [{ itemId: 'x', features: { topic: 't08', duration_seconds: 77 } }] },
      CLICK,
      { unknownItems: 'reject' },
    );
    expect(result.items).toHaveLength(1);
    expect(result.items[0]!.unknown).toBeUndefined();
  });

  it('explains the request with the weights and the user features used', async () => {
    const result = await ranker.rank(request(['i1']), sum({ click: 1, like: 2 }), { explain: true });
    expect(result.explanation).toEqual({
      profile: { form: 'sum', weights: { click: 1, like: 2 } },
      userFeatures: { region: 'eu', age_bucket: '25-34', primary_device: 'tv' },
    });
    const cold = await ranker.rank({ ...request(['i1']), user: undefined }, CLICK, { explain: true });
    expect(cold.explanation!.userFeatures).toEqual({ region: null, age_bucket: null, primary_device: null });
  });

  it('ranks by a product profile, explaining w·log f(p) terms that add up to log(score)', async () => {
    const profile: CombinationProfile = {
      form: 'product',
      weights: { click: 1, watch: 0.5, dismiss: -1 },
      transforms: { watch: { clamp: [1, 3600] } },
    };
    const result = await ranker.rank(request(['i1', 'i2', 'i3', 'i4']), profile, { explain: true });
    expect(result.explanation!.profile).toEqual(profile);
    for (const item of result.items) {
      const { click, watch, dismiss } = item.heads;
      expect(item.score).toBeCloseTo((click! * Math.sqrt(Math.min(3600, Math.max(1, watch!)))) / dismiss!, 4);
      const terms = Object.values(item.explanation!.contributions);
      expect(terms.reduce((s, v) => s + v, 0)).toBeCloseTo(Math.log(item.score), 6);
    }
  });

  it('rejects a profile naming a head the model lacks, naming the field', async () => {
    await expect(ranker.rank(request(['i1']), sum({ click: 1, share: 1 }))).rejects.toThrow(
      /^profile\.weights\.share: unknown head "share" \(this model's heads: click, watch, like, dismiss, rating\)/,
    );
  });

  it('fails a bad candidate value with its index and column', async () => {
    const input = request(['i1']);
    input.candidates = [{ itemId: 'i1' }, { itemId: 'i2', features: { duration_seconds: 'long' } }];
    await expect(ranker.rank(input, CLICK)).rejects.toThrow(/^candidates\[1\]: column "duration_seconds"/);
  });

  it('leaks no tensor across 50 calls', async () => {
    const ids = ITEMS.map((i) => i.item_id as string);
    await ranker.rank(request(ids), ALL_ONES);
    const before = tf.memory().numTensors;
    for (let i = 0; i < 50; i++) await ranker.rank(request(ids), ALL_ONES, { explain: i % 2 === 0 });
    expect(tf.memory().numTensors).toBe(before);
  });
});

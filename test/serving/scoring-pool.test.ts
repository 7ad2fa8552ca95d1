/**
 * The scoring pool: worker threads that each load the bundle, score as the in-thread scorer does,
 * refuse at once when the queue is full, and replace a worker that misses its deadline.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { selectBackend } from '../../src/engine/tfjs-backend.js';
import { MultirankError } from '../../src/errors.js';
import type { ScoreJob } from '../../src/ranking/scorer.js';
import type { OpenedScorer } from '../../src/ranking/served-model.js';
import { scoringWorkerRestarts, startScoringPool } from '../../src/serving/scoring-pool.js';
import { DEFAULT_MODEL_DIR, servingApp } from '../helpers/serving.js';

const ENGINE = { engine: 'auto' as const, onnxThreads: 1 };
const job = (size: number): ScoreJob => ({
  view: { userId: 'u1', context: { device: 'tv' } },
  candidates: Array.from({ length: size }, (_, index) => ({ itemId: `i${index}`, index })),
});
const pools: OpenedScorer[] = [];
const start = async (options: { queueLimit: number; timeoutMs: number; size?: number }) => {
  const pool = await startScoringPool(DEFAULT_MODEL_DIR, {
    size: 2,
    backend: 'wasm',
    engine: ENGINE,
    ...options,
  });
  pools.push(pool);
  return pool.scorer;
};

beforeAll(() => selectBackend('wasm'));
afterAll(async () => {
  await Promise.all(pools.map((pool) => pool.scorer.close()));
});

describe('the scoring pool', () => {
  it('ranks over HTTP as the in-thread scorer does, on ONNX, from warm workers', async () => {
    const pooled = await servingApp({ MULTIRANK_WORKERS: '2' });
    const inThread = await servingApp({ MULTIRANK_WORKERS: '1' });
    expect((await pooled.app.inject({ url: '/readyz' })).json().engine).toBe('onnx');
    const payload = {
      userId: 'u7',
      context: { device: 'mobile', recent_items: ['i3', 'i9'] },
      candidates: Array.from({ length: 300 }, (_, i) => ({ itemId: `i${i}` })),
      limit: 300,
    };
    const rank = async (app: typeof pooled.app) => {
      const res = await app.inject({ method: 'POST', url: '/v1/rank', payload });
      expect(res.statusCode, res.body).toBe(200);
      return res.json().items;
    };
    const answers = await Promise.all([rank(pooled.app), rank(pooled.app), rank(pooled.app)]);
    const reference = await rank(inThread.app);
    for (const items of answers) expect(items).toEqual(reference);
  });

  it('answers 503 at once when every worker is busy and the queue is full', async () => {
    const scorer = await start({ queueLimit: 0, timeoutMs: 60_000 });
    // Two jobs take the two workers; a third, in the same tick, finds no room.
    const taken = [scorer.score(job(500)), scorer.score(job(500))];
    // What the HTTP layer asks before reading a body says the same.
    expect(scorer.saturated?.()).toBe('all 2 scoring workers are busy and 0 requests wait; try again');
    const refused = scorer.score(job(10));
    await expect(refused).rejects.toThrow(MultirankError);
    await expect(refused).rejects.toThrow(/all 2 scoring workers are busy and 0 requests wait; try again/);
    const outputs = await Promise.all(taken);
    for (const heads of outputs) {
      expect(heads).toHaveLength(5);
      expect(heads[0]).toHaveLength(500);
    }
  });

  it('names a bad candidate value as the in-thread scorer does (400, not a worker failure)', async () => {
    const scorer = await start({ queueLimit: 8, timeoutMs: 60_000 });
    const bad: ScoreJob = {
      ...job(3),
      candidates: job(3).candidates.map((c) => ({ ...c, features: { duration_seconds: 'x' } })),
    };
    await expect(scorer.score(bad)).rejects.toMatchObject({
      code: 'BAD_REQUEST',
      message: expect.stringMatching(/^candidates\[0\]: column "duration_seconds"/),
    });
    expect((await scorer.score(job(4)))[0]).toHaveLength(4);
  });

  it('replaces a worker that misses its deadline, and counts it; the request answers 503 naming why', async () => {
    // 1 ms is shorter than any 500-candidate scoring, on any machine: the deadline always wins.
    const scorer = await start({ queueLimit: 8, timeoutMs: 1 });
    const before = scoringWorkerRestarts();
    await expect(scorer.score(job(500))).rejects.toThrow(
      /^the scoring worker did not answer within 1 ms; it is being replaced, try again$/,
    );
    expect(scoringWorkerRestarts()).toBe(before + 1);
  });
});

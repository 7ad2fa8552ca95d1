/**
 * The worker's scoring over the shipped model, in-process: every distinct candidate gets a row,
 * best first; bad requests fail alone naming the field; unknown items follow the policy.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createChunkScorer } from '../../src/batch/chunk-scorer.js';
import type { InputEntry, Outcome, ScoredRequest } from '../../src/batch/types.js';
import { selectBackend } from '../../src/engine/tfjs-backend.js';
import { loadServedModel, type ServedModel } from '../../src/ranking/served-model.js';
import { DEFAULT_MODEL_DIR } from '../helpers/serving.js';

let model: ServedModel;
beforeAll(async () => {
  await selectBackend('wasm');
  model = await loadServedModel(DEFAULT_MODEL_DIR);
});
afterAll(() => model.dispose());

const entries: InputEntry[] = [
  {
    line: 1,
    request: {
      userId: 'u1',
      context: { device: 'tv', recent_items: ['i4', 'i5'] },
      candidates: [{ itemId: 'i1' }, { itemId: 'i2' }, { itemId: 'i1' }, { itemId: 'nope' }],
    },
  },
  { line: 2, error: 'malformed JSON: ...' },
  { line: 3, request: { userId: 'u2', candidates: [{ itemId: 'i1', features: { duration_seconds: [1] } }] } },
];

const rowsOf = (outcome: Outcome | undefined) =>
  (outcome as ScoredRequest).text
    .trimEnd()
    .split('\n')
    .map((row) => JSON.parse(row) as Record<string, unknown>);

describe('createChunkScorer', () => {
  it('writes one row per distinct candidate, best first, and passes failures through in order', async () => {
    const scorer = await createChunkScorer(model, {
      users: null,
      profile: { input: 'click=1,like=2', field: '--weights' },
      unknownItems: 'default',
      output: 'jsonl',
    });
    expect(scorer.profile).toEqual({ form: 'sum', weights: { click: 1, like: 2 } });
    const [first, second, third] = await scorer.score(entries);
    expect(first).toMatchObject({ line: 1, rows: 3, unknown: 1 });
    const rows = rowsOf(first);
    expect(rows.map((r) => r.rank)).toEqual([1, 2, 3]);
    expect(rows.map((r) => r.itemId).sort()).toEqual(['i1', 'i2', 'nope']);
    for (const row of rows) {
      expect(Object.keys(row).slice(0, 10)).toEqual([
        'line',
        'userId',
        'itemId',
        'rank',
        'score',
        ...scorer.heads,
      ]);
      expect(row.score).toBeCloseTo((row.click as number) + 2 * (row.like as number), 6);
      expect(row.unknown).toBe(row.itemId === 'nope' ? true : undefined);
    }
    const scores = rows.map((r) => r.score as number);
    expect(scores).toEqual([...scores].sort((a, b) => b - a));
    expect(second).toEqual(entries[1]);
    expect(third).toEqual({
      line: 3,
      userId: 'u2',
      error: expect.stringMatching(/^candidates\[0\]: column "duration_seconds": /),
    });
  });

  it('fails a request with an unknown item under unknownItems: reject, naming the candidate', async () => {
    const scorer = await createChunkScorer(model, {
      users: null,
      profile: null,
      unknownItems: 'reject',
      output: 'csv',
    });
    const [first] = await scorer.score(entries.slice(0, 1));
    expect(first).toEqual({
      line: 1,
      userId: 'u1',
      error: 'candidates[3].itemId: unknown item "nope" (not in the item catalog)',
    });
  });

  it('refuses weights that name no head of the model', async () => {
    await expect(
      createChunkScorer(model, {
        users: null,
        profile: { input: 'clik=1', field: '--weights' },
        unknownItems: 'default',
        output: 'csv',
      }),
    ).rejects.toThrow(/^--weights: unknown head "clik"/);
  });
});

/**
 * Guards the shipped model: models/default loads (hash verified), and on its own validation split
 * (the world regenerated from models/default/world.json) its click head beats popularity, with
 * the figures training reported reproduced exactly.
 */
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateCandidates } from '../../src/candidates/generate.js';
import { readCandidateIndex } from '../../src/candidates/index-io.js';
import { selectBackend } from '../../src/engine/tfjs-backend.js';
import type { SplitEvaluation } from '../../src/evaluation/evaluate-split.js';
import type { TrainingConfig } from '../../src/features/training-config.js';
import { loadBundle } from '../../src/model/bundle.js';
import { simulate } from '../../src/sim/simulate.js';
import { openTrainingData } from '../../src/training/training-data.js';
import { evaluateValidation, fitBaseline } from '../../src/training/validation.js';

const DEFAULT = new URL('../../models/default/', import.meta.url).pathname;
let dir = '';

beforeAll(async () => {
  await selectBackend('wasm');
  dir = mkdtempSync(join(tmpdir(), 'multirank-default-model-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('models/default', () => {
  it('is small enough to ship in the repository', () => {
    const bytes = ['model.json', 'weights.bin', 'features.json'].reduce(
      (sum, file) => sum + statSync(join(DEFAULT, file)).size,
      0,
    );
    expect(bytes).toBeLessThan(5 * 1024 * 1024);
  });

  it('ships a candidate index over its catalogue that fills a cold request', async () => {
    const index = await readCandidateIndex(join(DEFAULT, 'candidates'));
    const world = JSON.parse(readFileSync(join(DEFAULT, 'world.json'), 'utf8'));
    expect(index.itemIds.length).toBe(world.sizes.items);
    const cold = generateCandidates(index, { userId: 'someone-new' });
    expect(cold).toHaveLength(500);
    expect(new Set(cold.map((c) => c.itemId)).size).toBe(500);
    const warm = generateCandidates(index, {
      userId: 'u1',
      currentItem: index.itemIds[0]!,
      segments: ['device:tv'],
    });
    expect(warm.some((c) => c.sources.includes('cowatch'))).toBe(true);
  });

  it('loads, and beats popularity on click AUC on its validation split', async () => {
    const bundle = await loadBundle(DEFAULT);
    const world = JSON.parse(readFileSync(join(DEFAULT, 'world.json'), 'utf8'));
    await simulate({
      outDir: dir,
      users: world.sizes.users,
      items: world.sizes.items,
      requests: world.sizes.requests,
      slateSize: world.sizes.slateSize,
      seed: world.seed,
      params: world.params,
      format: 'jsonl',
    });
    const saved = JSON.parse(readFileSync(join(DEFAULT, 'training-config.json'), 'utf8')) as TrainingConfig;
    const at = (file: string) => ({ path: join(dir, file), format: null });
    const config: TrainingConfig = {
      ...saved,
      data: {
        ...saved.data,
        log: at('interactions.jsonl'),
        items: saved.data.items && { ...saved.data.items, ...at('items.jsonl') },
        users: saved.data.users && { ...saved.data.users, ...at('users.jsonl') },
      },
    };
    const data = await openTrainingData(config);
    const evaluation = await evaluateValidation(data, bundle.fitted, bundle.model!, {
      baseline: await fitBaseline(data, bundle.fitted),
    });
    const k = bundle.fitted.tasks.findIndex((t) => t.name === 'click');
    const click = evaluation.heads[k]!;
    expect(click.model.auc).toBeGreaterThan(click.baseline!.auc!);
    // The same world and model give the figures training wrote, so this is the validation split it saw.
    const reported = (bundle.metrics as { validation: SplitEvaluation }).validation.heads[k]!;
    expect(click.model.auc).toBeCloseTo(reported.model.auc!, 5);
    expect(click.baseline!.auc).toBeCloseTo(reported.baseline!.auc!, 5);
    bundle.model!.dispose();
  }, 120_000);
});

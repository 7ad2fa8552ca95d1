import { appendFileSync, cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SkipReport } from '../../src/data/skip-report.js';
import { selectBackend } from '../../src/engine/tfjs-backend.js';
import { encodeRows } from '../../src/features/encode.js';
import { parseConfigText } from '../../src/features/parse-config.js';
import { rowFromRequest } from '../../src/features/rows.js';
import { loadBundle } from '../../src/model/bundle.js';
import { featureTensors } from '../../src/model/inputs.js';
import { loadServedModel } from '../../src/ranking/served-model.js';
import { simulate } from '../../src/sim/simulate.js';
import { train } from '../../src/training/trainer.js';

/** A small world and a small model: enough rows for the loss to move, quick on two cores. */
const config = (dir: string, epochs: number) =>
  parseConfigText(
    `
data:
  log: interactions.jsonl
  items: items.jsonl
  users: users.jsonl
  keys: { request: request_id, user: user_id, item: item_id, timestamp: timestamp }
  validation: { lastFraction: 0.2 }
features:
  - { name: item_id, source: item, type: categorical, embeddingDim: 8 }
  - { name: topic, source: item, type: categorical, embeddingDim: 4 }
  - { name: region, source: user, type: categorical }
  - { name: duration, source: item, column: duration_seconds, type: numeric, normalize: log1p+zscore }
  - { name: recent_items, source: context, type: bag, buckets: 500, maxLength: 5, keep: first, embeddingDim: 8 }
tasks:
  - { name: click, kind: binary, biasTower: true }
  - { name: watch, column: watch_seconds, kind: regression, transform: log1p, loss: huber }
  - { name: rating, kind: regression, group: satisfaction, missingLabel: mask }
bias: { position: position, device: device, maxPosition: 10 }
model: { experts: 3, expertUnits: [16], towerUnits: [8], gateDropout: 0.1 }
training: { epochs: ${epochs}, batchSize: 256, learningRate: 0.005, seed: 3, earlyStoppingPatience: 0 }
`,
    { baseDir: dir },
  );

let dir: string;
beforeAll(async () => {
  await selectBackend('wasm');
  dir = mkdtempSync(join(tmpdir(), 'multirank-train-'));
  await simulate({ outDir: dir, users: 300, items: 200, requests: 1200, seed: 11, format: 'jsonl' });
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('train', () => {
  it('lowers the training loss, writes a verifiable bundle and reports against popularity', async () => {
    const out = join(dir, 'model-a');
    const report = await train(config(dir, 2), { outDir: out });
    expect(report.history).toHaveLength(2);
    expect(report.history[1]!.trainLoss).toBeLessThan(report.history[0]!.trainLoss);
    // Each head's own validation loss is kept; with unit weights they add up to the total.
    const perHead = report.history[0]!.validationHeadLosses!;
    expect(Object.keys(perHead)).toEqual(['click', 'watch', 'rating']);
    const summed = Object.values(perHead).reduce((a, b) => a + b, 0);
    expect(summed).toBeCloseTo(report.history[0]!.validationLoss, 5);
    expect(report.validation.heads.map((h) => h.name)).toEqual(['click', 'watch', 'rating']);
    const click = report.validation.heads[0]!;
    expect(click.model.auc).toBeGreaterThan(0.5);
    expect(click.baseline?.auc).toBeGreaterThan(0);
    // Sparse ratings are masked, not dropped: fewer labelled rows than clicks.
    expect(report.validation.heads[2]!.labelled).toBeLessThan(click.labelled);
    expect(report.validation.gateUtilisation).toHaveLength(3);

    const bundle = await loadBundle(out);
    expect(bundle.manifest.contentHash).toBe(report.manifest.contentHash);
    expect(bundle.model!.inputs.map((i) => i.name)).not.toContain('in__position');
    // The bundle carries its ONNX graph, and serving runs it after checking it against TF.js.
    expect(bundle.onnx?.byteLength).toBeGreaterThan(1000);
    const served = await loadServedModel(out);
    expect(served.engine).toBe('onnx');
    served.dispose();
    // The tower's learnt effect is recorded: positions 0..10 × devices (unknown + 3) for click.
    const tower = (bundle.metrics as { biasTower: typeof report.biasTower }).biasTower!;
    expect(tower.devices).toHaveLength(4);
    expect(tower.heads.map((h) => [h.name, h.logits.length, h.logits[1]!.length])).toEqual([
      ['click', 11, 4],
    ]);
  });

  it('resumes an interrupted run from its checkpoint, and refuses a changed config', async () => {
    const out = join(dir, 'model-b');
    // Interrupt the run as epoch 2 starts: epoch 1 is checkpointed, no bundle is written.
    const interrupt = (label: string) => {
      if (label.startsWith('epoch 2')) throw new Error('interrupted');
      return { tick: () => undefined, done: () => undefined };
    };
    await expect(train(config(dir, 2), { outDir: out, progress: interrupt })).rejects.toThrow('interrupted');
    const changed = config(dir, 2);
    changed.training.learningRate = 0.01;
    await expect(train(changed, { outDir: out, resume: true })).rejects.toThrow(/different training config/);
    const resumed = await train(config(dir, 2), { outDir: out, resume: true });
    expect(resumed.history.map((h) => h.epoch)).toEqual([1, 2]);
    // The finished run leaves no checkpoint behind for a later --resume to pick up.
    await expect(train(config(dir, 1), { outDir: out, resume: true })).resolves.toMatchObject({
      history: [{ epoch: 1 }],
    });
  });

  it('serves from the bundle what the serving encoder gives for a request, with no tensor leak', async () => {
    const bundle = await loadBundle(join(dir, 'model-a'));
    const request = {
      userId: 'u1',
      context: { device: 'mobile', recent_items: ['i3', 'i4'] },
      user: { region: 'r0' },
    };
    const rows = ['i1', 'i2', 'i3'].map((itemId, index) =>
      rowFromRequest(bundle.fitted.layout, request, { itemId, features: {}, item: { topic: 't1' } }, index),
    );
    const score = () =>
      tf.tidy(() => {
        const batch = encodeRows(bundle.fitted, rows, { labels: false, report: new SkipReport() });
        const outputs = bundle.model!.predict(featureTensors(batch)) as tf.Tensor[];
        return outputs.map((t) => Array.from(t.dataSync()));
      });
    const first = score();
    expect(first).toHaveLength(3);
    for (const p of first[0]!) expect(p).toBeGreaterThan(0);
    const before = tf.memory().numTensors;
    for (let i = 0; i < 20; i++) expect(score()).toEqual(first);
    expect(tf.memory().numTensors).toBe(before);
  });

  it('refuses a bundle whose files changed after training, or that lacks a file', async () => {
    const altered = join(dir, 'model-altered');
    cpSync(join(dir, 'model-a'), altered, { recursive: true });
    appendFileSync(join(altered, 'metrics.json'), ' ');
    await expect(loadBundle(altered)).rejects.toThrow(/content hash mismatch/);
    const partial = join(dir, 'model-partial');
    cpSync(join(dir, 'model-a'), partial, { recursive: true });
    rmSync(join(partial, 'weights.bin'));
    await expect(loadBundle(partial)).rejects.toThrow(/weights\.bin/);
  });

  it('is deterministic for a seed, input and gate dropout included, and differs across seeds', async () => {
    // Input and gate dropout draw their masks from training.seed (seeded-dropout.ts).
    const withDropout = (seed: number) => {
      const c = config(dir, 1);
      c.model.inputDropout = 0.3;
      c.training.seed = seed;
      return c;
    };
    const weightsOf = async (out: string) => {
      const bundle = await loadBundle(out);
      const values = bundle.model!.getWeights().map((w) => Array.from(w.dataSync()));
      bundle.model!.dispose();
      return values;
    };
    await train(withDropout(5), { outDir: join(dir, 'seed-5a') });
    await train(withDropout(5), { outDir: join(dir, 'seed-5b') });
    await train(withDropout(6), { outDir: join(dir, 'seed-6') });
    const a = await weightsOf(join(dir, 'seed-5a'));
    expect(await weightsOf(join(dir, 'seed-5b'))).toEqual(a);
    expect(await weightsOf(join(dir, 'seed-6'))).not.toEqual(a);
  });
});

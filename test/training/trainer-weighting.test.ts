/**
 * The trainer with learned task weights, with task-wise early stopping and with no validation
 * split, end to end on a small simulated world: the weights are logged per epoch and land in
 * metrics.json; heads freeze, and stay frozen across a resume; without validation the last epoch
 * is kept and the log says so.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { selectBackend } from '../../src/engine/tfjs-backend.js';
import { parseConfigText } from '../../src/features/parse-config.js';
import { simulate } from '../../src/sim/simulate.js';
import { train } from '../../src/training/trainer.js';

const config = (dir: string, training: string, validation = '{ lastFraction: 0.2 }') =>
  parseConfigText(
    `
data:
  log: interactions.jsonl
  items: items.jsonl
  keys: { request: request_id, user: user_id, item: item_id, timestamp: timestamp }
  validation: ${validation}
features:
  - { name: item_id, source: item, type: categorical, embeddingDim: 4 }
  - { name: topic, source: item, type: categorical, embeddingDim: 4 }
  - { name: device, source: context, type: categorical }
tasks:
  - { name: click, kind: binary }
  - { name: like, kind: binary }
  - { name: watch, column: watch_seconds, kind: regression, transform: log1p }
model: { experts: 2, expertUnits: [8], towerUnits: [4] }
training: { epochs: 3, batchSize: 128, learningRate: 0.01, seed: 5, earlyStoppingPatience: 0, ${training} }
`,
    { baseDir: dir },
  );

let dir: string;
beforeAll(async () => {
  await selectBackend('wasm');
  dir = mkdtempSync(join(tmpdir(), 'multirank-weighting-'));
  await simulate({ outDir: dir, users: 200, items: 100, requests: 600, seed: 8, format: 'jsonl' });
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('train with learned task weights', () => {
  it('uncertainty: weights the sparse like head above click, logs them and writes them to metrics.json', async () => {
    const lines: string[] = [];
    const out = join(dir, 'uncertainty');
    const report = await train(config(dir, 'taskWeighting: uncertainty'), {
      outDir: out,
      log: (l) => lines.push(l),
    });
    const weights = report.history.map((r) => r.taskWeights!);
    expect(weights).toHaveLength(3);
    for (const epoch of weights) {
      expect(Object.keys(epoch)).toEqual(['click', 'like', 'watch']);
      expect(epoch.like!).toBeGreaterThan(epoch.click!);
    }
    expect(
      lines.filter((l) => /task weights click [0-9.]+, like [0-9.]+, watch [0-9.]+/.test(l)),
    ).toHaveLength(3);
    expect(lines.some((l) => l.startsWith('validation loss by epoch, like: '))).toBe(true);
    const metrics = JSON.parse(readFileSync(join(out, 'metrics.json'), 'utf8'));
    expect(metrics.history[2].taskWeights).toEqual(weights[2]);
    expect(metrics.parameters).toBeGreaterThan(0);
  });

  it('gradnorm: the weights keep summing to the number of tasks', async () => {
    const report = await train(config(dir, 'taskWeighting: gradnorm, gradnormAlpha: 1'), {
      outDir: join(dir, 'gradnorm'),
    });
    const last = Object.values(report.history.at(-1)!.taskWeights!);
    expect(last.reduce((a, b) => a + b, 0)).toBeCloseTo(3, 6);
    expect(new Set(last.map((w) => w.toFixed(6))).size).toBeGreaterThan(1); // they moved
  });
});

describe('train with task-wise early stopping (headPatience)', () => {
  const lines: string[] = [];
  const run = (out: string, extra: Parameters<typeof train>[1] = { outDir: out }) => {
    const freezing = config(dir, 'headPatience: 1');
    freezing.training.epochs = 5;
    freezing.training.learningRate = 0.03;
    return train(freezing, { log: (l) => lines.push(l), ...extra, outDir: out });
  };

  it('freezes each head whose own loss stalls, and stops once every head is frozen', async () => {
    lines.length = 0;
    const report = await run(join(dir, 'frozen'));
    // On this small world click and like stall after epoch 1, watch after epoch 2.
    expect(lines.filter((l) => l.startsWith('head '))).toEqual([
      'head click frozen: its validation loss has not improved for 1 epoch; its own layers are back at epoch 1',
      'head like frozen: its validation loss has not improved for 1 epoch; its own layers are back at epoch 1',
      'head watch frozen: its validation loss has not improved for 1 epoch; its own layers are back at epoch 2',
    ]);
    expect(lines).toContain(`early stop: every head is frozen; keeping epoch ${report.bestEpoch}`);
    expect(report.history.map((r) => r.epoch)).toEqual([1, 2, 3]);
  });

  it('a resumed run keeps the heads frozen before the interruption and trains as the uninterrupted one', async () => {
    const whole = await run(join(dir, 'frozen-whole'));
    const out = join(dir, 'frozen-resumed');
    const interrupt = (label: string) => {
      if (label.startsWith('epoch 3')) throw new Error('interrupted');
      return { tick: () => undefined, done: () => undefined };
    };
    await expect(run(out, { outDir: out, progress: interrupt })).rejects.toThrow('interrupted');
    lines.length = 0;
    const resumed = await run(out, { outDir: out, resume: true });
    expect(lines.filter((l) => l.startsWith('head click') || l.startsWith('head like'))).toEqual([]);
    expect(resumed.history.map((r) => r.validationHeadLosses)).toEqual(
      whole.history.map((r) => r.validationHeadLosses),
    );
  });
});

describe('train without a validation split', () => {
  it('keeps the last epoch and says so', async () => {
    const lines: string[] = [];
    const report = await train(config(dir, 'taskWeighting: fixed', 'none'), {
      outDir: join(dir, 'no-validation'),
      log: (l) => lines.push(l),
    });
    expect(report.bestEpoch).toBe(3);
    expect(report.history).toHaveLength(3);
    expect(lines).toContain('no validation split: early stopping is off and the last epoch is kept');
  });
});

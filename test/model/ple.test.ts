/**
 * PLE / CGC (src/model/ple.ts): the gates' widths and names, which experts each task can reach,
 * one set of weights under both graphs, and a serving graph of standard layers only.
 */
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { selectBackend } from '../../src/engine/tfjs-backend.js';
import { architectureWith } from '../../src/model/from-config.js';
import {
  type ArchitectureSpec,
  buildRankerGraphs,
  type ModelHead,
  type ModelInput,
} from '../../src/model/graph.js';
import { trainStep } from '../../src/training/step.js';

const inputs: ModelInput[] = [
  { name: 'user_id', kind: 'ids', vocabularySize: 50, embeddingDim: 8 },
  { name: 'duration', kind: 'dense', width: 2 },
];
const heads: ModelHead[] = [
  { name: 'click', kind: 'binary', biasTower: true },
  { name: 'watch_seconds', kind: 'regression', biasTower: false },
  { name: 'like', kind: 'binary', biasTower: false },
];
const ple: ArchitectureSpec = architectureWith({
  architecture: 'ple',
  levels: 2,
  expertUnits: [12],
  towerUnits: [6],
  gateDropout: 0.2,
  bias: { positions: 6, devices: 3, units: [] },
  seed: 5,
});

function features(n: number): tf.Tensor[] {
  return [
    tf.tensor2d(
      Array.from({ length: n }, (_, i) => [(i * 7) % 50]),
      [n, 1],
      'int32',
    ),
    tf.randomNormal([n, 2], 0, 1, 'float32', 3),
  ];
}

const predict = (model: tf.LayersModel, x: tf.Tensor[]) =>
  (model.predict(x) as tf.Tensor[]).map((t) => Array.from(t.dataSync()));

/** Adds 0.5 to every weight of the layers whose names match. */
function perturb(model: tf.LayersModel, pattern: RegExp): number {
  const layers = model.layers.filter((l) => pattern.test(l.name));
  for (const layer of layers) layer.setWeights(layer.getWeights().map((w) => w.add(0.5)));
  return layers.length;
}

beforeAll(async () => {
  await selectBackend('cpu');
});

describe('PLE', () => {
  it("gives each head a last-level gate over its own experts and the shared ones, named as MMoE's", () => {
    const graphs = buildRankerGraphs(inputs, heads, { ...ple, taskExperts: 2, sharedExperts: 3 });
    expect(graphs.gates!.outputNames).toEqual(['gate_click', 'gate_watch_seconds', 'gate_like']);
    const gates = graphs.gates!.predict(features(4)) as tf.Tensor[];
    for (const gate of gates) {
      expect(gate.shape).toEqual([4, 5]);
      for (const sum of tf.sum(gate, 1).dataSync()) expect(sum).toBeCloseTo(1, 5);
    }
    // Below the last level: task gates and a shared gate over every expert (3 heads × 2 + 3).
    const kernel = (name: string) => graphs.serving.getLayer(name).getWeights()[0]!.shape;
    expect(kernel('ple1_gate_click')).toEqual([10, 5]);
    expect(kernel('ple1_shared_gate')).toEqual([10, 9]);
    expect(graphs.serving.layers.some((l) => l.name === 'ple2_shared_gate')).toBe(false);
    // Level 2's gates and experts read level 1's 12-wide mixtures, not the 10-wide input.
    expect(kernel('gate_click')).toEqual([12, 5]);
    expect(kernel('ple2_expert0_click_dense0')).toEqual([12, 12]);
    expect(kernel('ple2_shared0_dense0')).toEqual([12, 12]);
  });

  it('takes the config defaults (CGC, 2 shared, 1 own) when the spec leaves the sizes out', () => {
    const { levels: _l, sharedExperts: _s, taskExperts: _t, ...bare } = ple;
    const graphs = buildRankerGraphs(inputs, heads, bare);
    const names = graphs.serving.layers.map((l) => l.name);
    expect(names.filter((n) => /^ple\d_shared\d_dense0$/.test(n))).toEqual([
      'ple1_shared0_dense0',
      'ple1_shared1_dense0',
    ]);
    expect(names.some((n) => n.startsWith('ple2_'))).toBe(false);
    expect((graphs.gates!.predict(features(2)) as tf.Tensor[]).map((g) => g.shape)).toEqual([
      [2, 3],
      [2, 3],
      [2, 3],
    ]);
  });

  it("keeps a task's own experts out of other tasks in CGC, and mixes them in through the shared gate above", () => {
    const x = features(8);
    for (const levels of [1, 2]) {
      const graphs = buildRankerGraphs(inputs, heads, { ...ple, levels });
      const before = predict(graphs.serving, x);
      // Every expert of watch_seconds's own, at every level.
      expect(perturb(graphs.serving, /^ple\d_expert\d+_watch_seconds_/)).toBeGreaterThan(0);
      const after = predict(graphs.serving, x);
      expect(after[1]).not.toEqual(before[1]);
      for (const other of [0, 2]) {
        if (levels === 1) expect(after[other]).toEqual(before[other]);
        else expect(after[other]).not.toEqual(before[other]);
      }
    }
  });

  it('shares every serving weight with the training graph, whose gate dropout is its only custom layer', async () => {
    const graphs = buildRankerGraphs(inputs, heads, ple);
    const serving = new Set(graphs.serving.weights.map((w) => w.name));
    const trainingOnly = graphs.training.weights.filter((w) => !serving.has(w.name)).map((w) => w.name);
    for (const name of trainingOnly) expect(name).toMatch(/bias/);
    for (const w of graphs.serving.weights)
      expect(graphs.training.weights.map((t) => t.name)).toContain(w.name);
    const custom = graphs.training.layers.filter((l) => l.getClassName().startsWith('Multirank'));
    // A gate dropout per task gate per level, and one per shared gate below the last level.
    expect(custom.map((l) => l.getClassName())).toEqual(Array(3 * 2 + 1).fill('MultirankGateDropout'));
    expect(graphs.serving.layers.filter((l) => l.getClassName().startsWith('Multirank'))).toEqual([]);
    // The serving graph reloads from its own JSON to the same predictions.
    const reloaded = await tf.models.modelFromJSON({
      modelTopology: graphs.serving.toJSON(null, false) as tf.io.ModelJSON['modelTopology'],
    });
    reloaded.setWeights(graphs.serving.getWeights());
    expect(predict(reloaded, features(5))).toEqual(predict(graphs.serving, features(5)));
  });

  it('trains: a step on the training graph moves the weights of every level', () => {
    const graphs = buildRankerGraphs(inputs, heads, ple);
    const n = 16;
    const watched = (name: string) => graphs.serving.getLayer(name).getWeights()[0]!.arraySync();
    const layers = ['ple1_expert0_like_dense0', 'ple1_shared_gate', 'ple2_shared1_dense0', 'gate_click'];
    const before = layers.map(watched);
    const optimizer = tf.train.adam(0.01);
    const labels = heads.map(() =>
      tf.tensor2d(
        Array.from({ length: n }, (_, i) => [i % 2]),
        [n, 1],
      ),
    );
    const masks = heads.map(() => tf.ones([n, 1]));
    trainStep(
      graphs.training,
      optimizer,
      heads.map((h) => ({ kind: h.kind, weight: 1, huberDelta: null })),
      { inputs: [...features(n), tf.ones([n, 1], 'int32'), tf.ones([n, 1], 'int32')], labels, masks },
    );
    for (const [k, name] of layers.entries()) expect(watched(name), name).not.toEqual(before[k]);
  });
});

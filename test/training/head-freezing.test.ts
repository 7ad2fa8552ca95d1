/**
 * Task-wise early stopping (src/training/head-freezing.ts): which layers are a head's own, when a
 * head is frozen, that it goes back to its best epoch's values, and that training steps leave it
 * there while the other heads move on.
 */
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { selectBackend } from '../../src/engine/tfjs-backend.js';
import { architectureWith } from '../../src/model/from-config.js';
import { buildRankerGraphs, type ModelHead, type ModelInput } from '../../src/model/graph.js';
import { headVariables } from '../../src/model/head-layers.js';
import type { EpochRecord } from '../../src/training/checkpoint.js';
import { createHeadFreezer } from '../../src/training/head-freezing.js';
import { trainStep } from '../../src/training/step.js';
import { createTaskWeighting } from '../../src/training/task-weighting.js';

const inputs: ModelInput[] = [
  { name: 'user_id', kind: 'ids', vocabularySize: 20, embeddingDim: 4 },
  { name: 'duration', kind: 'dense', width: 2 },
];
const heads: ModelHead[] = [
  { name: 'click', kind: 'binary', biasTower: false },
  { name: 'like', kind: 'binary', biasTower: false },
  { name: 'click_long', kind: 'binary', biasTower: false },
];
const mmoe = architectureWith({
  architecture: 'mmoe',
  experts: 2,
  expertUnits: [8],
  towerUnits: [4],
  seed: 3,
});

/** The layer names owning `variables`, as TF.js names them (`<layer>/<weight>`). */
const layersOf = (variables: tf.Variable[]) =>
  [...new Set(variables.map((v) => v.name.split('/')[0]!))].sort();

const record = (epoch: number, losses: Record<string, number>): EpochRecord => ({
  epoch,
  trainLoss: 0,
  validationLoss: 0,
  validationHeadLosses: losses,
  examplesPerSecond: 0,
});

const values = (variables: tf.Variable[]) => variables.map((v) => Array.from(v.dataSync()));

function batch(n: number) {
  return {
    inputs: [
      tf.tensor2d(
        Array.from({ length: n }, (_, i) => [i % 20]),
        [n, 1],
        'int32',
      ),
      tf.randomNormal([n, 2], 0, 1, 'float32', 5),
    ],
    labels: heads.map((_, k) =>
      tf.tensor2d(
        Array.from({ length: n }, (_, i) => [(i + k) % 3 === 0 ? 1 : 0]),
        [n, 1],
      ),
    ),
    masks: heads.map(() => tf.ones([n, 1])),
  };
}

beforeAll(async () => {
  await selectBackend('wasm');
});

describe('headVariables', () => {
  it("MMoE: a head's tower, logit and gate, none of another head's (even one whose name it starts), no expert", () => {
    const graphs = buildRankerGraphs(inputs, heads, mmoe);
    const names = layersOf(headVariables(graphs.training, 'click'));
    expect(names.filter((n) => !/^(tower_click_dense\d|logit_click|gate_click)$/.test(n))).toEqual([]);
    expect(names).toContain('logit_click');
    expect(names).toContain('gate_click');
    expect(names).toContain('tower_click_dense0');
  });

  it("PLE: the head's gate at every level and its own experts at the last level only", () => {
    const ple = architectureWith({
      architecture: 'ple',
      levels: 2,
      expertUnits: [8],
      towerUnits: [4],
      seed: 3,
    });
    const graphs = buildRankerGraphs(inputs, heads, ple);
    const names = layersOf(headVariables(graphs.training, 'like'));
    expect(names).toContain('ple1_gate_like');
    expect(names).toContain('gate_like');
    expect(names.some((n) => n.startsWith('ple2_expert0_like_dense'))).toBe(true);
    // A lower level's own experts also feed that level's shared gate: not the head's alone.
    expect(names.some((n) => n.startsWith('ple1_expert'))).toBe(false);
    expect(names.some((n) => n.includes('shared'))).toBe(false);
  });
});

describe('createHeadFreezer', () => {
  it('freezes a head after `patience` epochs without its own improvement, back at its best epoch', () => {
    const graphs = buildRankerGraphs(inputs, heads, mmoe);
    const like = headVariables(graphs.training, 'like');
    const freezer = createHeadFreezer(graphs.training, ['click', 'like', 'click_long'], 2);
    const history = [record(1, { click: 0.6, like: 0.1, click_long: 0.5 })];
    expect(freezer.afterEpoch(history)).toEqual([]);
    const atBest = values(like);
    // Epoch 2: like gets worse (its layers moved); one epoch is not yet the patience.
    for (const v of like) v.assign(tf.add(v, 1));
    history.push(record(2, { click: 0.55, like: 0.12, click_long: 0.45 }));
    expect(freezer.afterEpoch(history)).toEqual([]);
    expect(freezer.active()).toEqual([true, true, true]);
    history.push(record(3, { click: 0.5, like: 0.13, click_long: 0.44 }));
    expect(freezer.afterEpoch(history)).toEqual([
      'head like frozen: its validation loss has not improved for 2 epochs; its own layers are back at epoch 1',
    ]);
    expect(freezer.active()).toEqual([true, false, true]);
    expect(freezer.frozen()).toEqual(['like']);
    expect(values(like)).toEqual(atBest);
    freezer.dispose();
  });

  it('patience 0 never freezes, and a head without validation labels is not judged', () => {
    const graphs = buildRankerGraphs(inputs, heads, mmoe);
    const never = createHeadFreezer(graphs.training, ['click', 'like', 'click_long'], 0);
    const worse = [1, 2, 3, 4].map((e) => record(e, { click: e, like: e, click_long: e }));
    expect(never.afterEpoch(worse)).toEqual([]);
    const judged = createHeadFreezer(graphs.training, ['click', 'like', 'click_long'], 1);
    const unlabelled = [1, 2].map((e) => record(e, { click: 1 / e, like: Number.NaN, click_long: 1 / e }));
    expect(judged.afterEpoch(unlabelled.slice(0, 1))).toEqual([]);
    expect(judged.afterEpoch(unlabelled)).toEqual([]);
    expect(judged.active()).toEqual([true, true, true]);
  });

  it('a resumed run keeps its frozen heads frozen where they are', () => {
    const graphs = buildRankerGraphs(inputs, heads, mmoe);
    const freezer = createHeadFreezer(graphs.training, ['click', 'like', 'click_long'], 1, ['like']);
    expect(freezer.active()).toEqual([true, false, true]);
    const like = headVariables(graphs.training, 'like');
    const before = values(like);
    for (const v of like) v.assign(tf.mul(v, 3));
    freezer.hold();
    expect(values(like)).toEqual(before);
  });

  it('training steps leave a frozen head where it was frozen while the others learn', () => {
    for (const kind of ['fixed', 'uncertainty'] as const) {
      const graphs = buildRankerGraphs(inputs, heads, mmoe);
      const freezer = createHeadFreezer(graphs.training, ['click', 'like', 'click_long'], 1);
      const lossHeads = heads.map((h) => ({ kind: h.kind, weight: 1 }));
      const weighting = createTaskWeighting(kind, lossHeads, { alpha: 0 });
      const optimizer = tf.train.adam(0.05);
      const variables = graphs.training.trainableWeights.map((w) => w.read() as tf.Variable);
      const steps = () => {
        for (let step = 0; step < 5; step++) {
          tf.tidy(() => {
            trainStep(
              graphs.training,
              optimizer,
              lossHeads,
              batch(16),
              variables,
              weighting,
              freezer.active(),
            );
            freezer.hold();
          });
        }
      };
      const history = [record(1, { click: 0.6, like: 0.1, click_long: 0.5 })];
      freezer.afterEpoch(history);
      const likeAtBest = values(headVariables(graphs.training, 'like'));
      // Every head trains (Adam's moments fill up), then like is frozen back at epoch 1.
      steps();
      history.push(record(2, { click: 0.5, like: 0.2, click_long: 0.4 }));
      expect(freezer.afterEpoch(history)).toHaveLength(1);
      expect(values(headVariables(graphs.training, 'like'))).toEqual(likeAtBest);
      const click = values(headVariables(graphs.training, 'click'));
      // The moments would still move like's layers: held, they stay; click moves on.
      steps();
      expect(values(headVariables(graphs.training, 'like'))).toEqual(likeAtBest);
      expect(values(headVariables(graphs.training, 'click'))).not.toEqual(click);
      freezer.dispose();
      weighting.dispose();
    }
  });
});

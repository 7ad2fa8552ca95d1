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
  { name: 'recent_items', kind: 'bag', vocabularySize: 30, embeddingDim: 8, maxLength: 5 },
  { name: 'duration', kind: 'dense', width: 2 },
];
const heads: ModelHead[] = [
  { name: 'click', kind: 'binary', biasTower: true },
  { name: 'watch_seconds', kind: 'regression', biasTower: true },
  { name: 'like', kind: 'binary', biasTower: false },
];
const mmoe: ArchitectureSpec = architectureWith({
  architecture: 'mmoe',
  expertUnits: [16],
  towerUnits: [8],
  gateDropout: 0.1,
  inputDropout: 0.1,
  bias: { positions: 11, devices: 4, units: [8] },
  seed: 7,
});

function featureBatch(n: number): tf.Tensor[] {
  return [
    tf.tensor2d(
      Array.from({ length: n }, (_, i) => [i % 50]),
      [n, 1],
      'int32',
    ),
    tf.tensor2d(
      Array.from({ length: n }, (_, i) => [i % 30, 1, 0, 0, 0]),
      [n, 5],
      'int32',
    ),
    tf.tensor2d(
      Array.from({ length: n }, () => [0.5, 0.5, 0, 0, 0]),
      [n, 5],
    ),
    tf.randomNormal([n, 2], 0, 1, 'float32', 3),
  ];
}

async function saveToMemory(model: tf.LayersModel): Promise<tf.io.ModelArtifacts> {
  let artifacts: tf.io.ModelArtifacts | undefined;
  await model.save(
    tf.io.withSaveHandler(async (a) => {
      artifacts = a;
      return { modelArtifactsInfo: { dateSaved: new Date(), modelTopologyType: 'JSON' } };
    }),
  );
  if (!artifacts) throw new Error('nothing saved');
  return artifacts;
}

beforeAll(async () => {
  await selectBackend('cpu');
});

describe('buildRankerGraphs', () => {
  it('gives one [n, 1] output per head in both graphs; training also takes position and device', () => {
    const graphs = buildRankerGraphs(inputs, heads, mmoe);
    expect(graphs.featureInputNames).toEqual([
      'user_id',
      'recent_items',
      'recent_items__weights',
      'duration',
    ]);
    expect(graphs.training.inputs.map((i) => i.name)).toContain('in__position');
    expect(graphs.serving.inputs.map((i) => i.name)).not.toContain('in__position');
    const features = featureBatch(6);
    const serving = graphs.serving.predict(features) as tf.Tensor[];
    const training = graphs.training.predict([
      ...features,
      tf.ones([6, 1], 'int32'),
      tf.ones([6, 1], 'int32'),
    ]) as tf.Tensor[];
    expect(serving.map((t) => t.shape)).toEqual([
      [6, 1],
      [6, 1],
      [6, 1],
    ]);
    expect(training.map((t) => t.shape)).toEqual(serving.map((t) => t.shape));
    const click = serving[0]!.dataSync();
    for (const p of click) expect(p).toBeGreaterThan(0);
    for (const p of click) expect(p).toBeLessThan(1);
  });

  it('serves with standard layers only and reloads to identical predictions', async () => {
    const graphs = buildRankerGraphs(inputs, heads, mmoe);
    const artifacts = await saveToMemory(graphs.serving);
    const topology = JSON.stringify(artifacts.modelTopology);
    // Every class is a standard Keras layer: the dropout layers are training-only.
    const classes = new Set([...topology.matchAll(/"class_name":"(\w+)"/g)].map((m) => m[1]));
    expect([...classes].filter((c) => c?.startsWith('Multirank'))).toEqual([]);
    expect(classes.has('Dense')).toBe(true);
    expect(classes.has('Dropout')).toBe(false);
    expect(topology).not.toContain('bias_logit');
    const reloaded = await tf.loadLayersModel(tf.io.fromMemory(artifacts));
    const features = featureBatch(5);
    const before = (graphs.serving.predict(features) as tf.Tensor[]).map((t) => Array.from(t.dataSync()));
    const after = (reloaded.predict(features) as tf.Tensor[]).map((t) => Array.from(t.dataSync()));
    expect(after).toEqual(before);
  });

  it('shares weights: the serving graph is the training graph without the bias tower', () => {
    const graphs = buildRankerGraphs(inputs, heads, mmoe);
    const servingNames = new Set(graphs.serving.weights.map((w) => w.name));
    const trainingOnly = graphs.training.weights.filter((w) => !servingNames.has(w.name)).map((w) => w.name);
    expect(trainingOnly.length).toBeGreaterThan(0);
    for (const name of trainingOnly) expect(name).toMatch(/bias/);
  });

  it('builds a shared-bottom variant without gates', () => {
    const graphs = buildRankerGraphs(inputs, heads, {
      ...mmoe,
      architecture: 'shared-bottom',
      expertUnits: [32],
    });
    expect(graphs.gates).toBeNull();
    expect((graphs.serving.predict(featureBatch(2)) as tf.Tensor[]).length).toBe(3);
  });

  it('puts an optional shared bottom layer under the experts and the gates, in both graphs', () => {
    const graphs = buildRankerGraphs(inputs, heads, { ...mmoe, bottomUnits: [12] });
    const kernelShape = (model: tf.LayersModel, layer: string) =>
      model.getLayer(layer).getWeights()[0]!.shape;
    for (const model of [graphs.serving, graphs.training]) {
      expect(kernelShape(model, 'shared_bottom_dense0')[1]).toBe(12);
      // Experts and gates read the bottom's 12 units, not the concatenated inputs.
      expect(kernelShape(model, 'expert0_dense0')).toEqual([12, 16]);
      expect(kernelShape(model, 'gate_click')).toEqual([12, 4]);
    }
    expect(graphs.serving.getLayer('shared_bottom_dense0')).toBe(
      graphs.training.getLayer('shared_bottom_dense0'),
    );
    const outputs = graphs.serving.predict(featureBatch(3)) as tf.Tensor[];
    expect(outputs.map((t) => t.shape)).toEqual(heads.map(() => [3, 1]));
  });

  it('gate probes sum to one per row', () => {
    const graphs = buildRankerGraphs(inputs, heads, mmoe);
    const gates = graphs.gates!.predict(featureBatch(4)) as tf.Tensor[];
    expect(gates).toHaveLength(3);
    for (const row of gates[0]!.sum(-1).dataSync()) expect(row).toBeCloseTo(1, 5);
  });

  it('leaks no tensors across repeated predictions', () => {
    const graphs = buildRankerGraphs(inputs, heads, mmoe);
    const features = featureBatch(8);
    const predictOnce = () =>
      tf.tidy(() => (graphs.serving.predict(features) as tf.Tensor[]).map((t) => t.dataSync()));
    predictOnce();
    const before = tf.memory().numTensors;
    for (let i = 0; i < 50; i++) predictOnce();
    expect(tf.memory().numTensors).toBe(before);
  });

  it('shares one embedding table within a group and adds dot-product interactions', async () => {
    const idInputs: ModelInput[] = [
      { name: 'item_id', kind: 'ids', vocabularySize: 30, embeddingDim: 8 },
      { name: 'recent_items', kind: 'bag', vocabularySize: 30, embeddingDim: 8, maxLength: 5 },
    ];
    const graphs = buildRankerGraphs(idInputs, heads, {
      ...mmoe,
      sharedEmbeddings: [['item_id', 'recent_items']],
      interactions: [['item_id', 'recent_items']],
    });
    const tables = graphs.serving.layers.filter((l) => l.name.startsWith('emb_')).map((l) => l.name);
    expect(tables).toEqual(['emb_item_id']);
    expect(graphs.serving.getLayer('dot_item_id__recent_items').outputShape).toEqual([null, 1]);
    // A history of exactly the candidate must give the same pooled vector as the candidate itself:
    // only true when both look up the same table.
    const probe = tf.model({
      inputs: graphs.serving.inputs,
      outputs: [
        graphs.serving.getLayer('flat_item_id').output as tf.SymbolicTensor,
        graphs.serving.getLayer('pool_recent_items').output as tf.SymbolicTensor,
      ],
    });
    const batch = [
      tf.tensor2d([[7]], [1, 1], 'int32'),
      tf.tensor2d([[7, 0, 0, 0, 0]], [1, 5], 'int32'),
      tf.tensor2d([[1, 0, 0, 0, 0]], [1, 5]),
    ];
    const [item, pooled] = (probe.predict(batch) as tf.Tensor[]).map((t) => Array.from(t.dataSync()));
    expect(pooled).toEqual(item);
    const artifacts = await saveToMemory(graphs.serving);
    const reloaded = await tf.loadLayersModel(tf.io.fromMemory(artifacts));
    const before = (graphs.serving.predict(batch) as tf.Tensor[]).map((t) => Array.from(t.dataSync()));
    const after = (reloaded.predict(batch) as tf.Tensor[]).map((t) => Array.from(t.dataSync()));
    expect(after).toEqual(before);
  });

  it('refuses an interaction between vectors of different widths, naming both', () => {
    const mixed: ModelInput[] = [
      { name: 'user_id', kind: 'ids', vocabularySize: 50, embeddingDim: 8 },
      { name: 'topic', kind: 'ids', vocabularySize: 10, embeddingDim: 4 },
    ];
    expect(() => buildRankerGraphs(mixed, heads, { ...mmoe, interactions: [['user_id', 'topic']] })).toThrow(
      /interaction \[user_id, topic\]: embedding widths differ \(8 vs 4\)/,
    );
  });

  it('adds a wide per-id weight to each head, learnable and saved with the serving graph', async () => {
    const graphs = buildRankerGraphs(inputs, heads, { ...mmoe, wide: ['user_id'] });
    const wideLayers = graphs.serving.layers.filter((l) => l.name.startsWith('wide_')).map((l) => l.name);
    expect(wideLayers).toEqual(['wide_user_id__click', 'wide_user_id__watch_seconds', 'wide_user_id__like']);
    const before = (graphs.serving.predict(featureBatch(3)) as tf.Tensor[]).map((t) =>
      Array.from(t.dataSync()),
    );
    // Row r has user id r: raising user 1's click weight by 2 moves only row 1's click logit.
    const layer = graphs.serving.getLayer('wide_user_id__click');
    const table = layer.getWeights()[0]!.arraySync() as number[][];
    table[1]![0] = 2;
    layer.setWeights([tf.tensor2d(table)]);
    const after = (graphs.serving.predict(featureBatch(3)) as tf.Tensor[]).map((t) =>
      Array.from(t.dataSync()),
    );
    const logit = (p: number) => Math.log(p / (1 - p));
    expect(logit(after[0]![1]!) - logit(before[0]![1]!)).toBeCloseTo(2, 4);
    expect(after[0]![0]).toBeCloseTo(before[0]![0]!, 6);
    expect(after[1]).toEqual(before[1]);
    const reloaded = await tf.loadLayersModel(tf.io.fromMemory(await saveToMemory(graphs.serving)));
    const again = (reloaded.predict(featureBatch(3)) as tf.Tensor[]).map((t) => Array.from(t.dataSync()));
    expect(again).toEqual(after);
  });

  it('shrinks the wide weights with wideL2: the penalty joins the training loss', () => {
    // Every row clicks: without a penalty the per-user click weights grow freely.
    const wideWeights = (l2: number) => {
      const graphs = buildRankerGraphs(inputs, heads, { ...mmoe, wide: ['user_id'], wideL2: l2 });
      expect(graphs.training.calculateLosses()).toHaveLength(l2 > 0 ? heads.length : 0);
      const optimizer = tf.train.adam(0.05);
      const n = 8;
      for (let step = 0; step < 40; step++) {
        tf.tidy(() => {
          trainStep(
            graphs.training,
            optimizer,
            heads.map((h) => ({ kind: h.kind, weight: 1 })),
            {
              inputs: [...featureBatch(n), tf.ones([n, 1], 'int32'), tf.ones([n, 1], 'int32')],
              labels: heads.map(() => tf.ones([n, 1])),
              masks: heads.map(() => tf.ones([n, 1])),
            },
          );
        });
      }
      const table = graphs.serving.getLayer('wide_user_id__click').getWeights()[0]!.dataSync();
      return Math.max(...Array.from(table.slice(0, n)).map(Math.abs));
    };
    expect(wideWeights(0.5)).toBeLessThan(wideWeights(0) / 2);
  });

  it('refuses a wide input that is not a single id', () => {
    expect(() => buildRankerGraphs(inputs, heads, { ...mmoe, wide: ['recent_items'] })).toThrow(
      'wide input "recent_items" must be a single id feature',
    );
  });
});

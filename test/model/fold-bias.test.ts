import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import type { FittedBias } from '../../src/features/fitted.js';
import { selectBackend } from '../../src/model/backend.js';
import { foldMissingPositionBias, withFoldedBias } from '../../src/model/fold-bias.js';
import {
  type ArchitectureSpec,
  buildRankerGraphs,
  type ModelHead,
  type ModelInput,
} from '../../src/model/graph.js';

const inputs: ModelInput[] = [
  { name: 'item_id', kind: 'ids', vocabularySize: 20, embeddingDim: 4 },
  { name: 'duration', kind: 'dense', width: 1 },
];
const heads: ModelHead[] = [
  { name: 'click', kind: 'binary', biasTower: true },
  { name: 'watch', kind: 'regression', biasTower: true },
  { name: 'like', kind: 'binary', biasTower: false },
];
const arch: ArchitectureSpec = {
  architecture: 'mmoe',
  experts: 2,
  expertUnits: [8],
  towerUnits: [4],
  gateDropout: 0,
  inputDropout: 0,
  sharedEmbeddings: [],
  interactions: [],
  wide: [],
  bias: { positions: 6, devices: 3, units: [4] },
  seed: 3,
};
const fittedBias = (deviceShare: number[]): FittedBias => ({
  spec: { positionColumn: 'position', deviceColumn: 'device', maxPosition: 5 },
  positionSize: 6,
  devices: ['mobile', 'tv'],
  deviceSize: 3,
  deviceShare,
});

const features = () => [
  tf.tensor2d([[1], [5], [9]], [3, 1], 'int32'),
  tf.tensor2d([[0.1], [-1], [2]], [3, 1]),
];
const rows = (t: tf.Tensor) => Array.from(t.dataSync());

beforeAll(async () => {
  await selectBackend('cpu');
});

describe('foldMissingPositionBias', () => {
  it('makes the serving graph answer as the training graph does with the position missing', () => {
    const graphs = buildRankerGraphs(inputs, heads, arch);
    // The training graph and the serving graph share the logit layers, so read the training
    // graph's answer (position 0 = missing, device 2) before folding.
    const training = graphs.training.predict([
      ...features(),
      tf.zeros([3, 1], 'int32'),
      tf.fill([3, 1], 2, 'int32'),
    ]) as tf.Tensor[];
    // Every row comes from device 2, so the folded bias is exactly that device's missing-position logit.
    const offsets = foldMissingPositionBias(graphs, heads, fittedBias([0, 0, 1]));
    expect([...offsets.keys()]).toEqual(['click', 'watch']);
    const serving = graphs.serving.predict(features()) as tf.Tensor[];
    for (const k of [0, 1, 2]) {
      for (const [i, v] of rows(serving[k]!).entries()) expect(v).toBeCloseTo(rows(training[k]!)[i]!, 5);
    }
  });

  it('weighs devices by their share and leaves heads without the tower alone', () => {
    const graphs = buildRankerGraphs(inputs, heads, arch);
    const likeBefore = rows((graphs.serving.predict(features()) as tf.Tensor[])[2]!);
    const watchBefore = rows((graphs.serving.predict(features()) as tf.Tensor[])[1]!);
    const perDevice = [1, 2].map((d) => {
      const probe = buildRankerGraphs(inputs, heads, arch);
      return foldMissingPositionBias(probe, heads, fittedBias(d === 1 ? [0, 1, 0] : [0, 0, 1])).get('watch')!;
    });
    const offset = foldMissingPositionBias(graphs, heads, fittedBias([0, 0.25, 0.75])).get('watch')!;
    expect(offset).toBeCloseTo(0.25 * perDevice[0]! + 0.75 * perDevice[1]!, 5);
    const after = graphs.serving.predict(features()) as tf.Tensor[];
    expect(rows(after[2]!)).toEqual(likeBefore);
    for (const [i, v] of rows(after[1]!).entries()) expect(v).toBeCloseTo(watchBefore[i]! + offset, 5);
  });

  it('does nothing when no head uses the tower', () => {
    const plain = heads.map((h) => ({ ...h, biasTower: false }));
    const graphs = buildRankerGraphs(inputs, plain, arch);
    expect(foldMissingPositionBias(graphs, plain, fittedBias([0, 1, 0])).size).toBe(0);
  });
});

describe('withFoldedBias', () => {
  it('scores with the bias folded in and restores the weights afterwards', async () => {
    const graphs = buildRankerGraphs(inputs, heads, arch);
    const before = rows((graphs.serving.predict(features()) as tf.Tensor[])[1]!);
    const inside = await withFoldedBias(graphs, heads, fittedBias([0, 0, 1]), async () =>
      rows((graphs.serving.predict(features()) as tf.Tensor[])[1]!),
    );
    const probe = buildRankerGraphs(inputs, heads, arch);
    const offset = foldMissingPositionBias(probe, heads, fittedBias([0, 0, 1])).get('watch')!;
    for (const [i, v] of inside.entries()) expect(v).toBeCloseTo(before[i]! + offset, 5);
    const after = rows((graphs.serving.predict(features()) as tf.Tensor[])[1]!);
    for (const [i, v] of after.entries()) expect(v).toBeCloseTo(before[i]!, 6);
  });
});

describe('withFoldedBias, when scoring fails', () => {
  it('still restores the exact weights and leaks nothing', async () => {
    const graphs = buildRankerGraphs(inputs, heads, arch);
    const before = graphs.serving
      .getLayer('logit_watch')
      .getWeights()
      .map((w) => Array.from(w.dataSync()));
    const tensors = tf.memory().numTensors;
    await expect(
      withFoldedBias(graphs, heads, fittedBias([0, 0.5, 0.5]), async () => {
        throw new Error('scoring failed');
      }),
    ).rejects.toThrow('scoring failed');
    const after = graphs.serving
      .getLayer('logit_watch')
      .getWeights()
      .map((w) => Array.from(w.dataSync()));
    expect(after).toEqual(before);
    expect(tf.memory().numTensors).toBe(tensors);
  });
});

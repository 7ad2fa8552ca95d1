import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { selectBackend } from '../../src/engine/tfjs-backend.js';
import type { FittedBias } from '../../src/features/fitted.js';
import { biasTowerCurve, foldMissingPositionBias } from '../../src/model/fold-bias.js';
import { architectureWith } from '../../src/model/from-config.js';
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
const arch: ArchitectureSpec = architectureWith({
  architecture: 'mmoe',
  experts: 2,
  expertUnits: [8],
  towerUnits: [4],
  bias: { positions: 6, devices: 3, units: [4] },
  seed: 3,
});
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

describe('biasTowerCurve', () => {
  it("reads each biased head's tower logit for every position and device", () => {
    const graphs = buildRankerGraphs(inputs, heads, arch);
    const curve = biasTowerCurve(graphs, heads, fittedBias([0, 0.5, 0.5]))!;
    expect(curve.devices).toEqual(['', 'mobile', 'tv']);
    expect(curve.heads.map((h) => h.name)).toEqual(['click', 'watch']);
    // The training graph's click logit minus the serving graph's (same features) is the tower's.
    const towerLogit = (position: number, device: number): number => {
      const f = features();
      const p = tf.fill([3, 1], position, 'int32');
      const d = tf.fill([3, 1], device, 'int32');
      const probs = (graphs.training.predict([...f, p, d]) as tf.Tensor[])[0]!;
      const served = (graphs.serving.predict(f) as tf.Tensor[])[0]!;
      const logit = (x: number) => Math.log(x / (1 - x));
      const value = logit(rows(probs)[0]!) - logit(rows(served)[0]!);
      tf.dispose([...f, p, d, probs, served]);
      return value;
    };
    for (const [position, device] of [
      [0, 0],
      [3, 1],
      [5, 2],
    ] as const) {
      const logits = curve.heads[0]!.logits;
      expect(logits).toHaveLength(6);
      expect(logits[position]![device]).toBeCloseTo(towerLogit(position, device), 4);
    }
  });

  it('is null without a tower', () => {
    const plain = heads.map((h) => ({ ...h, biasTower: false }));
    expect(biasTowerCurve(buildRankerGraphs(inputs, plain, arch), plain, fittedBias([0, 1, 0]))).toBeNull();
  });
});

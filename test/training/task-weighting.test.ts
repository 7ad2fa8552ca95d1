/**
 * Task weighting on a two-head problem with a dense and a sparse binary label: uncertainty
 * weighting starts each log-variance at its optimum and ends up weighting the sparse head above
 * the dense one; GradNorm keeps its weights summing to the task count and raises the head that
 * lags; both save and restore their state for a resumed run.
 */
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { selectBackend } from '../../src/engine/tfjs-backend.js';
import { architectureWith } from '../../src/model/from-config.js';
import { type ArchitectureSpec, buildRankerGraphs } from '../../src/model/graph.js';
import type { LossHead } from '../../src/model/loss.js';
import {
  createTaskWeighting,
  GRADNORM_EVERY,
  sharedLayerVariables,
} from '../../src/training/task-weighting.js';

const binary = (weight = 1): LossHead => ({ kind: 'binary', weight });

beforeAll(async () => {
  await selectBackend('cpu');
});

describe('uncertainty weighting', () => {
  it('starts at ln(2·c·L) per head, so a small (sparse-label) loss gets the larger weight', () => {
    const weighting = createTaskWeighting('uncertainty', [binary(), { kind: 'regression', weight: 1 }], {
      alpha: 0,
    });
    tf.tidy(() => weighting.combine([tf.scalar(0.6), tf.scalar(0.05)]));
    const [dense, sparse] = weighting.effectiveWeights();
    // c·e^(−s) with s = ln(2cL): 1/(2L) for either kind.
    expect(dense).toBeCloseTo(1 / (2 * 0.6), 5);
    expect(sparse).toBeCloseTo(1 / (2 * 0.05), 5);
    weighting.dispose();
  });

  it('learns its log-variances with the model: the gradient pulls e^(−s) towards 1/(2L)', () => {
    const weighting = createTaskWeighting('uncertainty', [binary(), binary()], { alpha: 0 });
    const optimizer = tf.train.adam(0.05);
    tf.tidy(() => weighting.combine([tf.scalar(0.5), tf.scalar(0.5)])); // starts at 1/(2·0.5) = 1
    // The losses then drop: the sparse head's to 0.05. Its weight must climb towards 10.
    for (let i = 0; i < 300; i++) {
      optimizer.minimize(
        () => weighting.combine([tf.scalar(0.5), tf.scalar(0.05)]),
        false,
        weighting.variables,
      );
    }
    const [dense, sparse] = weighting.effectiveWeights();
    expect(dense).toBeCloseTo(1, 1);
    expect(sparse).toBeGreaterThan(5);
    // A resumed run takes the state back.
    const copy = createTaskWeighting('uncertainty', [binary(), binary()], { alpha: 0 });
    copy.restore(weighting.save());
    expect(copy.effectiveWeights()).toEqual(weighting.effectiveWeights());
    optimizer.dispose();
    weighting.dispose();
    copy.dispose();
  });

  it('leaves a head out of a batch without its labels, so a sparse masked head keeps its weight', () => {
    const weighting = createTaskWeighting('uncertainty', [binary(), binary()], { alpha: 0 });
    const optimizer = tf.train.adam(0.05);
    tf.tidy(() => weighting.combine([tf.scalar(0.5), tf.scalar(0.5)]));
    // The second head has no label in these batches: its masked loss is 0.
    for (let i = 0; i < 100; i++) {
      optimizer.minimize(
        () => weighting.combine([tf.scalar(0.5), tf.scalar(0)], [true, false]),
        false,
        weighting.variables,
      );
    }
    expect(weighting.effectiveWeights()[1]).toBeCloseTo(1, 6);
    optimizer.dispose();
    weighting.dispose();
  });

  it('multiplies the task weight in', () => {
    const weighting = createTaskWeighting('uncertainty', [binary(3)], { alpha: 0 });
    tf.tidy(() => weighting.combine([tf.scalar(0.5)]));
    expect(weighting.effectiveWeights()[0]).toBeCloseTo(3, 5);
    weighting.dispose();
  });
});

describe('GradNorm', () => {
  it('asks for gradient norms every GRADNORM_EVERY steps', () => {
    const weighting = createTaskWeighting('gradnorm', [binary(), binary()], { alpha: 1.5 });
    const asked = Array.from({ length: 3 * GRADNORM_EVERY }, (_, step) => weighting.wantsGradientNorms(step));
    expect(asked.filter(Boolean)).toHaveLength(3);
  });

  it('keeps the weights summing to the task count and raises the task whose loss falls slowest', () => {
    const weighting = createTaskWeighting('gradnorm', [binary(), binary(), binary()], { alpha: 1.5 });
    expect(weighting.effectiveWeights()).toEqual([1, 1, 1]);
    // Equal gradient norms; task 2's loss stays at its start while the others halve.
    weighting.update?.([1, 1, 1], [0.6, 0.6, 0.1]);
    for (let i = 0; i < 100; i++) weighting.update?.([1, 1, 1], [0.3, 0.3, 0.1]);
    const weights = weighting.effectiveWeights();
    expect(weights.reduce((a, b) => a + b, 0)).toBeCloseTo(3, 10);
    expect(weights[2]).toBeGreaterThan(weights[0]!);
    expect(weights[0]).toBeCloseTo(weights[1]!, 10);
    const copy = createTaskWeighting('gradnorm', [binary(), binary(), binary()], { alpha: 1.5 });
    copy.restore(weighting.save());
    expect(copy.effectiveWeights()).toEqual(weights);
  });

  it('starts from the configured weights, normalised', () => {
    const weighting = createTaskWeighting('gradnorm', [binary(1), binary(3)], { alpha: 1 });
    expect(weighting.effectiveWeights()).toEqual([0.5, 1.5]);
  });
});

describe("GradNorm's shared layers", () => {
  const arch = (architecture: ArchitectureSpec['architecture']): ArchitectureSpec =>
    architectureWith({ architecture, levels: 2, experts: 3, expertUnits: [6, 4], towerUnits: [4] });
  const heads = [
    { name: 'click', kind: 'binary' as const, biasTower: false },
    { name: 'like', kind: 'binary' as const, biasTower: false },
  ];
  const shapes = (architecture: ArchitectureSpec['architecture']) => {
    const graphs = buildRankerGraphs([{ name: 'x', kind: 'dense', width: 3 }], heads, arch(architecture));
    const found = sharedLayerVariables(graphs.training).map((v) => v.shape.join('x'));
    graphs.training.dispose();
    return found;
  };

  it('are the last dense layer of every shared expert, or of the shared MLP', () => {
    expect(shapes('mmoe')).toEqual(['6x4', '6x4', '6x4']); // 3 experts, last layer 6 → 4
    expect(shapes('shared-bottom')).toEqual(['6x4']);
    // PLE: 2 shared experts at each of 2 levels; the heads' own experts are left out.
    expect(shapes('ple')).toEqual(['6x4', '6x4', '6x4', '6x4']);
  });
});

/**
 * The validation loss of a model with the bias tower is the training graph's on the rows' logged
 * positions: early stopping then rewards separating position from relevance instead of the
 * serving graph's fit to position-biased labels.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SkipReport } from '../../src/data/skip-report.js';
import { selectBackend } from '../../src/engine/tfjs-backend.js';
import { fitFeatureStats } from '../../src/features/fit.js';
import { architectureOf, headsOf } from '../../src/model/from-config.js';
import { buildRankerGraphs } from '../../src/model/graph.js';
import { modelInputs } from '../../src/model/inputs.js';
import { openTrainingData, trainingRows } from '../../src/training/training-data.js';
import { evaluateValidation } from '../../src/training/validation.js';
import { makeWorld, worldConfig } from '../evaluation/evaluate-fixture.js';

let dir: string;
beforeAll(async () => {
  await selectBackend('cpu');
  dir = mkdtempSync(join(tmpdir(), 'multirank-validation-'));
  await makeWorld(dir, 300);
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('evaluateValidation with positions', () => {
  it('scores the training graph on logged positions: a tower that knows position 1 lowers the loss', async () => {
    const config = worldConfig(dir);
    const data = await openTrainingData(config);
    const report = new SkipReport();
    const fitted = await fitFeatureStats(data.spec, trainingRows(data, 'train', report), {
      badValues: config.data.badValues,
      report,
    });
    const graphs = buildRankerGraphs(
      modelInputs(fitted),
      headsOf(fitted.tasks),
      architectureOf(config, fitted),
    );
    const losses = async () => ({
      serving: (await evaluateValidation(data, fitted, graphs.serving)).loss,
      positions: (await evaluateValidation(data, fitted, graphs.training, { withPositions: true })).loss,
    });
    // A silent tower: both scorings agree.
    const tower = ['emb_bias_position', 'emb_bias_device', 'bias_logit_click'].map((n) =>
      graphs.training.getLayer(n),
    );
    for (const layer of tower) layer.setWeights(layer.getWeights().map((w) => tf.zerosLike(w)));
    const silent = await losses();
    expect(silent.positions).toBeCloseTo(silent.serving, 5);
    // Clicks fall with position in the simulator: +1 logit at position 1, −1 below it.
    const [position, , logit] = tower as [tf.layers.Layer, tf.layers.Layer, tf.layers.Layer];
    const [table] = position.getWeights() as [tf.Tensor];
    const rows = table.shape[0]!;
    position.setWeights([
      tf.tensor2d(
        Array.from({ length: rows }, (_, p) => [p === 0 ? 0 : p === 1 ? 1 : -1, 0, 0, 0]),
        table.shape as [number, number],
      ),
    ]);
    logit.setWeights([tf.tensor2d([[1], [0], [0], [0], [0], [0], [0], [0]]), tf.zeros([1])]);
    const informed = await losses();
    expect(informed.serving).toBeCloseTo(silent.serving, 6);
    expect(informed.positions).toBeLessThan(silent.positions - 0.01);
  });
});

/**
 * One optimisation step and one evaluation pass of a multi-head model on in-memory tensors.
 * The trainer (streaming logs) and the benches (synthetic data) both go through these.
 */
import * as tf from '@tensorflow/tfjs';
import { type LossHead, multitaskLoss } from '../model/loss.js';
import { createTaskWeighting, type TaskWeighting } from './task-weighting.js';

/** A batch: model inputs in the model's input order, and one [n, 1] label and mask tensor per head. */
export interface TensorBatch {
  inputs: tf.Tensor[];
  labels: tf.Tensor[];
  masks: tf.Tensor[];
}

/** The model's trainable variables (LayerVariable.read() is the underlying tf.Variable). */
export function trainableVariables(model: tf.LayersModel): tf.Variable[] {
  return model.trainableWeights.map((weight) => weight.read() as tf.Variable);
}

/**
 * Runs one step in training mode (dropout and gate dropout active) on the heads' losses combined
 * by the task weighting (task-weighting.ts; the tasks' fixed weights by default) plus the
 * layers' regularisation penalties (the wide part's L2); returns the heads' loss values. A head
 * with `active[k]` false (frozen) is left out of the loss; its variables should be left out too.
 */
export function trainStep(
  model: tf.LayersModel,
  optimizer: tf.Optimizer,
  heads: LossHead[],
  batch: TensorBatch,
  variables: tf.Variable[] = trainableVariables(model),
  weighting: TaskWeighting = createTaskWeighting('fixed', heads, { alpha: 0 }),
  active: boolean[] = heads.map(() => true),
): { total: number; perHead: number[] } {
  let perHeadValues: number[] = [];
  // Sparse masked heads (ratings) have batches without a single label: uncertainty leaves them out.
  const counted = batch.masks.map(
    (mask, k) =>
      active[k] !== false &&
      (weighting.kind !== 'uncertainty' || tf.tidy(() => tf.sum(mask).dataSync()[0]! > 0)),
  );
  optimizer.minimize(
    () => {
      const predictions = model.apply(batch.inputs, { training: true }) as tf.Tensor | tf.Tensor[];
      const list = Array.isArray(predictions) ? predictions : [predictions];
      const loss = multitaskLoss(heads, list, batch.labels, batch.masks);
      perHeadValues = loss.perHead.map((l) => l.dataSync()[0]!);
      const combined = weighting.combine(loss.perHead, counted);
      const penalties = model.calculateLosses();
      return penalties.length > 0 ? tf.addN([combined, ...penalties]) : combined;
    },
    false,
    [...variables, ...weighting.variables],
  );
  // The heads' configured weighted sum, without the penalties, so it compares with the validation loss.
  const total = perHeadValues.reduce((sum, value, k) => sum + value * heads[k]!.weight, 0);
  return { total, perHead: perHeadValues };
}

/**
 * Each head's gradient norm on `shared` (GradNorm's ‖∇W Lₜ‖), one backward pass per head, in
 * training mode like the step it accompanies.
 */
export function taskGradientNorms(
  model: tf.LayersModel,
  heads: LossHead[],
  batch: TensorBatch,
  shared: tf.Variable[],
): number[] {
  return heads.map((_, k) =>
    tf.tidy(() => {
      const { grads } = tf.variableGrads(() => {
        const predictions = model.apply(batch.inputs, { training: true }) as tf.Tensor | tf.Tensor[];
        const list = Array.isArray(predictions) ? predictions : [predictions];
        return multitaskLoss(heads, list, batch.labels, batch.masks).perHead[k]!;
      }, shared);
      const squares = Object.values(grads).map((g) => tf.sum(tf.square(g)));
      return squares.length === 0 ? 0 : Math.sqrt(tf.addN(squares).dataSync()[0]!);
    }),
  );
}

/** Predictions of every head for a batch (inference mode), as plain arrays. */
export function predictHeads(model: tf.LayersModel, inputs: tf.Tensor[]): Float32Array[] {
  return tf.tidy(() => {
    // predictOnBatch: predict() would cut the batch into slices of 32, one graph run each.
    const output = model.predictOnBatch(inputs) as tf.Tensor | tf.Tensor[];
    return (Array.isArray(output) ? output : [output]).map((t) => t.dataSync() as Float32Array);
  });
}

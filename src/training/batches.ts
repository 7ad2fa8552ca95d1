/**
 * From encoded rows to training tensors: the training graph's inputs with labels and masks per
 * head, and the position dropout of the bias tower. Encoding in chunks is features/encoded-chunks.
 */
import * as tf from '@tensorflow/tfjs';
import type { EncodedBatch } from '../features/encode.js';
import { biasTensors, featureTensors } from '../model/inputs.js';
import type { TensorBatch } from './step.js';

/**
 * Hides the position from the bias tower for a share of rows (the paper drops it 10% of the
 * time), so the tower also learns the no-position case that serving presents.
 */
export function dropPositions(position: Int32Array, rate: number, random: () => number): Int32Array {
  if (rate <= 0) return position;
  return position.map((p) => (random() < rate ? 0 : p));
}

/** Tensors for one training step: features (+ position and device when the graph has the bias tower). */
export function trainingTensors(batch: EncodedBatch, withBias: boolean, position: Int32Array): TensorBatch {
  const inputs = featureTensors(batch);
  if (withBias) inputs.push(...biasTensors(position, batch.device));
  const labels = (batch.labels ?? []).map((l) => tf.tensor2d(l.values, [batch.size, 1]));
  const masks = (batch.labels ?? []).map((l) => tf.tensor2d(l.mask, [batch.size, 1]));
  return { inputs, labels, masks };
}

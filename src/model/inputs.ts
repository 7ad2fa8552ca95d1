/**
 * The bridge between the feature encoder and the network: which inputs the network has (from
 * the fitted features) and the tensors for an encoded batch, in the network's input order.
 * Training, evaluation, batch scoring and serving all go through `batchTensors`.
 */
import * as tf from '@tensorflow/tfjs';
import type { EncodedBatch } from '../features/encode.js';
import { describeInputs, type FittedFeatures } from '../features/fitted.js';
import type { ModelInput } from './graph.js';

/** The network inputs for a set of fitted features (numerics carry their missing indicator as a 2nd column). */
export function modelInputs(fitted: FittedFeatures): ModelInput[] {
  return describeInputs(fitted).map((input): ModelInput => {
    if (input.kind === 'numeric') return { name: input.name, kind: 'dense', width: input.indicator ? 2 : 1 };
    if (input.kind === 'bag') {
      return {
        name: input.name,
        kind: 'bag',
        vocabularySize: input.size,
        embeddingDim: input.embeddingDim,
        maxLength: input.maxLength,
      };
    }
    return { name: input.name, kind: 'ids', vocabularySize: input.size, embeddingDim: input.embeddingDim };
  });
}

/** Mean-pooling weights of a padded bag: 1/len on its non-zero ids, 0 on padding and unknown ids. */
function bagWeights(indices: Int32Array, rows: number, maxLength: number): Float32Array {
  const weights = new Float32Array(rows * maxLength);
  for (let r = 0; r < rows; r++) {
    let present = 0;
    for (let j = 0; j < maxLength; j++) if (indices[r * maxLength + j] !== 0) present++;
    if (present === 0) continue;
    for (let j = 0; j < maxLength; j++)
      if (indices[r * maxLength + j] !== 0) weights[r * maxLength + j] = 1 / present;
  }
  return weights;
}

/** The feature tensors of a batch in the serving graph's input order (the caller disposes them). */
export function featureTensors(batch: EncodedBatch): tf.Tensor[] {
  const n = batch.size;
  const tensors: tf.Tensor[] = [];
  for (const feature of batch.features) {
    if (feature.kind === 'index') {
      tensors.push(tf.tensor2d(feature.indices, [n, 1], 'int32'));
    } else if (feature.kind === 'bag') {
      tensors.push(tf.tensor2d(feature.indices, [n, feature.maxLength], 'int32'));
      tensors.push(tf.tensor2d(bagWeights(feature.indices, n, feature.maxLength), [n, feature.maxLength]));
    } else if (feature.missing) {
      const values = new Float32Array(n * 2);
      for (let r = 0; r < n; r++) {
        values[2 * r] = feature.values[r]!;
        values[2 * r + 1] = feature.missing[r]!;
      }
      tensors.push(tf.tensor2d(values, [n, 2]));
    } else {
      tensors.push(tf.tensor2d(feature.values, [n, 1]));
    }
  }
  return tensors;
}

/** Position and device tensors for the training graph's bias tower. */
export function biasTensors(position: Int32Array, device: Int32Array): tf.Tensor[] {
  return [
    tf.tensor2d(position, [position.length, 1], 'int32'),
    tf.tensor2d(device, [device.length, 1], 'int32'),
  ];
}

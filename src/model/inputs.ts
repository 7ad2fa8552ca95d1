/**
 * The bridge between the feature encoder and the network: which inputs the network has (from
 * the fitted features) and the tensors for an encoded batch, in the network's input order.
 * Training, evaluation, batch scoring and serving all go through `batchTensors`.
 */
import * as tf from '@tensorflow/tfjs';
import type { EncodedBatch } from '../features/encode.js';
import { describeInputs, type FittedFeatures } from '../features/fitted.js';
import { batchArrays } from './feeds.js';
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

/** The feature tensors of a batch in the serving graph's input order (the caller disposes them). */
export function featureTensors(batch: EncodedBatch): tf.Tensor[] {
  return batchArrays(batch).map((input) => tf.tensor(input.data, input.shape, input.dtype));
}

/** Position and device tensors for the training graph's bias tower. */
export function biasTensors(position: Int32Array, device: Int32Array): tf.Tensor[] {
  return [
    tf.tensor2d(position, [position.length, 1], 'int32'),
    tf.tensor2d(device, [device.length, 1], 'int32'),
  ];
}

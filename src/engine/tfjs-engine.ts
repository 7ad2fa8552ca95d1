/** The TF.js engine: the serving LayersModel run on the active TF.js backend, as predictHeads does. */
import * as tf from '@tensorflow/tfjs';
import type { EncodedBatch } from '../features/encode.js';
import { batchArrays } from '../model/feeds.js';
import type { ModelEngine } from './types.js';

/** Wraps a serving graph; `dispose` leaves the model alone, since its bundle owns and disposes it. */
export function createTfjsEngine(model: tf.LayersModel): ModelEngine {
  const heads = model.outputs.length;
  return {
    name: 'tfjs',
    async run(batch: EncodedBatch): Promise<Float32Array[]> {
      if (batch.size === 0) return Array.from({ length: heads }, () => new Float32Array(0));
      return tf.tidy(() => {
        const inputs = batchArrays(batch).map((a) => tf.tensor(a.data, a.shape, a.dtype));
        // One call over every row: predict() would cut the batch into slices of 32.
        const output = model.predictOnBatch(inputs) as tf.Tensor | tf.Tensor[];
        // Each head is [n, 1]: its data is the column, row by row.
        return (Array.isArray(output) ? output : [output]).map((t) => t.dataSync() as Float32Array);
      });
    },
    async dispose(): Promise<void> {},
  };
}

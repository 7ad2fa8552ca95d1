import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { selectBackend } from '../../src/model/backend.js';

/** The gradient of a sum of embedding lookups with repeated ids: Gather's gradient is UnsortedSegmentSum. */
function embeddingGradient(): number[] {
  const table = tf.variable(
    tf.tensor2d([
      [1, 2],
      [3, 4],
      [5, 6],
      [7, 8],
    ]),
  );
  const ids = tf.tensor1d([0, 2, 2, 3, 2], 'int32');
  const weights = tf.tensor2d([
    [1, 10],
    [2, 20],
    [3, 30],
    [4, 40],
    [5, 50],
  ]);
  const { grads } = tf.variableGrads(
    () => tf.sum(tf.mul(tf.gather(table, ids), weights)) as tf.Scalar,
    [table],
  );
  const result = Array.from(grads[table.name]!.dataSync());
  tf.dispose([table, ids, weights, ...Object.values(grads)]);
  return result;
}

describe('wasm training kernels', () => {
  it('computes embedding gradients on wasm exactly as the cpu backend does', async () => {
    await selectBackend('cpu');
    const onCpu = embeddingGradient();
    await selectBackend('wasm');
    const onWasm = embeddingGradient();
    // Row 2 is looked up three times (rows 2, 3 and 5 of the weights), row 1 never.
    expect(onCpu).toEqual([1, 10, 0, 0, 10, 100, 4, 40]);
    expect(onWasm).toEqual(onCpu);
  });
});

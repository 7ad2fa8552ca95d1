import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { selectBackend } from '../../src/engine/tfjs-backend.js';

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

describe('wasm row gather', () => {
  /** Lookups of every shape serving and training use, plus gathers the fast path must leave alone. */
  function gathers(): number[][] {
    const table = tf.tensor2d(
      Array.from({ length: 12 }, (_, i) => i * 1.5),
      [4, 3],
    );
    const cube = tf.tensor3d(
      Array.from({ length: 24 }, (_, i) => i),
      [2, 3, 4],
    );
    const results = [
      tf.gather(table, tf.tensor1d([3, 0, 3], 'int32')), // embedding of one id per row
      tf.gather(table, tf.tensor2d([0, 1, 2, 3, 3, 0], [2, 3], 'int32')), // a bag: ids per row
      tf.gather(table, tf.tensor1d([2, 0], 'int32'), 1), // axis 1: not a row copy
      tf.gather(cube, tf.tensor1d([1], 'int32')), // a 3-D table
      tf.gather(tf.tensor2d([1, 2, 3, 4], [2, 2], 'int32'), tf.tensor1d([1, 1], 'int32')), // int table
    ];
    const values = results.map((t) => Array.from(t.dataSync()));
    tf.dispose([table, cube, ...results]);
    return values;
  }

  it('gives exactly what the cpu backend gives', async () => {
    await selectBackend('cpu');
    const onCpu = gathers();
    await selectBackend('wasm');
    expect(gathers()).toEqual(onCpu);
  });

  it('refuses an index outside the table', async () => {
    await selectBackend('wasm');
    const table = tf.tensor2d([1, 2, 3, 4], [2, 2]);
    expect(() => tf.gather(table, tf.tensor1d([2], 'int32')).dataSync()).toThrow(
      /index value 2 is not in \[0, 1\]/,
    );
    table.dispose();
  });
});

import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { selectBackend } from '../../src/engine/tfjs-backend.js';

describe('selectBackend', () => {
  it('auto picks the first backend that starts and explains the ones it skipped', async () => {
    const choice = await selectBackend('auto');
    expect(['node', 'wasm']).toContain(choice.backend);
    if (choice.backend === 'wasm') {
      // tfjs-node is optional and absent here: the reason must say so.
      expect(choice.skipped[0]?.backend).toBe('node');
      expect(choice.skipped[0]?.reason).toMatch(/tfjs-node/);
    }
    expect(tf.getBackend()).toBe(choice.backend === 'node' ? 'tensorflow' : choice.backend);
  });

  it('honours an explicit backend and computes with it', async () => {
    const choice = await selectBackend('cpu');
    expect(choice).toEqual({ backend: 'cpu', skipped: [] });
    const product = tf.tidy(() =>
      tf
        .tensor2d([[1, 2]])
        .matMul(tf.tensor2d([[3], [4]]))
        .dataSync(),
    );
    expect(Array.from(product)).toEqual([11]);
  });
});

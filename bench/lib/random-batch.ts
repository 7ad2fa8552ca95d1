/**
 * Encoded batches drawn at random within a model's fitted vocabularies: every id, bag length and
 * missing value a real request can produce, without a log. Engine benches run the network on
 * these; what the rows mean does not change the cost of a forward pass.
 */
import type { EncodedBatch, EncodedFeature } from '../../src/features/encode.js';
import { describeInputs, type FittedFeatures } from '../../src/features/fitted.js';
import type { Rng } from '../../src/util/random.js';

/** `rows` random rows for `fitted`: ids in [0, size), bags half full on average, 10% missing numerics. */
export function randomBatch(fitted: FittedFeatures, rows: number, rng: Rng): EncodedBatch {
  const features = describeInputs(fitted).map((input): EncodedFeature => {
    if (input.kind === 'index') {
      return {
        name: input.name,
        kind: 'index',
        indices: Int32Array.from({ length: rows }, () => rng.int(input.size)),
      };
    }
    if (input.kind === 'bag') {
      const indices = new Int32Array(rows * input.maxLength);
      for (let r = 0; r < rows; r++) {
        const length = rng.int(input.maxLength + 1);
        for (let j = 0; j < length; j++) indices[r * input.maxLength + j] = 1 + rng.int(input.size - 1);
      }
      return { name: input.name, kind: 'bag', indices, maxLength: input.maxLength };
    }
    const missing = input.indicator
      ? Float32Array.from({ length: rows }, () => (rng.uniform() < 0.1 ? 1 : 0))
      : null;
    const values = Float32Array.from({ length: rows }, (_, r) => (missing?.[r] ? 0 : rng.uniform() * 2 - 1));
    return { name: input.name, kind: 'numeric', values, missing };
  });
  return {
    size: rows,
    rows: Int32Array.from({ length: rows }, (_, r) => r),
    features,
    labels: null,
    position: new Int32Array(rows),
    device: new Int32Array(rows),
  };
}

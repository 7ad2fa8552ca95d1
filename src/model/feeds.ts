/**
 * The serving network's inputs for an encoded batch as plain typed arrays with their shapes, in
 * the network's input order (the ONNX contract, docs/onnx.md). Both engines and training build
 * their tensors from this one function, so TF.js and ONNX are fed exactly the same numbers.
 */
import type { EncodedBatch } from '../features/encode.js';
import { describeInputs, type FittedFeatures } from '../features/fitted.js';
import { layerSafe } from './layers.js';

/** One network input: row-major data and its [rows, width] shape. */
export type BatchArray =
  | { name: string; dtype: 'int32'; data: Int32Array; shape: [number, number] }
  | { name: string; dtype: 'float32'; data: Float32Array; shape: [number, number] };

/** Mean-pooling weights of a padded bag: 1/len on its non-zero ids, 0 on padding and unknown ids. */
export function bagWeights(indices: Int32Array, rows: number, maxLength: number): Float32Array {
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

/**
 * The inputs of `batch` in the serving graph's order: an index is int32 [n, 1]; a bag is int32
 * [n, L] followed by its pooling weights float32 [n, L] (named `<bag>__weights`); a numeric is
 * float32 [n, 1], or [n, 2] with its missing indicator interleaved as the second column.
 */
export function batchArrays(batch: EncodedBatch): BatchArray[] {
  const n = batch.size;
  const arrays: BatchArray[] = [];
  for (const feature of batch.features) {
    if (feature.kind === 'index') {
      arrays.push({ name: feature.name, dtype: 'int32', data: feature.indices, shape: [n, 1] });
    } else if (feature.kind === 'bag') {
      const shape: [number, number] = [n, feature.maxLength];
      arrays.push({ name: feature.name, dtype: 'int32', data: feature.indices, shape });
      const weights = bagWeights(feature.indices, n, feature.maxLength);
      arrays.push({ name: `${feature.name}__weights`, dtype: 'float32', data: weights, shape });
    } else if (feature.missing) {
      const values = new Float32Array(n * 2);
      for (let r = 0; r < n; r++) {
        values[2 * r] = feature.values[r]!;
        values[2 * r + 1] = feature.missing[r]!;
      }
      arrays.push({ name: feature.name, dtype: 'float32', data: values, shape: [n, 2] });
    } else {
      arrays.push({ name: feature.name, dtype: 'float32', data: feature.values, shape: [n, 1] });
    }
  }
  return arrays;
}

/** One network input as the contract names it: `in_<feature>` (docs/onnx.md), dtype and width. */
export interface InputSpec {
  name: string;
  dtype: 'int32' | 'float32';
  width: number;
}

/** The inputs a network for `fitted` must take, in batchArrays' order (the ONNX contract). */
export function inputSpecs(fitted: FittedFeatures): InputSpec[] {
  return describeInputs(fitted).flatMap((input): InputSpec[] => {
    const name = `in_${layerSafe(input.name)}`;
    if (input.kind === 'index') return [{ name, dtype: 'int32', width: 1 }];
    if (input.kind === 'bag') {
      return [
        { name, dtype: 'int32', width: input.maxLength },
        { name: `${name}__weights`, dtype: 'float32', width: input.maxLength },
      ];
    }
    return [{ name, dtype: 'float32', width: input.indicator ? 2 : 1 }];
  });
}

/** The outputs a network for `fitted` must give, one per task in task order: `head_<task>`. */
export function outputNames(fitted: FittedFeatures): string[] {
  return fitted.tasks.map((task) => `head_${layerSafe(task.name)}`);
}

/**
 * Shared by the ONNX parity tests: seeded weights for small graphs, encoded batches that exercise
 * unknown ids, empty bags and missing numerics, and both engines run on the same batch.
 */
import * as tf from '@tensorflow/tfjs';
import { exportOnnx } from '../../src/engine/onnx/export.js';
import { proto } from '../../src/engine/onnx/proto.js';
import { createOnnxEngine } from '../../src/engine/onnx-engine.js';
import { createTfjsEngine } from '../../src/engine/tfjs-engine.js';
import type { EncodedBatch, EncodedFeature } from '../../src/features/encode.js';
import type { ModelInput } from '../../src/model/graph.js';
import { Rng } from '../../src/util/random.js';

/**
 * Replaces every weight with seeded uniform noise: kernels at Glorot scale, biases, embedding
 * tables and wide weights at ±0.5, so that no path of the graph (zero-initialised wide tables,
 * zero biases) is silent and escapes the comparison.
 */
export function randomizeWeights(model: tf.LayersModel, seed: number): void {
  const rng = new Rng(seed, 'weights');
  for (const layer of model.layers) {
    const weights = layer.weights.map((variable) => {
      const shape = variable.shape as number[];
      const size = shape.reduce((a, b) => a * b, 1);
      const kernel = variable.name.includes('kernel') && shape.length === 2;
      const scale = kernel ? Math.sqrt(6 / (shape[0]! + shape[1]!)) : 0.5;
      const values = Float32Array.from({ length: size }, () => (2 * rng.uniform() - 1) * scale);
      return tf.tensor(values, shape);
    });
    if (weights.length > 0) layer.setWeights(weights);
    tf.dispose(weights);
  }
}

/**
 * `rows` encoded rows for `inputs` (the order buildRankerGraphs takes them): ids include 0
 * (unknown) about one time in six; bags are empty about one time in five and otherwise hold 1 to
 * maxLength ids, some of them 0; numerics with an indicator are missing about one time in four.
 */
export function randomBatch(inputs: ModelInput[], rows: number, seed: number): EncodedBatch {
  const rng = new Rng(seed, 'batch');
  const id = (size: number) => (rng.uniform() < 1 / 6 ? 0 : 1 + rng.int(size - 1));
  const features = inputs.map((input): EncodedFeature => {
    if (input.kind === 'ids') {
      return {
        name: input.name,
        kind: 'index',
        indices: Int32Array.from({ length: rows }, () => id(input.vocabularySize)),
      };
    }
    if (input.kind === 'bag') {
      const indices = new Int32Array(rows * input.maxLength);
      for (let r = 0; r < rows; r++) {
        const length = rng.uniform() < 0.2 ? 0 : 1 + rng.int(input.maxLength);
        for (let j = 0; j < length; j++) indices[r * input.maxLength + j] = id(input.vocabularySize);
      }
      return { name: input.name, kind: 'bag', indices, maxLength: input.maxLength };
    }
    const missing =
      input.width === 2 ? Float32Array.from({ length: rows }, () => (rng.uniform() < 0.25 ? 1 : 0)) : null;
    // A missing value is encoded as its fill (0 after normalisation), as the encoder does.
    const values = Float32Array.from({ length: rows }, (_, r) => (missing?.[r] ? 0 : rng.normal(0, 1.5)));
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

/** Largest absolute difference per head (Infinity when the lengths differ). */
export function maxAbsDiff(a: Float32Array[], b: Float32Array[]): number[] {
  return a.map((head, k) => {
    const other = b[k];
    if (!other || other.length !== head.length) return Number.POSITIVE_INFINITY;
    let worst = 0;
    for (let r = 0; r < head.length; r++) worst = Math.max(worst, Math.abs(head[r]! - other[r]!));
    return worst;
  });
}

/** Exports `model`, runs the batch through both engines, and returns both outputs and the per-head differences. */
export async function runBothEngines(
  model: tf.LayersModel,
  batch: EncodedBatch,
): Promise<{ onnx: Float32Array[]; tfjs: Float32Array[]; diffs: number[] }> {
  const onnxEngine = await createOnnxEngine(exportOnnx(model));
  const tfjsEngine = createTfjsEngine(model);
  try {
    const [onnx, tfjs] = [await onnxEngine.run(batch), await tfjsEngine.run(batch)];
    return { onnx, tfjs, diffs: maxAbsDiff(onnx, tfjs) };
  } finally {
    await onnxEngine.dispose();
    await tfjsEngine.dispose();
  }
}

/** The spread of a head's values, so a test can tell a live head from a constant one. */
export function spread(values: Float32Array): number {
  return Math.max(...values) - Math.min(...values);
}

/** The parts of an exported model the tests look at, with protobuf's optional fields filled in. */
export function decodeModel(bytes: Uint8Array) {
  const model = proto.ModelProto.decode(bytes);
  const graph = model.graph;
  return {
    irVersion: Number(model.irVersion),
    opsets: model.opsetImport.map((o) => ({ domain: o.domain ?? '', version: Number(o.version) })),
    producer: model.producerName,
    metadata: Object.fromEntries(model.metadataProps.map((p) => [p.key ?? '', p.value ?? ''])),
    initializers: (graph?.initializer ?? []).map((t) => t.name ?? ''),
    nodes: (graph?.node ?? []).map((n) => ({
      op: n.opType ?? '',
      inputs: n.input ?? [],
      outputs: n.output ?? [],
    })),
  };
}

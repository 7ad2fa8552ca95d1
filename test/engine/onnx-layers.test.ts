/**
 * The exporter's layer translations on hand-made graphs, fed directly (not through an encoded
 * batch) so that rank-3 inputs and every Dot axis combination can be checked against TF.js:
 * batchDot's padding, transposes and squeezes, normalize, Reshape with -1, shared layers called
 * twice, Dropout as an output, and the refusal of layers and activations it cannot translate.
 */
import * as tf from '@tensorflow/tfjs';
import * as ort from 'onnxruntime-node';
import { beforeAll, describe, expect, it } from 'vitest';
import { exportOnnx, onnxContract } from '../../src/engine/onnx/export.js';
import { selectBackend } from '../../src/engine/tfjs-backend.js';
import { architectureWith } from '../../src/model/from-config.js';
import { buildRankerGraphs } from '../../src/model/graph.js';
import { decodeModel } from './helpers.js';

const TOLERANCE = 1e-5;

/** Runs the exported graph on ONNX Runtime with the same inputs TF.js gets, returning both outputs flat. */
async function compare(model: tf.LayersModel, inputs: tf.Tensor[]) {
  const session = await ort.InferenceSession.create(exportOnnx(model));
  const feeds = Object.fromEntries(
    inputs.map((t, i) => {
      const data = t.dtype === 'int32' ? Int32Array.from(t.dataSync()) : Float32Array.from(t.dataSync());
      return [session.inputNames[i]!, new ort.Tensor(t.dtype as 'int32' | 'float32', data, t.shape)];
    }),
  );
  const results = await session.run(feeds);
  const onnx = session.outputNames.map((name) => ({
    dims: [...results[name]!.dims],
    data: Array.from(results[name]!.data as Float32Array),
  }));
  await session.release();
  const output = model.predictOnBatch(inputs);
  const tfjs = (Array.isArray(output) ? output : [output]).map((t) => ({
    dims: t.shape,
    data: Array.from(t.dataSync()),
  }));
  return { onnx, tfjs, names: session.outputNames };
}

function expectClose(result: Awaited<ReturnType<typeof compare>>): void {
  expect(result.onnx.map((o) => o.dims)).toEqual(result.tfjs.map((t) => t.dims));
  result.onnx.forEach((o, k) => {
    const worst = o.data.reduce((m, v, i) => Math.max(m, Math.abs(v - result.tfjs[k]!.data[i]!)), 0);
    expect(worst, result.names[k]).toBeLessThanOrEqual(TOLERANCE);
  });
}

const seeded = (shape: number[], seed: number) => tf.randomNormal(shape, 0, 1, 'float32', seed);

beforeAll(async () => {
  await selectBackend('wasm');
});

describe('exportOnnx layer translations', () => {
  it('follows batchDot for every rank-2/rank-3 axis combination, with and without normalize', async () => {
    const a = tf.input({ shape: [4, 3], name: 'a' });
    const b = tf.input({ shape: [4, 5], name: 'b' });
    const c = tf.input({ shape: [3, 5], name: 'c' });
    const v = tf.input({ shape: [4], name: 'v' });
    const w = tf.input({ shape: [5], name: 'w' });
    const u = tf.input({ shape: [4], name: 'u' });
    const dot = (
      name: string,
      axes: number | [number, number],
      x: tf.SymbolicTensor,
      y: tf.SymbolicTensor,
      normalize = false,
    ) => tf.layers.dot({ axes, normalize, name }).apply([x, y]) as tf.SymbolicTensor;
    const outputs = [
      dot('a1_b1', 1, a, b), // [n, 3, 5]
      dot('a2_c1', [2, 1], a, c), // [n, 4, 5]
      dot('b2_c2', [2, 2], b, c), // [n, 4, 3]
      dot('v_a_pool', 1, v, a), // [n, 3]: pooling form
      dot('a_v_mix', 1, a, v), // [n, 3]: the mixture with operands swapped
      dot('c_w', [2, 1], c, w), // [n, 3]
      dot('w_c', [1, 2], w, c), // [n, 3]
      dot('v_u', -1, v, u), // [n, 1]: interaction
      dot('v_u_cosine', -1, v, u, true),
      dot('a_b_cosine', 1, a, b, true),
    ];
    const model = tf.model({ inputs: [a, b, c, v, w, u], outputs });
    const n = 7;
    const feeds = [
      seeded([n, 4, 3], 1),
      seeded([n, 4, 5], 2),
      seeded([n, 3, 5], 3),
      seeded([n, 4], 4),
      seeded([n, 5], 5),
      seeded([n, 4], 6),
    ];
    expectClose(await compare(model, feeds));
  });

  it('translates Reshape (and -1), Flatten, Concatenate, Add, Multiply, activations, Dropout and rank-3 Dense', async () => {
    const x = tf.input({ shape: [12], name: 'x' });
    const ids = tf.input({ shape: [3], name: 'ids' }); // float ids: TF.js casts them for the lookup
    const cube = tf.layers.reshape({ targetShape: [4, 3], name: 'cube' }).apply(x) as tf.SymbolicTensor;
    const table = tf.layers.embedding({ inputDim: 9, outputDim: 3, name: 'table' });
    const looked = table.apply(ids) as tf.SymbolicTensor; // [n, 3, 3]
    const joined = tf.layers
      .concatenate({ axis: 1, name: 'joined' })
      .apply([cube, looked]) as tf.SymbolicTensor;
    const perRow = tf.layers
      .dense({ units: 2, activation: 'tanh', name: 'per_row' })
      .apply(joined) as tf.SymbolicTensor;
    const flat = tf.layers.flatten({ name: 'flat' }).apply(perRow) as tf.SymbolicTensor;
    const shared = tf.layers.dense({ units: 14, useBias: false, name: 'shared' });
    const left = shared.apply(flat) as tf.SymbolicTensor;
    const right = shared.apply(
      tf.layers.dense({ units: 14, activation: 'relu', name: 'widen' }).apply(x) as tf.SymbolicTensor,
    ) as tf.SymbolicTensor;
    const sum = tf.layers.add({ name: 'sum' }).apply([left, right, flat]) as tf.SymbolicTensor;
    const prod = tf.layers.multiply({ name: 'prod' }).apply([sum, right]) as tf.SymbolicTensor;
    const soft = tf.layers
      .activation({ activation: 'softmax', name: 'soft' })
      .apply(prod) as tf.SymbolicTensor;
    const sig = tf.layers
      .dense({ units: 1, activation: 'sigmoid', name: 'sig' })
      .apply(prod) as tf.SymbolicTensor;
    const dropped = tf.layers.dropout({ rate: 0.5, name: 'dropped' }).apply(sig) as tf.SymbolicTensor;
    // TF.js leaves a -1 unresolved in the symbolic shape, so it is only used on an output.
    const folded = tf.layers
      .reshape({ targetShape: [2, -1], name: 'folded' })
      .apply(flat) as tf.SymbolicTensor;
    const model = tf.model({ inputs: [x, ids], outputs: [soft, dropped, sum, folded] });
    const n = 5;
    const feeds = [
      seeded([n, 12], 7),
      tf.tensor2d([
        [1, 2, 8],
        [0, 0, 0],
        [3, 3, 3],
        [8, 7, 6],
        [5, 4, 1],
      ]),
    ];
    const result = await compare(model, feeds);
    expect(result.names).toEqual(['soft', 'dropped', 'sum', 'folded']);
    expectClose(result);
    // The shared layer is called twice: its two calls are two values over one kernel initializer.
    const graph = decodeModel(exportOnnx(model));
    expect(graph.initializers.filter((name) => name.startsWith('shared/'))).toEqual(['shared/kernel']);
    const calls = graph.nodes.filter((node) => node.inputs.includes('shared/kernel'));
    expect(calls.map((node) => node.outputs[0])).toEqual(['shared', 'shared:1']);
    expect(onnxContract(model).outputs.map((o) => o.shape)).toEqual([
      ['rows', 14],
      ['rows', 1],
      ['rows', 14],
      ['rows', 2, 7],
    ]);
  });

  it('refuses a layer class it cannot translate, naming the layer and its class', () => {
    const x = tf.input({ shape: [4], name: 'x' });
    const normed = tf.layers.batchNormalization({ name: 'norm' }).apply(x) as tf.SymbolicTensor;
    const model = tf.model({
      inputs: x,
      outputs: tf.layers.dense({ units: 1 }).apply(normed) as tf.SymbolicTensor,
    });
    expect(() => exportOnnx(model)).toThrow(
      /layer "norm" is a BatchNormalization, which has no ONNX translation/,
    );
  });

  it('refuses the training graph (its custom dropout layers), and activations it does not know', () => {
    const graphs = buildRankerGraphs(
      [{ name: 'item', kind: 'ids', vocabularySize: 5, embeddingDim: 2 }],
      [{ name: 'click', kind: 'binary', biasTower: false }],
      architectureWith({
        architecture: 'mmoe',
        experts: 2,
        expertUnits: [4],
        towerUnits: [],
        gateDropout: 0.1,
        inputDropout: 0.1,
        seed: 1,
      }),
    );
    expect(() => exportOnnx(graphs.training)).toThrow(
      /layer "input_dropout" is a \w+, which has no ONNX translation/,
    );
    const x = tf.input({ shape: [3], name: 'x' });
    const model = tf.model({
      inputs: x,
      outputs: tf.layers.dense({ units: 2, activation: 'elu', name: 'eluish' }).apply(x) as tf.SymbolicTensor,
    });
    expect(() => exportOnnx(model)).toThrow(/layer "eluish" \(Dense\): activation "elu" is not supported/);
  });
});

/**
 * Exports a TF.js serving graph (a functional LayersModel of standard Keras layers) to an ONNX
 * model: opset 17, IR version 8, float32 weights as initializers, the Keras input names as graph
 * inputs (batch dimension "rows") and one output per head named by its layer. No Python, no
 * converter: the Keras topology is walked call by call and each layer translated (layers.ts).
 */
import type * as tf from '@tensorflow/tfjs';
import type { onnx } from 'onnx-proto';
import { VERSION } from '../../version.js';
import type { LayerContext, WeightRef } from './context.js';
import { SUPPORTED_LAYERS, TRANSLATORS } from './layers.js';
import { GraphBuilder, type OnnxDtype, proto, ROWS_DIM, type Value, valueInfo } from './proto.js';
import { callOrder, type KerasLayer, readTopology, refKey, type TensorRef } from './topology.js';

/** The default-domain opset the exported graphs target. */
export const ONNX_OPSET = 17;
/** The ONNX IR version written in the model. */
export const ONNX_IR_VERSION = 8;

/** Options of `exportOnnx`. */
export interface OnnxExportOptions {
  /** Extra metadata_props entries (e.g. the bundle name); `producer` is always "multirank". */
  metadata?: Record<string, string>;
}

/** One graph input or output as a caller sees it; the batch dimension is the string "rows". */
export interface OnnxTensorSpec {
  name: string;
  dtype: OnnxDtype;
  shape: (number | string)[];
}

/** The exported graph's interface: inputs in feed order, outputs in head order. */
export interface OnnxContract {
  opset: number;
  inputs: OnnxTensorSpec[];
  outputs: OnnxTensorSpec[];
}

interface Translation {
  name: string;
  g: GraphBuilder;
  inputs: Value[];
  outputs: Value[];
}

function inputValue(g: GraphBuilder, layer: KerasLayer): Value {
  const shape = layer.config.batch_input_shape;
  const dtype = layer.config.dtype ?? 'float32';
  if (!Array.isArray(shape) || (dtype !== 'float32' && dtype !== 'int32')) {
    throw new Error(
      `ONNX export: input "${layer.name}" has dtype ${dtype}; only float32 and int32 are exported`,
    );
  }
  return { name: g.claim(layer.name), shape: shape.map((d, i) => (i === 0 ? null : d)), dtype };
}

/** One initializer per weight of a layer, created on first use so shared layers share it. */
function weightsOf(model: tf.LayersModel, g: GraphBuilder) {
  const made = new Map<string, WeightRef>();
  return (layer: KerasLayer, index: number, role: string): WeightRef => {
    const key = `${layer.name}\u0000${index}`;
    const existing = made.get(key);
    if (existing) return existing;
    const variable = model.getLayer(layer.name).weights[index];
    if (variable?.dtype !== 'float32') {
      throw new Error(`ONNX export: layer "${layer.name}" has no float32 weight ${index} (${role})`);
    }
    const shape = variable.shape as number[];
    const read = () => model.getLayer(layer.name).getWeights()[index]!.dataSync() as Float32Array;
    const ref = { name: g.float32(`${layer.name}/${role}`, shape, read), shape };
    made.set(key, ref);
    return ref;
  };
}

/** Walks the model's calls in dependency order and translates each; reads no weight data. */
function translate(model: tf.LayersModel): Translation {
  const topology = readTopology(model);
  for (const layer of topology.layers) {
    if (!SUPPORTED_LAYERS.includes(layer.className)) {
      throw new Error(
        `ONNX export: layer "${layer.name}" is a ${layer.className}, which has no ONNX translation ` +
          `(supported: ${SUPPORTED_LAYERS.join(', ')})`,
      );
    }
  }
  const g = new GraphBuilder();
  const values = new Map<string, Value>();
  const byName = new Map(topology.layers.map((layer) => [layer.name, layer]));
  const inputs = topology.inputs.map((ref) => {
    const layer = byName.get(ref.layer);
    if (layer?.className !== 'InputLayer')
      throw new Error(`ONNX export: input "${ref.layer}" is not an InputLayer`);
    const value = inputValue(g, layer);
    values.set(refKey(ref), value);
    return value;
  });
  const weight = weightsOf(model, g);
  for (const call of callOrder(topology)) {
    // A layer called more than once (a shared embedding table) names each call's output apart.
    const out = call.node === 0 ? call.layer.name : `${call.layer.name}:${call.node}`;
    const ctx: LayerContext = { g, layer: call.layer, out, weight: (i, role) => weight(call.layer, i, role) };
    const value = TRANSLATORS[call.layer.className]!(
      ctx,
      call.inputs.map((ref) => values.get(refKey(ref))!),
    );
    values.set(refKey({ layer: call.layer.name, node: call.node, tensor: 0 }), value);
  }
  return {
    name: topology.name,
    g,
    inputs,
    outputs: topology.outputs.map((ref) => graphOutput(g, values, ref)),
  };
}

/** A graph output named by its layer; an Identity gives it that name when its value has another. */
function graphOutput(g: GraphBuilder, values: Map<string, Value>, ref: TensorRef): Value {
  const value = values.get(refKey(ref));
  if (!value) throw new Error(`ONNX export: output "${ref.layer}" is not produced by the graph`);
  if (value.name === ref.layer) return value;
  const name = g.node('Identity', [value.name], g.fresh(ref.layer));
  return { ...value, name };
}

const spec = (value: Value): OnnxTensorSpec => ({
  name: value.name,
  dtype: value.dtype,
  shape: value.shape.map((d) => (d === null ? ROWS_DIM : d)),
});

/** The inputs and outputs the exported graph of `model` will have, without exporting it. */
export function onnxContract(model: tf.LayersModel): OnnxContract {
  const { inputs, outputs } = translate(model);
  return { opset: ONNX_OPSET, inputs: inputs.map(spec), outputs: outputs.map(spec) };
}

/** Exports the serving graph `model` as a serialised ONNX ModelProto; unsupported layers are refused by name. */
export function exportOnnx(model: tf.LayersModel, options: OnnxExportOptions = {}): Uint8Array {
  const { name, g, inputs, outputs } = translate(model);
  const metadata = { producer: 'multirank', source: 'tfjs-layers', ...options.metadata };
  const graph: onnx.IGraphProto = {
    name,
    node: g.nodes,
    initializer: g.readInitializers(),
    input: inputs.map((v) => valueInfo(v.name, v.dtype, v.shape)),
    output: outputs.map((v) => valueInfo(v.name, v.dtype, v.shape)),
  };
  const modelProto: onnx.IModelProto = {
    irVersion: ONNX_IR_VERSION,
    opsetImport: [{ domain: '', version: ONNX_OPSET }],
    producerName: 'multirank',
    producerVersion: VERSION,
    docString: `multirank serving graph "${name}", exported from TensorFlow.js layers`,
    graph,
    metadataProps: Object.entries(metadata).map(([key, value]) => ({ key, value })),
  };
  return proto.ModelProto.encode(modelProto).finish();
}

/**
 * The Keras topology of a functional TF.js model, read from its serialised config
 * (`model.toJSON(null, false)`) rather than from the live layer objects: a layer shared with
 * another graph (the training graph calls the serving graph's layers too) carries that graph's
 * calls in its inbound nodes, while the config lists only this model's calls, re-indexed.
 */
import type * as tf from '@tensorflow/tfjs';

/** One tensor produced by a layer call: the layer, which call of it (node), which of its outputs. */
export interface TensorRef {
  layer: string;
  node: number;
  tensor: number;
}

/** One layer of the model with its (snake_case) config and the inputs of each of its calls. */
export interface KerasLayer {
  name: string;
  className: string;
  config: Record<string, unknown>;
  /** calls[k] = the tensors call k of this layer reads. */
  calls: TensorRef[][];
}

/** The model's layers, its inputs and its outputs, in the order the model takes and gives them. */
export interface KerasTopology {
  name: string;
  layers: KerasLayer[];
  inputs: TensorRef[];
  outputs: TensorRef[];
}

type Json = Record<string, unknown>;

const isRecord = (value: unknown): value is Json =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

function tensorRef(entry: unknown, where: string): TensorRef {
  if (!Array.isArray(entry) || typeof entry[0] !== 'string') {
    throw new Error(`ONNX export: ${where} is not a [layer, node, tensor] reference`);
  }
  return { layer: entry[0], node: Number(entry[1] ?? 0), tensor: Number(entry[2] ?? 0) };
}

/** Reads the functional topology of `model`; a model without one (e.g. Sequential) is refused. */
export function readTopology(model: tf.LayersModel): KerasTopology {
  const json = model.toJSON(null, false) as unknown;
  const config = isRecord(json) && isRecord(json.config) ? json.config : null;
  if (!config || !Array.isArray(config.layers) || !Array.isArray(config.input_layers)) {
    throw new Error(`ONNX export: model "${model.name}" is not a functional model`);
  }
  const layers = config.layers.map((raw: unknown, i): KerasLayer => {
    if (!isRecord(raw) || typeof raw.class_name !== 'string' || !isRecord(raw.config)) {
      throw new Error(`ONNX export: layer ${i} of the model config is malformed`);
    }
    const name = typeof raw.name === 'string' ? raw.name : String(raw.config.name);
    const inbound = Array.isArray(raw.inbound_nodes) ? raw.inbound_nodes : [];
    const calls = inbound.map((call: unknown, k) =>
      (Array.isArray(call) ? call : []).map((entry) => tensorRef(entry, `layer "${name}" call ${k}`)),
    );
    return { name, className: raw.class_name, config: raw.config, calls };
  });
  const refs = (list: unknown, what: string) =>
    (Array.isArray(list) ? list : []).map((entry, i) => tensorRef(entry, `${what}[${i}]`));
  return {
    name: typeof config.name === 'string' ? config.name : model.name,
    layers,
    inputs: refs(config.input_layers, 'input_layers'),
    outputs: refs(config.output_layers, 'output_layers'),
  };
}

/** A key for a produced tensor, unique within the model. */
export const refKey = (ref: TensorRef): string => `${ref.layer}\u0000${ref.node}\u0000${ref.tensor}`;

/** One layer call in an order where every call comes after the calls it reads. */
export interface LayerCall {
  layer: KerasLayer;
  node: number;
  inputs: TensorRef[];
}

/**
 * Orders the layer calls so that each one's inputs are produced first. The config's layer list is
 * usually in that order already, but a shared layer's later call can read a layer listed after it.
 */
export function callOrder(topology: KerasTopology): LayerCall[] {
  const pending: LayerCall[] = topology.layers.flatMap((layer) =>
    layer.className === 'InputLayer' ? [] : layer.calls.map((inputs, node) => ({ layer, node, inputs })),
  );
  const produced = new Set(topology.inputs.map(refKey));
  const ordered: LayerCall[] = [];
  while (pending.length > 0) {
    const ready = pending.findIndex((call) => call.inputs.every((ref) => produced.has(refKey(ref))));
    if (ready < 0) {
      const stuck = pending[0]!;
      throw new Error(
        `ONNX export: layer "${stuck.layer.name}" reads a tensor no input or earlier layer produces`,
      );
    }
    const [call] = pending.splice(ready, 1);
    ordered.push(call!);
    // Every supported layer has exactly one output tensor per call.
    produced.add(refKey({ layer: call!.layer.name, node: call!.node, tensor: 0 }));
  }
  return ordered;
}

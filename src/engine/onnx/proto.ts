/**
 * The ONNX graph under construction: unique value names, nodes, initializers (weights and shape
 * constants) and value infos, written with onnx-proto's generated types.
 */

import type { onnx } from 'onnx-proto';
import onnxProto from 'onnx-proto';

/** onnx-proto's runtime namespace (the package is CommonJS: its classes hang off the default export). */
export const proto = onnxProto.onnx;

/** Element types the exporter writes: float32 activations and weights, int32 ids. */
export type OnnxDtype = 'float32' | 'int32';

/** A static dimension, or null for the batch dimension (symbolic "rows" in the graph). */
export type Dim = number | null;

/** A value flowing through the graph: its ONNX name, Keras-style shape (batch first) and dtype. */
export interface Value {
  name: string;
  shape: Dim[];
  dtype: OnnxDtype;
}

/** The symbolic name of the batch dimension in graph inputs and outputs. */
export const ROWS_DIM = 'rows';

const ELEM_TYPE: Record<OnnxDtype, number> = {
  float32: proto.TensorProto.DataType.FLOAT,
  int32: proto.TensorProto.DataType.INT32,
};

/** The ONNX element-type code of a dtype (Cast's `to` attribute, value infos). */
export const elemType = (dtype: OnnxDtype): number => ELEM_TYPE[dtype];

/** A graph input or output declaration; null dimensions become the symbolic batch dimension. */
export function valueInfo(name: string, dtype: OnnxDtype, shape: Dim[]): onnx.IValueInfoProto {
  const dim = shape.map((d) => (d === null ? { dimParam: ROWS_DIM } : { dimValue: d }));
  return { name, type: { tensorType: { elemType: elemType(dtype), shape: { dim } } } };
}

/** Integer attributes are all the exporter needs (axis, perm, keepdims, to); floats go in as tensors. */
export type Attributes = Record<string, number | number[]>;

function attribute(name: string, value: number | number[]): onnx.IAttributeProto {
  const { INT, INTS } = proto.AttributeProto.AttributeType;
  return Array.isArray(value) ? { name, type: INTS, ints: value } : { name, type: INT, i: value };
}

/** Little-endian bytes, as raw_data requires, whatever the host's byte order. */
function rawFloat32(values: Float32Array): Uint8Array {
  const bytes = new Uint8Array(values.length * 4);
  const view = new DataView(bytes.buffer);
  for (let i = 0; i < values.length; i++) view.setFloat32(i * 4, values[i]!, true);
  return bytes;
}

function rawInt64(values: readonly number[]): Uint8Array {
  const bytes = new Uint8Array(values.length * 8);
  const view = new DataView(bytes.buffer);
  values.forEach((v, i) => {
    view.setBigInt64(i * 8, BigInt(v), true);
  });
  return bytes;
}

/** A weight whose data is read only when the model is serialised (the contract never reads it). */
interface PendingInitializer {
  name: string;
  dims: number[];
  read: () => onnx.ITensorProto;
}

/** Accumulates one graph's nodes and initializers, handing out names no other value uses. */
export class GraphBuilder {
  readonly nodes: onnx.INodeProto[] = [];
  private readonly initializers: PendingInitializer[] = [];
  private readonly taken = new Set<string>();

  /** Claims `name` exactly; a second claim is a bug in the walk, not a user error. */
  claim(name: string): string {
    if (this.taken.has(name)) throw new Error(`ONNX export: value name "${name}" used twice`);
    this.taken.add(name);
    return name;
  }

  /** Whether a value or initializer already has this name. */
  isTaken(name: string): boolean {
    return this.taken.has(name);
  }

  /** A new name derived from `base` (suffixed when taken), for intermediate values and nodes. */
  fresh(base: string): string {
    let name = base;
    for (let k = 2; this.taken.has(name); k++) name = `${base}__${k}`;
    return this.claim(name);
  }

  /** Appends a node writing `output` (claimed by the caller) and returns that name. */
  node(op: string, inputs: string[], output: string, attrs: Attributes = {}): string {
    this.nodes.push({
      opType: op,
      name: output,
      input: inputs,
      output: [output],
      attribute: Object.entries(attrs).map(([key, value]) => attribute(key, value)),
    });
    return output;
  }

  /** A float32 initializer whose data is fetched lazily by `read`; returns its name. */
  float32(base: string, dims: number[], read: () => Float32Array): string {
    const name = this.fresh(base);
    const dataType = proto.TensorProto.DataType.FLOAT;
    this.initializers.push({
      name,
      dims,
      read: () => ({ name, dims, dataType, rawData: rawFloat32(read()) }),
    });
    return name;
  }

  /** A constant int64 vector (shapes, axes) as an initializer; returns its name. */
  int64(base: string, values: number[]): string {
    const name = this.fresh(base);
    const dataType = proto.TensorProto.DataType.INT64;
    const dims = [values.length];
    this.initializers.push({ name, dims, read: () => ({ name, dims, dataType, rawData: rawInt64(values) }) });
    return name;
  }

  /** Reads every initializer's data (weights leave the TF.js backend here). */
  readInitializers(): onnx.ITensorProto[] {
    return this.initializers.map((init) => init.read());
  }
}

/**
 * What a layer translation sees: the graph builder, the layer, the name its output must take,
 * and its weights (one initializer per weight however often the layer is called).
 */
import type { Attributes, GraphBuilder, Value } from './proto.js';
import type { KerasLayer } from './topology.js';

/** A weight of the layer as an initializer: its name in the graph and its shape. */
export interface WeightRef {
  name: string;
  shape: number[];
}

/** One call of one layer, being translated. */
export interface LayerContext {
  g: GraphBuilder;
  layer: KerasLayer;
  /** The ONNX name of this call's output: the layer name for its first call, `layer:k` for call k. */
  out: string;
  /** The layer's weight at `index` (Keras order: kernel then bias; embeddings); `role` names it. */
  weight(index: number, role: string): WeightRef;
}

/** Translates one layer call from its input values to its output value. */
export type Translator = (ctx: LayerContext, inputs: Value[]) => Value;

/** One node of a chain: `before`/`after` are the extra inputs around the running value. */
export interface Step {
  op: string;
  before?: string[];
  after?: string[];
  attrs?: Attributes;
}

/** An error naming the layer, so a refused graph says where it failed. */
export function layerError(ctx: LayerContext, message: string): Error {
  return new Error(`ONNX export: layer "${ctx.layer.name}" (${ctx.layer.className}): ${message}`);
}

/** A name for an intermediate value of this call. */
export const temp = (ctx: LayerContext, what: string): string => ctx.g.fresh(`${ctx.out}/${what}`);

/**
 * Runs `steps` on `input`, the last step writing the call's output name. With no steps the call
 * is an identity and its output is the input value itself (Dropout, linear Activation).
 */
export function chain(ctx: LayerContext, input: string, steps: Step[]): string {
  let current = input;
  steps.forEach((step, i) => {
    const output = i === steps.length - 1 ? ctx.g.claim(ctx.out) : temp(ctx, step.op.toLowerCase());
    const inputs = [...(step.before ?? []), current, ...(step.after ?? [])];
    current = ctx.g.node(step.op, inputs, output, step.attrs);
  });
  return current;
}

/** The single input of a one-input layer. */
export function single(ctx: LayerContext, inputs: Value[]): Value {
  if (inputs.length !== 1) throw layerError(ctx, `expected one input, got ${inputs.length}`);
  return inputs[0]!;
}

/** Arithmetic layers need float inputs: TF.js would refuse to multiply int32 by float32 weights. */
export function requireFloat(ctx: LayerContext, inputs: Value[]): void {
  const bad = inputs.find((v) => v.dtype !== 'float32');
  if (bad) throw layerError(ctx, `input "${bad.name}" is ${bad.dtype}; this layer takes float32`);
}

/** Resolves a negative Keras axis against a rank (Keras adds the rank until it is non-negative). */
export function positiveAxis(axis: number, rank: number): number {
  let a = axis;
  while (a < 0) a += rank;
  return a;
}

/** The Keras config value `key` as a number. */
export function configNumber(ctx: LayerContext, key: string): number {
  const value = ctx.layer.config[key];
  if (typeof value !== 'number') throw layerError(ctx, `config "${key}" is not a number`);
  return value;
}

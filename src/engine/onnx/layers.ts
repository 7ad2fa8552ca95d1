/**
 * Per-layer translation of the standard Keras layers a serving graph holds into ONNX nodes
 * (opset 17), each reproducing what TF.js computes for that layer at inference.
 */
import {
  chain,
  configNumber,
  type LayerContext,
  layerError,
  positiveAxis,
  requireFloat,
  type Step,
  single,
  type Translator,
} from './context.js';
import { translateDot } from './dot.js';
import { type Dim, elemType, type OnnxDtype, type Value } from './proto.js';

/** The Keras activations the exporter translates, by their serialised names. */
const ACTIVATIONS: Record<string, Step[]> = {
  linear: [],
  relu: [{ op: 'Relu' }],
  sigmoid: [{ op: 'Sigmoid' }],
  tanh: [{ op: 'Tanh' }],
  // TF.js's softmax activation normalises over the last axis; opset 13+ Softmax does exactly that.
  softmax: [{ op: 'Softmax', attrs: { axis: -1 } }],
};

function activationSteps(ctx: LayerContext): Step[] {
  const name = ctx.layer.config.activation ?? 'linear';
  const steps = typeof name === 'string' ? ACTIVATIONS[name] : undefined;
  if (!steps) {
    throw layerError(
      ctx,
      `activation ${JSON.stringify(name)} is not supported (${Object.keys(ACTIVATIONS)})`,
    );
  }
  return steps;
}

/** Concatenate, Add and Multiply work on either dtype, as in TF.js, but not on a mix of them. */
function sharedDtype(ctx: LayerContext, inputs: Value[]): OnnxDtype {
  const dtype = inputs[0]?.dtype ?? 'float32';
  if (inputs.some((v) => v.dtype !== dtype)) throw layerError(ctx, 'inputs mix int32 and float32');
  return dtype;
}

const product = (dims: Dim[]): Dim =>
  dims.reduce<Dim>((p, d) => (p === null || d === null ? null : p * d), 1);

const dense: Translator = (ctx, inputs) => {
  const x = single(ctx, inputs);
  requireFloat(ctx, [x]);
  const units = configNumber(ctx, 'units');
  const kernel = ctx.weight(0, 'kernel');
  const width = x.shape.at(-1);
  if (kernel.shape[1] !== units || (width != null && kernel.shape[0] !== width)) {
    throw layerError(ctx, `kernel [${kernel.shape}] does not map ${width} inputs to ${units} units`);
  }
  // MatMul then Add rather than Gemm: Dense also applies to rank-3 inputs, which Gemm refuses;
  // onnxruntime fuses the pair for 2-D inputs anyway.
  const steps: Step[] = [{ op: 'MatMul', after: [kernel.name] }];
  if (ctx.layer.config.use_bias !== false) steps.push({ op: 'Add', after: [ctx.weight(1, 'bias').name] });
  steps.push(...activationSteps(ctx));
  return { name: chain(ctx, x.name, steps), shape: [...x.shape.slice(0, -1), units], dtype: 'float32' };
};

const embedding: Translator = (ctx, inputs) => {
  const ids = single(ctx, inputs);
  const table = ctx.weight(0, 'embeddings');
  const steps: Step[] = [];
  // TF.js casts non-int32 ids to int32 before the lookup; Gather accepts int32 indices as they are.
  if (ids.dtype !== 'int32') steps.push({ op: 'Cast', attrs: { to: elemType('int32') } });
  steps.push({ op: 'Gather', before: [table.name], attrs: { axis: 0 } });
  return { name: chain(ctx, ids.name, steps), shape: [...ids.shape, table.shape[1]!], dtype: 'float32' };
};

const flatten: Translator = (ctx, inputs) => {
  const x = single(ctx, inputs);
  const shape = [x.shape[0]!, product(x.shape.slice(1))];
  return { name: chain(ctx, x.name, [{ op: 'Flatten', attrs: { axis: 1 } }]), shape, dtype: x.dtype };
};

const reshape: Translator = (ctx, inputs) => {
  const x = single(ctx, inputs);
  const target = ctx.layer.config.target_shape;
  // TF.js stores the inferred dimension as null, Keras as -1.
  const dims = Array.isArray(target) ? target.map((d) => (d === null ? -1 : d)) : [];
  const bad = dims.some((d) => typeof d !== 'number' || d === 0 || d < -1);
  if (dims.length === 0 || bad || dims.filter((d) => d === -1).length > 1) {
    throw layerError(ctx, `target_shape ${JSON.stringify(target)} is not a list of sizes (or one -1)`);
  }
  // 0 keeps the input's batch size (Reshape's default allowzero=0), leaving -1 free for the target.
  const shapeName = ctx.g.int64(`${ctx.out}/shape`, [0, ...dims]);
  const known = product(x.shape.slice(1));
  const rest = product(dims.filter((d) => d !== -1));
  const resolved = dims.map((d) => (d !== -1 ? d : known === null || rest === null ? null : known / rest));
  const name = chain(ctx, x.name, [{ op: 'Reshape', after: [shapeName] }]);
  return { name, shape: [x.shape[0]!, ...resolved], dtype: x.dtype };
};

const concatenate: Translator = (ctx, inputs) => {
  const dtype = sharedDtype(ctx, inputs);
  const rank = inputs[0]?.shape.length ?? 0;
  const axis = positiveAxis(configNumber(ctx, 'axis'), rank);
  if (axis === 0 || inputs.some((v) => v.shape.length !== rank)) {
    throw layerError(ctx, 'inputs must share a rank and join along a non-batch axis');
  }
  const shape = [...inputs[0]!.shape];
  shape[axis] = inputs.reduce<Dim>(
    (sum, v) => (sum === null || v.shape[axis] == null ? null : sum + v.shape[axis]!),
    0,
  );
  const rest = inputs.slice(1).map((v) => v.name);
  const name = chain(ctx, inputs[0]!.name, [{ op: 'Concat', after: rest, attrs: { axis } }]);
  return { name, shape, dtype };
};

/** Add and Multiply: TF.js folds the inputs left to right, so the ONNX side chains binary nodes. */
function elementwise(op: 'Add' | 'Mul'): Translator {
  return (ctx, inputs) => {
    const dtype = sharedDtype(ctx, inputs);
    const rank = inputs[0]?.shape.length ?? 0;
    // Keras pads lower-rank inputs with trailing axes, numpy broadcasting pads leading ones.
    if (inputs.length < 2 || inputs.some((v) => v.shape.length !== rank)) {
      throw layerError(ctx, 'needs two or more inputs of one rank');
    }
    const shape = inputs[0]!.shape.map((_, i) => {
      const dims = inputs.map((v) => v.shape[i] ?? null);
      return dims.includes(null) ? null : Math.max(...(dims as number[]));
    });
    const steps = inputs.slice(1).map((v): Step => ({ op, after: [v.name] }));
    return { name: chain(ctx, inputs[0]!.name, steps), shape, dtype };
  };
}

const activation: Translator = (ctx, inputs) => {
  const x = single(ctx, inputs);
  const steps = activationSteps(ctx);
  if (steps.length > 0) requireFloat(ctx, [x]);
  return { ...x, name: chain(ctx, x.name, steps) };
};

/** Dropout is the identity at inference: its output is its input value, with no node. */
const dropout: Translator = (ctx, inputs) => single(ctx, inputs);

/** Keras class name → translation. Anything else is refused by name. */
export const TRANSLATORS: Readonly<Record<string, Translator>> = {
  Dense: dense,
  Embedding: embedding,
  Flatten: flatten,
  Reshape: reshape,
  Concatenate: concatenate,
  Add: elementwise('Add'),
  Multiply: elementwise('Mul'),
  Activation: activation,
  Dropout: dropout,
  Dot: translateDot,
};

/** The layer classes a serving graph may hold (InputLayer besides), for error messages and docs. */
export const SUPPORTED_LAYERS: readonly string[] = ['InputLayer', ...Object.keys(TRANSLATORS)];

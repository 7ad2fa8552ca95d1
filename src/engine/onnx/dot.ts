/**
 * Keras's Dot layer as TF.js computes it (`batchDot` in tfjs-layers' merge.js), for inputs of
 * rank 2 or 3. The serving graph uses it three ways:
 *   bag mean pooling   weights [n, L] · embeddings [n, L, d], axes 1  → [n, d]
 *   MMoE mixture       gate [n, E] · experts [n, E, w], axes 1        → [n, w]
 *   interactions       [n, d] · [n, d], axes -1                       → [n, 1]
 * TF.js pads the lower-rank operand with trailing 1-axes, multiplies (transposing whichever
 * operand does not contract on the usual axis), then squeezes the padding back out; rank-2 pairs
 * are an elementwise product summed over the axis. The ONNX nodes follow the same steps, so the
 * shapes and the order of the floating-point sums agree.
 */
import {
  type LayerContext,
  layerError,
  positiveAxis,
  requireFloat,
  type Translator,
  temp,
} from './context.js';
import type { Dim, Value } from './proto.js';

/** TF.js's float32 epsilon (backend().epsilon()), the floor under l2Normalize's squared norm. */
const EPSILON = 1e-7;

/** x / sqrt(max(sum(x², axis), ε)), as tfjs-layers' l2Normalize (the Dot layer's `normalize`). */
function l2Normalize(ctx: LayerContext, x: Value, axis: number, side: string): Value {
  const { g } = ctx;
  const squared = g.node('Mul', [x.name, x.name], temp(ctx, `${side}_squared`));
  const axes = g.int64(`${ctx.out}/${side}_axis`, [axis]);
  const sum = g.node('ReduceSum', [squared, axes], temp(ctx, `${side}_sum`), { keepdims: 1 });
  const epsilon = g.float32(`${ctx.out}/epsilon`, [], () => Float32Array.of(EPSILON));
  const floored = g.node('Max', [sum, epsilon], temp(ctx, `${side}_floored`));
  const norm = g.node('Sqrt', [floored], temp(ctx, `${side}_norm`));
  return { ...x, name: g.node('Div', [x.name, norm], temp(ctx, `${side}_normalized`)) };
}

/** Appends `count` trailing 1-axes (TF.js reshapes to shape.concat([1, …])). */
function padTrailing(ctx: LayerContext, x: Value, count: number, side: string): Value {
  if (count === 0) return x;
  const rank = x.shape.length;
  const axes = ctx.g.int64(
    `${ctx.out}/${side}_pad_axes`,
    Array.from({ length: count }, (_, i) => rank + i),
  );
  const name = ctx.g.node('Unsqueeze', [x.name, axes], temp(ctx, `${side}_padded`));
  return { ...x, name, shape: [...x.shape, ...Array<Dim>(count).fill(1)] };
}

/** Swaps the two non-batch axes of a rank-3 value (matMul's transposeA / transposeB). */
function swapLast(ctx: LayerContext, x: Value, side: string): Value {
  const name = ctx.g.node('Transpose', [x.name], temp(ctx, `${side}_transposed`), { perm: [0, 2, 1] });
  return { ...x, name, shape: [x.shape[0]!, x.shape[2]!, x.shape[1]!] };
}

function readAxes(ctx: LayerContext, ranks: [number, number]): [number, number] {
  const raw = ctx.layer.config.axes;
  const list = Array.isArray(raw) ? raw : [raw, raw];
  if (list.length !== 2 || list.some((a) => typeof a !== 'number')) {
    throw layerError(ctx, `axes ${JSON.stringify(raw)} is not an axis or a pair of axes`);
  }
  const axes: [number, number] = [positiveAxis(list[0], ranks[0]), positiveAxis(list[1], ranks[1])];
  // Contracting the batch axis mixes rows; nothing in a ranker does it, and it is not batchDot's case.
  if (axes[0] === 0 || axes[1] === 0) throw layerError(ctx, 'contracting the batch axis is not supported');
  return axes;
}

/** The Dot layer's translation: normalise if asked, then batchDot. */
export const translateDot: Translator = (ctx, inputs) => {
  if (inputs.length !== 2) throw layerError(ctx, `expected two inputs, got ${inputs.length}`);
  requireFloat(ctx, inputs);
  let [x, y] = inputs as [Value, Value];
  const [r1, r2] = [x.shape.length, y.shape.length];
  if (Math.min(r1, r2) < 2 || Math.max(r1, r2) > 3) {
    throw layerError(ctx, `inputs of rank ${r1} and ${r2}; batchDot takes ranks 2 and 3 only`);
  }
  const [a1, a2] = readAxes(ctx, [r1, r2]);
  const [d1, d2] = [x.shape[a1], y.shape[a2]];
  if (d1 != null && d2 != null && d1 !== d2)
    throw layerError(ctx, `contracted sizes differ (${d1} vs ${d2})`);
  if (ctx.layer.config.normalize === true) {
    x = l2Normalize(ctx, x, a1, 'left');
    y = l2Normalize(ctx, y, a2, 'right');
  }
  const diff = Math.abs(r1 - r2);
  x = padTrailing(ctx, x, r2 > r1 ? diff : 0, 'left');
  y = padTrailing(ctx, y, r1 > r2 ? diff : 0, 'right');

  if (x.shape.length === 2) {
    // Both rank 2 with the same (non-batch) axis: sum(x * y, axis), kept as [n, 1] as TF.js expands it.
    const product = ctx.g.node('Mul', [x.name, y.name], temp(ctx, 'product'));
    const axes = ctx.g.int64(`${ctx.out}/axes`, [a1]);
    const name = ctx.g.node('ReduceSum', [product, axes], ctx.g.claim(ctx.out), { keepdims: 1 });
    return { name, shape: [x.shape[0]!, 1], dtype: 'float32' };
  }
  // matMul(x, y, transposeA = a1 is not x's last axis, transposeB = a2 is y's last axis).
  if (a1 !== 2) x = swapLast(ctx, x, 'left');
  if (a2 === 2) y = swapLast(ctx, y, 'right');
  const shape: Dim[] = [x.shape[0]!, x.shape[1]!, y.shape[2]!];
  if (diff === 0) {
    return { name: ctx.g.node('MatMul', [x.name, y.name], ctx.g.claim(ctx.out)), shape, dtype: 'float32' };
  }
  const product = ctx.g.node('MatMul', [x.name, y.name], temp(ctx, 'matmul'));
  // The padding axis comes back at position 1 when x was padded, 2 when y was (batchDot's idx).
  const squeezed = r1 > r2 ? r1 + r2 - 3 : r1 - 1;
  if (shape[squeezed] !== 1) throw layerError(ctx, `cannot squeeze axis ${squeezed} of [${shape}]`);
  const axes = ctx.g.int64(`${ctx.out}/squeeze_axes`, [squeezed]);
  const name = ctx.g.node('Squeeze', [product, axes], ctx.g.claim(ctx.out));
  return { name, shape: shape.filter((_, i) => i !== squeezed), dtype: 'float32' };
};

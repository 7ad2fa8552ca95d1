/**
 * Kernels the wasm backend lacks but training needs. TF.js 4.22's wasm backend has no
 * UnsortedSegmentSum, which is the gradient of Gather, i.e. of every Embedding layer; without
 * it the fastest backend available here could serve but not train. This JS version is what the
 * cpu backend does, reading and writing the wasm heap through the backend's public methods.
 */
import * as tf from '@tensorflow/tfjs';

interface WasmBackendLike {
  readSync(dataId: object): ArrayLike<number>;
  makeOutput(
    shape: number[],
    dtype: tf.DataType,
    memoryOffset?: number,
    values?: Float32Array | Int32Array,
  ): tf.TensorInfo;
}

/** Sums rows of x into `numSegments` output rows by segment id (ids outside [0, numSegments) are dropped). */
function unsortedSegmentSum(args: {
  inputs: tf.NamedTensorInfoMap;
  backend: object;
  attrs?: tf.NamedAttrMap;
}): tf.TensorInfo {
  const backend = args.backend as WasmBackendLike;
  const x = args.inputs.x!;
  const segmentIds = args.inputs.segmentIds!;
  const numSegments = Number(args.attrs?.numSegments);
  const rowSize = x.shape.slice(1).reduce((a, b) => a * b, 1);
  const values = backend.readSync(x.dataId);
  const ids = backend.readSync(segmentIds.dataId);
  const out =
    x.dtype === 'int32' ? new Int32Array(numSegments * rowSize) : new Float32Array(numSegments * rowSize);
  for (let i = 0; i < ids.length; i++) {
    const segment = ids[i]!;
    if (segment < 0 || segment >= numSegments) continue;
    const from = i * rowSize;
    const to = segment * rowSize;
    for (let j = 0; j < rowSize; j++) out[to + j]! += values[from + j]!;
  }
  return backend.makeOutput([numSegments, ...x.shape.slice(1)], x.dtype, undefined, out);
}

let registered = false;

/** Registers the missing kernels on the wasm backend (idempotent). */
export function registerWasmTrainingKernels(): void {
  if (registered || tf.getKernel('UnsortedSegmentSum', 'wasm')) return;
  tf.registerKernel({
    kernelName: 'UnsortedSegmentSum',
    backendName: 'wasm',
    kernelFunc: unsortedSegmentSum as tf.KernelFunc,
  });
  registered = true;
}

/**
 * Gather along axis 0 of a 2-D float table: every embedding lookup. The wasm backend's generic
 * GatherV2 walks element by element, and serving's bag features (20 ids × 500 candidates) made it
 * two thirds of a 500-candidate ranking's kernel time (bench/README.md, rank-core); copying whole
 * rows is about ten times faster. Any other gather goes to the backend's own kernel.
 */
function rowGather(fallback: tf.KernelFunc): tf.KernelFunc {
  return (args) => {
    const { inputs, attrs } = args;
    const x = inputs.x as tf.TensorInfo;
    const indices = inputs.indices as tf.TensorInfo;
    const axis = Number(attrs?.axis ?? 0);
    const batchDims = Number(attrs?.batchDims ?? 0);
    if (axis !== 0 || batchDims !== 0 || x.shape.length !== 2 || x.dtype !== 'float32') return fallback(args);
    const backend = args.backend as WasmBackendLike;
    const [rows = 0, width = 0] = x.shape;
    const table = backend.readSync(x.dataId) as Float32Array;
    const ids = backend.readSync(indices.dataId);
    const out = new Float32Array(ids.length * width);
    for (let i = 0; i < ids.length; i++) {
      const id = ids[i]!;
      if (!(id >= 0 && id < rows))
        throw new Error(`GatherV2: the index value ${id} is not in [0, ${rows - 1}]`);
      out.set(table.subarray(id * width, id * width + width), i * width);
    }
    return backend.makeOutput([...indices.shape, width], 'float32', undefined, out);
  };
}

let gatherReplaced = false;

/** Replaces the wasm backend's GatherV2 with the row-copying one (idempotent). */
export function registerWasmServingKernels(): void {
  if (gatherReplaced) return;
  const original = tf.getKernel('GatherV2', 'wasm');
  if (!original) return;
  tf.unregisterKernel('GatherV2', 'wasm');
  // The original's setupFunc binds its wasm function when the backend starts; keep it for the fallback.
  tf.registerKernel({
    kernelName: 'GatherV2',
    backendName: 'wasm',
    kernelFunc: rowGather(original.kernelFunc),
    ...(original.setupFunc ? { setupFunc: original.setupFunc } : {}),
  });
  gatherReplaced = true;
}

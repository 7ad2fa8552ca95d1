/**
 * The ONNX engine: a bundle's exported serving graph run by onnxruntime-node. The runtime is a
 * native addon, imported on first use so that a platform without it can still serve with TF.js
 * (`loadOnnxRuntime` reports why it is unavailable instead of crashing the process).
 */
import type { EncodedBatch } from '../features/encode.js';
import { batchArrays } from '../model/feeds.js';
import { layerSafe } from '../model/layers.js';
import type { ModelEngine } from './types.js';

type OnnxRuntime = typeof import('onnxruntime-node');
type Session = import('onnxruntime-node').InferenceSession;

let runtime: Promise<OnnxRuntime> | null = null;

/** The runtime module, imported once; a failed native load stays failed for the process. */
function importRuntime(): Promise<OnnxRuntime> {
  runtime ??= import('onnxruntime-node');
  return runtime;
}

/** Whether onnxruntime-node loads here, and if not, why (for the start log or a fallback to TF.js). */
export async function loadOnnxRuntime(): Promise<{ ok: true } | { ok: false; reason: string }> {
  try {
    await importRuntime();
    return { ok: true };
  } catch (error) {
    return { ok: false, reason: error instanceof Error ? error.message : String(error) };
  }
}

/**
 * The graph input of each column of batchArrays. Inputs named by the contract (`in_<feature>`,
 * `in_<bag>__weights`, docs/onnx.md) are fed by name, so a network exported elsewhere may list
 * them in any order; otherwise by position (the exporter writes them in feed order).
 */
function feedNames(columns: readonly string[], inputNames: readonly string[]): readonly string[] {
  const byContract = columns.map((column) => `in_${layerSafe(column)}`);
  return byContract.every((name) => inputNames.includes(name)) ? byContract : inputNames;
}

/** Options of the ONNX engine. */
export interface OnnxEngineOptions {
  /** Threads inside one operator (default 1: the service runs requests side by side instead). */
  intraOpThreads?: number;
}

/** Opens an inference session on an exported graph (`exportOnnx`) and serves batches through it. */
export async function createOnnxEngine(
  onnxBytes: Uint8Array,
  options: OnnxEngineOptions = {},
): Promise<ModelEngine> {
  const ort = await importRuntime();
  let session: Session | null = await ort.InferenceSession.create(onnxBytes, {
    intraOpNumThreads: options.intraOpThreads ?? 1,
    interOpNumThreads: 1,
    executionMode: 'sequential',
    graphOptimizationLevel: 'all',
  });
  const inputNames = [...session.inputNames];
  const outputNames = [...session.outputNames];
  let feeds: readonly string[] | null = null;
  return {
    name: 'onnx',
    async run(batch: EncodedBatch): Promise<Float32Array[]> {
      if (!session) throw new Error('the ONNX engine was disposed');
      if (batch.size === 0) return outputNames.map(() => new Float32Array(0));
      const arrays = batchArrays(batch);
      if (arrays.length !== inputNames.length) {
        throw new Error(`the ONNX graph takes ${inputNames.length} inputs, the batch gives ${arrays.length}`);
      }
      feeds ??= feedNames(
        arrays.map((a) => a.name),
        inputNames,
      );
      const names = feeds;
      const results = await session.run(
        Object.fromEntries(arrays.map((a, i) => [names[i]!, new ort.Tensor(a.dtype, a.data, a.shape)])),
      );
      return outputNames.map((name) => {
        const data = results[name]?.data;
        if (!(data instanceof Float32Array)) throw new Error(`ONNX output "${name}" is not float32`);
        return data;
      });
    },
    async dispose(): Promise<void> {
      const open = session;
      session = null;
      await open?.release();
    },
  };
}

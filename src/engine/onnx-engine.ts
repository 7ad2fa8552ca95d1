/**
 * The ONNX engine: a bundle's exported serving graph run by onnxruntime-node. The runtime is a
 * native addon, imported on first use so that a platform without it can still serve with TF.js
 * (`loadOnnxRuntime` reports why it is unavailable instead of crashing the process).
 */

import { MultirankError } from '../errors.js';
import type { EncodedBatch } from '../features/encode.js';
import { batchArrays } from '../model/feeds.js';
import { contractProblems, type OnnxContractSpec } from './onnx-contract.js';
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

/** Options of the ONNX engine. */
export interface OnnxEngineOptions {
  /** Threads inside one operator (default 1: the service runs requests side by side instead). */
  intraOpThreads?: number;
  /**
   * What the graph must take and give (from features.json): checked when the session opens, and
   * inputs and outputs are then matched by their contract names, so a network exported elsewhere
   * may list them in any order. Without it they go by position (the exporter's order).
   */
  contract?: OnnxContractSpec;
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
  const problems = options.contract ? contractProblems(session, options.contract) : [];
  if (problems.length > 0) {
    await session.release();
    throw new MultirankError(
      'BAD_REQUEST',
      `model.onnx does not follow the bundle's features: ${problems.join('; ')}`,
    );
  }
  const inputNames = options.contract
    ? options.contract.inputs.map((input) => input.name)
    : [...session.inputNames];
  const outputNames = options.contract ? options.contract.outputs : [...session.outputNames];
  return {
    name: 'onnx',
    async run(batch: EncodedBatch): Promise<Float32Array[]> {
      if (!session) throw new Error('the ONNX engine was disposed');
      if (batch.size === 0) return outputNames.map(() => new Float32Array(0));
      const arrays = batchArrays(batch);
      if (arrays.length !== inputNames.length) {
        throw new Error(`the ONNX graph takes ${inputNames.length} inputs, the batch gives ${arrays.length}`);
      }
      const results = await session.run(
        Object.fromEntries(arrays.map((a, i) => [inputNames[i]!, new ort.Tensor(a.dtype, a.data, a.shape)])),
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

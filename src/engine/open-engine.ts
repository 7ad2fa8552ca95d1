/**
 * Which engine runs a bundle's network: ONNX Runtime on model.onnx when it loads (4–6× faster than
 * TF.js wasm on this network, bench/README.md), TF.js otherwise. An ONNX graph must agree with
 * the bundle's TF.js model before it serves: both run the warm-up rows and a head that differs
 * by more than PARITY_TOLERANCE refuses the bundle, naming the head and the difference.
 */

import { MultirankError } from '../errors.js';
import type { EncodedBatch } from '../features/encode.js';
import type { ModelBundle } from '../model/bundle.js';
import type { EngineChoice } from './names.js';
import { createOnnxEngine, loadOnnxRuntime } from './onnx-engine.js';
import { createTfjsEngine } from './tfjs-engine.js';
import type { ModelEngine } from './types.js';

/** How a served model picks its engine (MULTIRANK_ENGINE, MULTIRANK_ONNX_THREADS). */
export interface EngineOptions {
  engine: EngineChoice;
  onnxThreads: number;
}

/** The default: ONNX when it can, one intra-op thread. */
export const DEFAULT_ENGINE_OPTIONS: EngineOptions = { engine: 'auto', onnxThreads: 1 };

/**
 * Largest absolute difference allowed between the two engines at load. Float32 sums in another
 * order differ by about 1e-7 here; a wrong graph differs by far more.
 */
export const PARITY_TOLERANCE = 1e-4;

/**
 * The engine for `bundle`, and why it is not ONNX when `auto` fell back. `runtime` loads
 * onnxruntime-node (a parameter so tests can stand in for a platform where it does not load).
 */
export async function openEngine(
  bundle: ModelBundle,
  options: EngineOptions,
  runtime: typeof loadOnnxRuntime = loadOnnxRuntime,
): Promise<{ engine: ModelEngine; warnings: string[] }> {
  if (options.engine === 'tfjs') return { engine: createTfjsEngine(bundle.model), warnings: [] };
  const reason =
    bundle.onnx === null
      ? 'the bundle has no model.onnx (add it: multirank export)'
      : await runtimeProblem(runtime);
  if (reason !== null) {
    if (options.engine === 'onnx')
      throw new MultirankError('BAD_REQUEST', `MULTIRANK_ENGINE=onnx: ${reason}`);
    return { engine: createTfjsEngine(bundle.model), warnings: [`engine tfjs: ${reason}`] };
  }
  const engine = await createOnnxEngine(bundle.onnx as Uint8Array, { intraOpThreads: options.onnxThreads });
  return { engine, warnings: [] };
}

async function runtimeProblem(runtime: typeof loadOnnxRuntime): Promise<string | null> {
  const loaded = await runtime();
  return loaded.ok ? null : `onnxruntime-node did not load: ${loaded.reason}`;
}

/** Throws naming the head when `engine` and the bundle's TF.js model disagree on `batch`. */
export async function checkParity(
  bundle: ModelBundle,
  engine: ModelEngine,
  batch: EncodedBatch,
): Promise<void> {
  if (engine.name === 'tfjs' || batch.size === 0) return;
  const reference = createTfjsEngine(bundle.model);
  const [ours, theirs] = await Promise.all([engine.run(batch), reference.run(batch)]);
  bundle.fitted.tasks.forEach((task, k) => {
    const a = ours[k] ?? new Float32Array(0);
    const b = theirs[k] ?? new Float32Array(0);
    let worst = a.length === b.length ? 0 : Number.POSITIVE_INFINITY;
    for (let r = 0; r < a.length; r++) worst = Math.max(worst, Math.abs(a[r]! - b[r]!));
    if (!(worst <= PARITY_TOLERANCE)) {
      throw new MultirankError(
        'BAD_REQUEST',
        `model.onnx disagrees with the TF.js model on head "${task.name}": max difference ${worst} over ${batch.size} rows (tolerance ${PARITY_TOLERANCE})`,
      );
    }
  });
}

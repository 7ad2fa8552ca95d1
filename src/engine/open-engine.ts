/**
 * Which engine runs a bundle's network: ONNX Runtime on model.onnx when it loads (4–6× faster than
 * TF.js wasm on this network, bench/README.md), TF.js otherwise. An ONNX graph must agree with
 * the bundle's TF.js model before it serves: both run the warm-up rows and a head that differs
 * by more than PARITY_TOLERANCE refuses the bundle, naming the head and the difference.
 */

import { MultirankError } from '../errors.js';
import type { EncodedBatch } from '../features/encode.js';
import type { ModelBundle } from '../model/bundle.js';
import { inputSpecs, outputNames } from '../model/feeds.js';
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
  if (options.engine === 'tfjs') return { engine: tfjsEngine(bundle, 'MULTIRANK_ENGINE=tfjs'), warnings: [] };
  const reason =
    bundle.onnx === null
      ? 'the bundle has no model.onnx (add it: multirank export)'
      : await runtimeProblem(runtime);
  if (reason !== null) {
    if (options.engine === 'onnx')
      throw new MultirankError('BAD_REQUEST', `MULTIRANK_ENGINE=onnx: ${reason}`);
    return { engine: tfjsEngine(bundle, reason), warnings: [`engine tfjs: ${reason}`] };
  }
  const engine = await createOnnxEngine(bundle.onnx as Uint8Array, {
    intraOpThreads: options.onnxThreads,
    contract: { inputs: inputSpecs(bundle.fitted), outputs: outputNames(bundle.fitted) },
  });
  return { engine, warnings: [] };
}

/** The TF.js engine, or why there is none: a network brought as ONNX only has no TF.js model. */
function tfjsEngine(bundle: ModelBundle, why: string): ModelEngine {
  if (bundle.model === null) {
    throw new MultirankError(
      'BAD_REQUEST',
      `${why}, and the bundle has no TF.js model (model.json) to fall back on`,
    );
  }
  return createTfjsEngine(bundle.model);
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
  // A network brought as ONNX only has nothing to compare with; its contract was checked at open.
  if (engine.name === 'tfjs' || batch.size === 0 || bundle.model === null) return;
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

/**
 * Chooses the TensorFlow.js backend at start: tfjs-node when it installed (it is an optional
 * dependency that needs libtensorflow), else wasm, else the pure-JS cpu backend.
 */
import * as tf from '@tensorflow/tfjs';
import { TF_BACKENDS, type TfBackendChoice, type TfBackendName } from './names.js';
import { registerWasmServingKernels, registerWasmTrainingKernels } from './wasm-kernels.js';

/** What was chosen, and why the earlier candidates were passed over. */
export interface BackendChoice {
  backend: TfBackendName;
  skipped: { backend: TfBackendName; reason: string }[];
}

async function activate(name: TfBackendName): Promise<void> {
  if (name === 'node') {
    // A string the bundler and type checker cannot see: the package may be absent.
    const nodePackage = '@tensorflow/tfjs-node';
    await import(nodePackage);
    // tfjs-node registers 'tensorflow' on import.
    if (!(await tf.setBackend('tensorflow'))) throw new Error('tfjs-node did not register');
  } else {
    if (name === 'wasm') {
      await import('@tensorflow/tfjs-backend-wasm');
      registerWasmTrainingKernels();
      registerWasmServingKernels();
    }
    if (!(await tf.setBackend(name))) throw new Error(`backend ${name} failed to initialise`);
  }
  await tf.ready();
}

/**
 * Activates `preferred`, or the first backend that works when it is `auto`.
 * A named backend that fails is an error: the operator asked for it explicitly.
 */
export async function selectBackend(preferred: TfBackendChoice): Promise<BackendChoice> {
  if (preferred !== 'auto') {
    await activate(preferred);
    return { backend: preferred, skipped: [] };
  }
  const skipped: BackendChoice['skipped'] = [];
  for (const name of TF_BACKENDS) {
    try {
      await activate(name);
      return { backend: name, skipped };
    } catch (error) {
      skipped.push({ backend: name, reason: error instanceof Error ? error.message : String(error) });
    }
  }
  throw new Error(
    `no TensorFlow.js backend could start: ${skipped.map((s) => `${s.backend}: ${s.reason}`).join('; ')}`,
  );
}

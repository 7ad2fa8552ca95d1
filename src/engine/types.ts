/** The engine interface: what runs the serving network, TF.js or ONNX Runtime, behind one shape. */
import type { EncodedBatch } from '../features/encode.js';
import type { EngineName } from './names.js';

/** Runs the serving network on an encoded batch: one Float32Array per head (model space), rows in batch order. */
export interface ModelEngine {
  readonly name: EngineName;
  /** One array per head in the model's output order, each `batch.size` long; an empty batch gives empty arrays. */
  run(batch: EncodedBatch): Promise<Float32Array[]>;
  /** Releases what the engine owns (the ONNX session); the engine is unusable afterwards. */
  dispose(): Promise<void>;
}

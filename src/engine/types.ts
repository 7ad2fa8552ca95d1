/** The engine interface: what runs the serving network, TF.js or ONNX Runtime, behind one shape. */
import type { EncodedBatch } from '../features/encode.js';

/** The engines a bundle can be served with. */
export type EngineName = 'onnx' | 'tfjs';

/** Runs the serving network on an encoded batch: one Float32Array per head (model space), rows in batch order. */
export interface ModelEngine {
  readonly name: EngineName;
  /** One array per head in the model's output order, each `batch.size` long; an empty batch gives empty arrays. */
  run(batch: EncodedBatch): Promise<Float32Array[]>;
  /** Releases what the engine owns (the ONNX session); the engine is unusable afterwards. */
  dispose(): Promise<void>;
}

/**
 * The engines and TF.js backends by name. Apart from the engine code so the configuration reader
 * can validate MULTIRANK_ENGINE and MULTIRANK_TF_BACKEND without loading either runtime.
 */

/** What runs the serving network: ONNX Runtime, or TensorFlow.js (training's engine, the fallback). */
export const ENGINES = ['onnx', 'tfjs'] as const;

/** One inference engine. */
export type EngineName = (typeof ENGINES)[number];

/** What an operator may ask for: one engine, or `auto` (onnx when it loads and the bundle has a graph). */
export type EngineChoice = EngineName | 'auto';

/** The TF.js backends, in the order `auto` tries them. */
export const TF_BACKENDS = ['node', 'wasm', 'cpu'] as const;

/** One TF.js backend. */
export type TfBackendName = (typeof TF_BACKENDS)[number];

/** What an operator may ask for: one backend, or `auto`. */
export type TfBackendChoice = TfBackendName | 'auto';

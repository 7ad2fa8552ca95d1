/**
 * The TF.js backends by name, in the order `auto` tries them. Apart from the backend code so the
 * configuration reader can validate MULTIRANK_TF_BACKEND without loading TensorFlow.js.
 */
export const TF_BACKENDS = ['node', 'wasm', 'cpu'] as const;

/** One TF.js backend. */
export type TfBackendName = (typeof TF_BACKENDS)[number];

/** What an operator may ask for: one backend, or `auto`. */
export type TfBackendChoice = TfBackendName | 'auto';

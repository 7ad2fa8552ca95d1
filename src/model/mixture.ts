/**
 * The mixture-of-experts parts MMoE (graph.ts) and PLE (ple.ts) are built from: experts, their
 * stack, and a softmax gate that mixes the stack. Every value is built in both graphs: training
 * (gate dropout on) and serving (standard layers only), each layer called once per graph so the
 * two share every weight.
 */
import * as tf from '@tensorflow/tfjs';
import { GateDropout } from './gate-dropout.js';
import { apply, chain, mlp, type Sym } from './layers.js';

/** One value as the training graph computes it and as the serving graph does. */
export interface Paired<T = Sym> {
  training: T;
  serving: T;
}

/** An expert: an MLP whose output is reshaped to [1, width], so that experts stack along axis 1. */
export function expertLayers(prefix: string, units: number[], seed: () => number): tf.layers.Layer[] {
  return [
    ...mlp(prefix, units, seed),
    tf.layers.reshape({ targetShape: [1, units.at(-1) ?? 1], name: `${prefix}_out` }),
  ];
}

/** Runs experts on `input`: all of them in the training graph, then all in the serving graph. */
export function runExperts(experts: tf.layers.Layer[][], input: Paired): Paired<Sym[]> {
  return {
    training: experts.map((expert) => chain(expert, input.training)),
    serving: experts.map((expert) => chain(expert, input.serving)),
  };
}

/** Expert outputs [n, 1, w] stacked into [n, E, w]; a lone expert as it is (Concatenate needs two). */
export function stackExperts(name: string, outputs: Paired<Sym[]>): Paired {
  if (outputs.serving.length === 1) return { training: outputs.training[0]!, serving: outputs.serving[0]! };
  const concatenate = tf.layers.concatenate({ axis: 1, name });
  return { training: apply(concatenate, outputs.training), serving: apply(concatenate, outputs.serving) };
}

/** The layer names of one gate: its softmax, its training-only dropout, and the mixture. */
export interface GateNames {
  gate: string;
  dropout: string;
  mix: string;
}

/**
 * A task's gate names: `gate_<head>` (what the utilisation probes look for in a bundle),
 * `gate_dropout_<head>`, `mix_<head>`; `prefix` sets apart PLE's gates below its last level.
 */
export const taskGateNames = (id: string, prefix = ''): GateNames => ({
  gate: `${prefix}gate_${id}`,
  dropout: `${prefix}gate_dropout_${id}`,
  mix: `${prefix}mix_${id}`,
});

/**
 * A softmax gate over the `experts` experts of `stacked`, read from `input`, and the gate-weighted
 * sum of the stack ([n, w]). In training the gate's weights pass through GateDropout; `gate` is
 * the serving graph's gate output, for utilisation reports.
 */
export function gatedMixture(
  names: GateNames,
  experts: number,
  rate: number,
  seed: () => number,
  input: Paired,
  stacked: Paired,
): Paired & { gate: Sym } {
  const gateLayer = tf.layers.dense({
    units: experts,
    activation: 'softmax',
    name: names.gate,
    kernelInitializer: tf.initializers.glorotUniform({ seed: seed() }),
  });
  const gate = apply(gateLayer, input.serving);
  const mix = tf.layers.dot({ axes: 1, name: names.mix });
  const dropped = apply(
    new GateDropout({ rate, seed: seed(), name: names.dropout }),
    apply(gateLayer, input.training),
  );
  return {
    training: apply(mix, [dropped, stacked.training]),
    serving: apply(mix, [gate, stacked.serving]),
    gate,
  };
}

/** Small building blocks shared by the ranker's graph files: symbolic application, safe names, seeded MLPs. */
import * as tf from '@tensorflow/tfjs';

/** A symbolic tensor of the layers API. */
export type Sym = tf.SymbolicTensor;
/** Applies a layer to symbolic input(s). */
export const apply = (layer: tf.layers.Layer, input: Sym | Sym[]): Sym => layer.apply(input) as Sym;

/** Layer and tensor names must be plain identifiers. */
export function layerSafe(name: string): string {
  return name.replace(/[^A-Za-z0-9_]/g, '_');
}

/** Consecutive seeds from `start`, one per initialiser, so a graph is repeatable for a seed. */
export function makeSeeds(start: number): () => number {
  let next = start;
  return () => next++;
}

/** Dense ReLU layers of the given widths. */
export function mlp(prefix: string, units: number[], seed: () => number): tf.layers.Layer[] {
  return units.map((width, i) =>
    tf.layers.dense({
      units: width,
      activation: 'relu',
      kernelInitializer: tf.initializers.glorotUniform({ seed: seed() }),
      name: `${prefix}_dense${i}`,
    }),
  );
}

/** Applies layers in order. */
export const chain = (layers: tf.layers.Layer[], input: Sym): Sym =>
  layers.reduce((x, layer) => apply(layer, x), input);

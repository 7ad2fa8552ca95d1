/**
 * Input dropout that a training seed reproduces. TF.js's own dropout is either unseeded (runs
 * differ) or, given a seed, draws the same mask at every step; this layer mixes the step count
 * into the seed, as gate dropout does, so `training.seed` fixes every mask of a run.
 *
 * Like gate dropout it lives only in the training graph: the serving graph skips it (dropout is
 * the identity at inference), so a bundle still holds standard Keras layers only.
 */
import * as tf from '@tensorflow/tfjs';

/** Options of SeededDropout. */
export interface SeededDropoutArgs {
  /** Probability of zeroing each value. */
  rate: number;
  seed: number;
  name?: string;
}

/** A reproducible seed per step: the multipliers keep layers with nearby seeds apart. */
export function stepSeed(seed: number, step: number): number {
  return (seed * 7919 + step * 104729) % 2147483647;
}

/** Zeroes each value with probability `rate` and scales the rest by 1 / (1 − rate), in training only. */
export class SeededDropout extends tf.layers.Layer {
  static readonly className = 'MultirankSeededDropout';
  private readonly rate: number;
  private readonly seed: number;
  private step = 0;

  constructor(args: SeededDropoutArgs) {
    super(args.name ? { name: args.name } : {});
    this.rate = args.rate;
    this.seed = args.seed;
  }

  override call(inputs: tf.Tensor | tf.Tensor[], kwargs: { training?: boolean }): tf.Tensor {
    return tf.tidy(() => {
      const x = Array.isArray(inputs) ? inputs[0]! : inputs;
      if (!kwargs.training || this.rate <= 0) return x;
      const noise = tf.randomUniform(x.shape, 0, 1, 'float32', stepSeed(this.seed, this.step++));
      const keep = tf.cast(tf.greaterEqual(noise, this.rate), 'float32');
      return tf.mul(x, tf.mul(keep, 1 / (1 - this.rate)));
    });
  }

  override getConfig(): tf.serialization.ConfigDict {
    return { ...super.getConfig(), rate: this.rate, seed: this.seed };
  }
}
tf.serialization.registerClass(SeededDropout);

/**
 * Gate dropout (Zhao et al. 2019, section 4.3): during training each expert's gate weight is
 * zeroed with probability `rate` and the survivors are renormalised to sum to one, so no task
 * learns to lean on a single expert (gate polarisation). At inference it is the identity.
 *
 * Like SeededDropout it is a custom layer that lives only in the training graph: the serving graph
 * is built from standard Keras layers, so a bundle loads in Keras and a Keras MMoE can be served.
 */
import * as tf from '@tensorflow/tfjs';
import { stepSeed } from './seeded-dropout.js';

/** Options of GateDropout. */
export interface GateDropoutArgs {
  /** Probability of dropping each expert's gate weight. */
  rate: number;
  seed?: number;
  name?: string;
}

/** Drops and renormalises softmax gate weights in training; passes them through otherwise. */
export class GateDropout extends tf.layers.Layer {
  static readonly className = 'MultirankGateDropout';
  private readonly rate: number;
  private readonly seed: number | undefined;
  /**
   * A fixed seed alone would draw the same mask every step; mixing in the step count is
   * reproducible and varies. The multipliers keep heads with nearby seeds from sharing masks.
   */
  private step = 0;

  constructor(args: GateDropoutArgs) {
    super(args.name ? { name: args.name } : {});
    this.rate = args.rate;
    this.seed = args.seed;
  }

  override call(inputs: tf.Tensor | tf.Tensor[], kwargs: { training?: boolean }): tf.Tensor {
    return tf.tidy(() => {
      const gates = Array.isArray(inputs) ? inputs[0]! : inputs;
      if (!kwargs.training || this.rate <= 0) return gates;
      const keep = tf.cast(
        tf.greaterEqual(
          tf.randomUniform(
            gates.shape,
            0,
            1,
            'float32',
            this.seed === undefined ? undefined : stepSeed(this.seed, this.step++),
          ),
          this.rate,
        ),
        'float32',
      );
      const kept = tf.mul(gates, keep);
      // If every expert was dropped for a row, keep that row's gates as they were. The condition
      // is read off the random mask alone: softmax gates are never 0, and a comparison on the
      // gates themselves would sit on the gradient path, where comparisons have no gradient.
      const anyKept = tf.greater(tf.sum(keep, -1, true), 0);
      const renormalised = tf.div(kept, tf.sum(kept, -1, true).maximum(1e-12));
      return tf.where(tf.broadcastTo(anyKept, gates.shape), renormalised, gates);
    });
  }

  override getConfig(): tf.serialization.ConfigDict {
    return { ...super.getConfig(), rate: this.rate, seed: this.seed ?? null };
  }
}
tf.serialization.registerClass(GateDropout);

/** The shallow position tower of the training graph (Zhao et al. 2019). */
import * as tf from '@tensorflow/tfjs';
import type { ArchitectureSpec, ModelHead } from './graph.js';
import { apply, chain, layerSafe, mlp, type Sym } from './layers.js';

/**
 * The shallow tower: position and device embeddings → one bias logit per head it feeds (training
 * graph only). Per-head logits let click and watch time, say, decay with position at their own rates.
 */
export function buildBiasTower(
  bias: NonNullable<ArchitectureSpec['bias']>,
  heads: ModelHead[],
  seed: () => number,
) {
  const position = tf.input({ shape: [1], dtype: 'int32', name: 'in__position' });
  const device = tf.input({ shape: [1], dtype: 'int32', name: 'in__device' });
  const embed = (symbol: Sym, count: number, name: string): Sym =>
    apply(
      tf.layers.flatten({ name: `flat_bias_${name}` }),
      apply(
        tf.layers.embedding({
          inputDim: Math.max(count, 2),
          outputDim: 4,
          embeddingsInitializer: tf.initializers.randomUniform({ minval: -0.05, maxval: 0.05, seed: seed() }),
          name: `emb_bias_${name}`,
        }),
        symbol,
      ),
    );
  const joined = apply(tf.layers.concatenate({ name: 'bias_input' }), [
    embed(position, bias.positions, 'position'),
    embed(device, bias.devices, 'device'),
  ]);
  const hidden = chain(mlp('bias', bias.units, seed), joined);
  const logits = new Map<string, Sym>();
  for (const head of heads.filter((h) => h.biasTower)) {
    const layer = tf.layers.dense({
      units: 1,
      name: biasLogitName(head),
      kernelInitializer: tf.initializers.glorotUniform({ seed: seed() }),
    });
    logits.set(head.name, apply(layer, hidden));
  }
  return { position, device, logits };
}

/** The layer holding a head's bias-tower logit. */
export function biasLogitName(head: ModelHead): string {
  return `bias_logit_${layerSafe(head.name)}`;
}

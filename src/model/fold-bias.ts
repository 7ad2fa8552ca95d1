/**
 * Serving treats position as missing (the paper's "position feature set as missing"). The bias
 * tower still has an output for a missing position: it learnt it from the rows whose position
 * was dropped in training, and it is the average examination effect. Dropping the tower without
 * it would leave the biased heads' outputs off by that amount (a click rate far above what is
 * observed, watch time shifted). So, before the bundle is written, the tower's output for a
 * missing position, averaged over devices by their share of the training rows, is added to the
 * output bias of each head the tower feeds (each head has its own bias logit). The serving graph keeps standard layers only, and the
 * per-device part of the effect, which is the same for every candidate of a request, is left out.
 */
import * as tf from '@tensorflow/tfjs';
import type { FittedBias } from '../features/fitted.js';
import { biasLogitName, layerSafe, type ModelHead, type RankerGraphs } from './graph.js';

/** Each biased head's bias logit for a missing position, averaged over devices by their share. */
export function missingPositionBias(
  graphs: RankerGraphs,
  heads: ModelHead[],
  bias: FittedBias,
): Map<string, number> {
  const training = graphs.training;
  const biased = heads.filter((h) => h.biasTower);
  if (training.inputs.length - graphs.serving.inputs.length !== 2 || biased.length === 0) return new Map();
  const [position, device] = training.inputs.slice(-2) as [tf.SymbolicTensor, tf.SymbolicTensor];
  const probe = tf.model({
    inputs: [position, device],
    outputs: biased.map((head) => training.getLayer(biasLogitName(head)).output as tf.SymbolicTensor),
  });
  const share =
    bias.deviceShare && bias.deviceShare.length === bias.deviceSize
      ? bias.deviceShare
      : Array.from({ length: bias.deviceSize }, () => 1 / bias.deviceSize);
  const perHead = tf.tidy(() => {
    const n = share.length;
    const devices = tf.tensor2d(
      share.map((_, d) => d),
      [n, 1],
      'int32',
    );
    const out = probe.predict([tf.zeros([n, 1], 'int32'), devices]) as tf.Tensor | tf.Tensor[];
    return (Array.isArray(out) ? out : [out]).map((t) => Array.from(t.dataSync()));
  });
  const offsets = new Map<string, number>();
  biased.forEach((head, k) => {
    const logits = perHead[k] ?? [];
    offsets.set(
      head.name,
      logits.reduce((sum, logit, d) => sum + logit * (share[d] ?? 0), 0),
    );
  });
  return offsets;
}

/** Adds each biased head's missing-position bias to its output bias; returns the offsets by head. */
export function foldMissingPositionBias(
  graphs: RankerGraphs,
  heads: ModelHead[],
  bias: FittedBias | null,
): Map<string, number> {
  if (!bias) return new Map();
  const offsets = missingPositionBias(graphs, heads, bias);
  shiftOutputBiases(graphs, offsets);
  return offsets;
}

/**
 * Runs `fn` with the missing-position bias folded in, then takes it out again: validation during
 * training must score the model as it would be shipped, or the bias tower's drift between epochs
 * shows up as validation loss and stops training early.
 */
export async function withFoldedBias<T>(
  graphs: RankerGraphs,
  heads: ModelHead[],
  bias: FittedBias | null,
  fn: () => Promise<T>,
): Promise<T> {
  // Saved and set back rather than subtracted: (b + o) − o need not be b in float32.
  const layers = heads
    .filter((h) => h.biasTower)
    .map((h) => graphs.serving.getLayer(`logit_${layerSafe(h.name)}`));
  const saved = layers.map((layer) => layer.getWeights().map((w) => w.clone()));
  foldMissingPositionBias(graphs, heads, bias);
  try {
    return await fn();
  } finally {
    for (const [i, layer] of layers.entries()) layer.setWeights(saved[i]!);
    tf.dispose(saved.flat());
  }
}

function shiftOutputBiases(graphs: RankerGraphs, offsets: Map<string, number>): void {
  for (const [name, offset] of offsets) {
    const layer = graphs.serving.getLayer(`logit_${layerSafe(name)}`);
    const [kernel, outputBias] = layer.getWeights();
    if (!kernel || !outputBias) continue;
    const shifted = tf.tidy(() => outputBias.add(offset));
    layer.setWeights([kernel, shifted]);
    shifted.dispose();
  }
}

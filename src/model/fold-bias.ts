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

/** The bias tower's logits of each biased head, by position (0 = missing) and device index. */
export interface BiasTowerCurve {
  /** Device names by index; index 0 is "none or unknown". */
  devices: string[];
  heads: { name: string; logits: number[][] }[];
}

/** Each biased head's bias logit for every position (0..max, 0 = missing) × device; null without a tower. */
export function biasTowerCurve(
  graphs: RankerGraphs,
  heads: ModelHead[],
  bias: FittedBias,
): BiasTowerCurve | null {
  const training = graphs.training;
  const biased = heads.filter((h) => h.biasTower);
  if (training.inputs.length - graphs.serving.inputs.length !== 2 || biased.length === 0) return null;
  const [position, device] = training.inputs.slice(-2) as [tf.SymbolicTensor, tf.SymbolicTensor];
  const probe = tf.model({
    inputs: [position, device],
    outputs: biased.map((head) => training.getLayer(biasLogitName(head)).output as tf.SymbolicTensor),
  });
  // Every (position, device) pair, position-major.
  const positions = bias.positionSize;
  const devices = bias.deviceSize;
  const pairs = Array.from({ length: positions * devices }, (_, k) => k);
  const perHead = tf.tidy(() => {
    const p = tf.tensor2d(
      pairs.map((k) => Math.floor(k / devices)),
      [pairs.length, 1],
      'int32',
    );
    const d = tf.tensor2d(
      pairs.map((k) => k % devices),
      [pairs.length, 1],
      'int32',
    );
    const out = probe.predict([p, d]) as tf.Tensor | tf.Tensor[];
    return (Array.isArray(out) ? out : [out]).map((t) => Array.from(t.dataSync()));
  });
  return {
    devices: ['', ...bias.devices],
    heads: biased.map((head, k) => ({
      name: head.name,
      logits: Array.from({ length: positions }, (_, p) =>
        (perHead[k] ?? []).slice(p * devices, (p + 1) * devices),
      ),
    })),
  };
}

/** Each biased head's bias logit for a missing position, averaged over devices by their share. */
export function missingPositionBias(
  graphs: RankerGraphs,
  heads: ModelHead[],
  bias: FittedBias,
): Map<string, number> {
  const curve = biasTowerCurve(graphs, heads, bias);
  if (!curve) return new Map();
  const share =
    bias.deviceShare && bias.deviceShare.length === bias.deviceSize
      ? bias.deviceShare
      : Array.from({ length: bias.deviceSize }, () => 1 / bias.deviceSize);
  const offsets = new Map<string, number>();
  for (const head of curve.heads) {
    const logits = head.logits[0] ?? [];
    offsets.set(
      head.name,
      logits.reduce((sum, logit, d) => sum + logit * (share[d] ?? 0), 0),
    );
  }
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

/**
 * The layers that belong to one head alone: its tower, its logit, its gates (MMoE's, every PLE
 * level's), its own experts at PLE's last level, its wide weights and its bias-tower logit.
 * Freezing a head (training/head-freezing.ts) restores and stops exactly these; everything else
 * (embeddings, shared bottom, shared experts, PLE's lower task experts, which also feed the next
 * level's shared gate) is read by other heads too.
 */
import type * as tf from '@tensorflow/tfjs';
import { layerSafe } from './layers.js';

/** PLE's last level: the highest `ple<N>_` prefix in the model, or null for other architectures. */
function lastPleLevel(model: tf.LayersModel): number | null {
  const levels = model.layers.flatMap((l) => /^ple(\d+)_/.exec(l.name)?.[1] ?? []).map(Number);
  return levels.length === 0 ? null : Math.max(...levels);
}

/** Anchored name patterns of `head`'s own layers (layerSafe names hold no regex characters). */
function ownLayerPatterns(model: tf.LayersModel, head: string): RegExp[] {
  const id = layerSafe(head);
  const patterns = [
    new RegExp(`^tower_${id}_dense\\d+$`),
    new RegExp(`^logit_${id}$`),
    new RegExp(`^(ple\\d+_)?gate_${id}$`),
    new RegExp(`^wide_.+__${id}$`),
    new RegExp(`^bias_logit_${id}$`),
  ];
  const level = lastPleLevel(model);
  if (level !== null) patterns.push(new RegExp(`^ple${level}_expert\\d+_${id}_dense\\d+$`));
  return patterns;
}

/** The trainable variables of `head`'s own layers in `model` (the training graph). */
export function headVariables(model: tf.LayersModel, head: string): tf.Variable[] {
  const patterns = ownLayerPatterns(model, head);
  return model.layers
    .filter((layer) => patterns.some((p) => p.test(layer.name)))
    .flatMap((layer) => layer.trainableWeights.map((w) => w.read() as tf.Variable));
}

/**
 * Training checkpoints, written after every epoch so that an interrupted `multirank train
 * --resume` continues where it stopped: model and optimizer weights, the fitted features,
 * the epoch history and the best weights so far. Written to a temp file and renamed, so a
 * crash mid-write leaves the previous checkpoint intact.
 */
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs';

/** A tensor with a name, as optimizers and weight encoding use them (not re-exported by tfjs). */
type NamedTensor = { name: string; tensor: tf.Tensor };

import type { FittedFeatures } from '../features/fitted.js';

/** What an epoch left behind. */
export interface EpochRecord {
  epoch: number;
  trainLoss: number;
  validationLoss: number;
  examplesPerSecond: number;
}

/** The resumable state of a training run. */
export interface TrainingState {
  fitted: FittedFeatures;
  epochsDone: number;
  history: EpochRecord[];
  bestLoss: number;
  bestEpoch: number;
  epochsWithoutImprovement: number;
}

interface StoredTensors {
  specs: tf.io.WeightsManifestEntry[];
  file: string;
}

async function storeTensors(dir: string, file: string, tensors: NamedTensor[]): Promise<StoredTensors> {
  const { data, specs } = await tf.io.encodeWeights(tensors);
  await writeFile(join(dir, file), Buffer.from(data as ArrayBuffer));
  return { specs, file };
}

async function loadTensors(dir: string, stored: StoredTensors): Promise<tf.NamedTensorMap> {
  const bytes = await readFile(join(dir, stored.file));
  return tf.io.decodeWeights(
    bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength),
    stored.specs,
  );
}

const named = (weights: tf.Tensor[]): NamedTensor[] =>
  weights.map((tensor, i) => ({ name: `w${i}`, tensor }));
const ordered = (map: tf.NamedTensorMap, count: number): tf.Tensor[] =>
  Array.from({ length: count }, (_, i) => map[`w${i}`]!);

/** Saves the state, the current weights, the best weights and the optimizer's slots under `dir`. */
export async function saveCheckpoint(
  dir: string,
  state: TrainingState,
  model: tf.LayersModel,
  best: tf.Tensor[],
  optimizer: tf.Optimizer,
): Promise<void> {
  await mkdir(dir, { recursive: true });
  const current = await storeTensors(dir, 'current.bin', named(model.getWeights()));
  const bestStored = await storeTensors(dir, 'best.bin', named(best));
  const optimizerStored = await storeTensors(dir, 'optimizer.bin', await optimizer.getWeights());
  const body = JSON.stringify({
    state,
    current,
    best: bestStored,
    optimizer: optimizerStored,
    weights: best.length,
  });
  await writeFile(join(dir, 'state.json.tmp'), body);
  await rename(join(dir, 'state.json.tmp'), join(dir, 'state.json'));
}

/** Reads a checkpoint, or null when `dir` holds none. */
export async function readCheckpoint(dir: string): Promise<{
  state: TrainingState;
  restore(model: tf.LayersModel, optimizer: tf.Optimizer): Promise<tf.Tensor[]>;
} | null> {
  let body: string;
  try {
    body = await readFile(join(dir, 'state.json'), 'utf8');
  } catch {
    return null;
  }
  const saved = JSON.parse(body) as {
    state: TrainingState;
    current: StoredTensors;
    best: StoredTensors;
    optimizer: StoredTensors;
    weights: number;
  };
  return {
    state: saved.state,
    async restore(model, optimizer) {
      model.setWeights(ordered(await loadTensors(dir, saved.current), saved.weights));
      const slots = await loadTensors(dir, saved.optimizer);
      await optimizer.setWeights(
        saved.optimizer.specs.map((spec) => ({ name: spec.name, tensor: slots[spec.name]! })),
      );
      return ordered(await loadTensors(dir, saved.best), saved.weights);
    },
  };
}

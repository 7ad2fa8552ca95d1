/**
 * Training checkpoints, written after every epoch so that an interrupted `multirank train
 * --resume` continues where it stopped: model and optimizer weights, the fitted features,
 * the epoch history and the best weights so far. Each checkpoint is written whole into a
 * sibling folder that then replaces the old one, so a crash mid-write leaves the previous
 * checkpoint intact. A fingerprint of the config refuses a resume under a different config.
 */
import { mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
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
  /** Each head's unweighted validation loss, by head name (runs checkpointed before it lack it). */
  validationHeadLosses?: Record<string, number>;
  /** What early stopping compared (training.earlyStopping): relative mean or weighted sum. */
  criterion?: number;
  /** Each head's loss weight at the end of the epoch (learned under uncertainty or gradnorm). */
  taskWeights?: Record<string, number>;
  examplesPerSecond: number;
}

/** The resumable state of a training run. */
export interface TrainingState {
  /** Fingerprint of the config the run started with (everything but the epoch count). */
  configFingerprint: string;
  fitted: FittedFeatures;
  epochsDone: number;
  history: EpochRecord[];
  /** The best value of the early-stopping criterion so far. */
  bestLoss: number;
  bestEpoch: number;
  epochsWithoutImprovement: number;
  /** The task weighting's own state (task-weighting.ts save/restore). */
  taskWeighting?: number[];
  /** Heads frozen by task-wise early stopping (head-freezing.ts), by name. */
  frozenHeads?: string[];
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

/** Saves the state, the current weights, the best weights and the optimizer's slots as `dir`. */
export async function saveCheckpoint(
  dir: string,
  state: TrainingState,
  model: tf.LayersModel,
  best: tf.Tensor[],
  optimizer: tf.Optimizer,
): Promise<void> {
  const staging = `${dir}.tmp`;
  await rm(staging, { recursive: true, force: true });
  await mkdir(staging, { recursive: true });
  const current = await storeTensors(staging, 'current.bin', named(model.getWeights()));
  const bestStored = await storeTensors(staging, 'best.bin', named(best));
  const slots = await optimizer.getWeights();
  const optimizerStored = await storeTensors(staging, 'optimizer.bin', slots);
  // getWeights() hands out a fresh iteration-count scalar each call.
  for (const slot of slots) if (slot.name === 'iter') slot.tensor.dispose();
  // Infinity (no finite validation loss yet) does not survive JSON; store null.
  const stored = { ...state, bestLoss: Number.isFinite(state.bestLoss) ? state.bestLoss : null };
  const body = JSON.stringify({
    state: stored,
    current,
    best: bestStored,
    optimizer: optimizerStored,
    weights: best.length,
  });
  await writeFile(join(staging, 'state.json'), body);
  await rm(dir, { recursive: true, force: true });
  await rename(staging, dir);
}

/** Removes a checkpoint (a fresh run, or a run whose bundle is written). */
export async function removeCheckpoint(dir: string): Promise<void> {
  await rm(dir, { recursive: true, force: true });
  await rm(`${dir}.tmp`, { recursive: true, force: true });
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

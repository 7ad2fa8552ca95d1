/**
 * How the heads' losses are weighted into the one loss the optimizer minimises
 * (`training.taskWeighting`):
 *
 * - `fixed`: Σ wₜ·Lₜ with the tasks' configured weights.
 * - `uncertainty` (Kendall, Gal and Cipolla 2018): one learned log-variance sₜ per task,
 *   Σ wₜ·(cₜ·e^(−sₜ)·Lₜ + sₜ/2), cₜ = 1 for a binary head and 1/2 for a regression head. A task
 *   whose loss is small (a sparse label's cross-entropy) gets a large e^(−sₜ): its effective
 *   weight settles near wₜ/(2·Lₜ) without hand-tuning. sₜ starts at that optimum for the first
 *   batch's losses, so the weights need not crawl there at the model's learning rate.
 * - `gradnorm` (Chen et al. 2018): weights wₜ (summing to the number of tasks) moved so that each
 *   task's gradient norm on the last shared layers, ‖∇W wₜLₜ‖, approaches the mean norm times
 *   rₜ^α, rₜ being the task's loss ratio Lₜ/Lₜ(0) over the mean ratio: a task that trains slower
 *   than the others is pulled up. The norms cost a second pass per task, so the weights move
 *   every GRADNORM_EVERY steps (fixed in between).
 *
 * The effective weights are logged per epoch and written to metrics.json.
 */
import * as tf from '@tensorflow/tfjs';
import type { TrainingDef } from '../features/training-config.js';
import type { LossHead } from '../model/loss.js';

/** Steps between two GradNorm weight updates. */
export const GRADNORM_EVERY = 10;

/** Adam step size of GradNorm's weights per update (they are few, and must move within an epoch). */
export const GRADNORM_LEARNING_RATE = 0.01;

/** A weighting scheme as the training step uses it. */
export interface TaskWeighting {
  readonly kind: TrainingDef['taskWeighting'];
  /** Variables the model's optimizer trains with the network (uncertainty's log-variances). */
  readonly variables: tf.Variable[];
  /**
   * The loss to minimise from each head's loss (called inside the optimizer's closure);
   * `counted[k]` is false when head k is left out of this step: frozen (head-freezing.ts), or,
   * under uncertainty, without a label in the batch (its loss is then 0).
   */
  combine(perHead: tf.Scalar[], counted?: boolean[]): tf.Scalar;
  /** Seen after each step, with that step's per-head loss values; true when it wants the norms. */
  wantsGradientNorms(step: number): boolean;
  /** GradNorm: the step's per-task gradient norms on the shared layers and losses. */
  update?(gradientNorms: number[], losses: number[]): void;
  /** The weight each head's loss has now (for logs and metrics.json). */
  effectiveWeights(): number[];
  /** What a checkpoint keeps, and how to take it back. */
  save(): number[];
  restore(saved: number[]): void;
  dispose(): void;
}

/** The configured scheme for these heads. */
export function createTaskWeighting(
  kind: TrainingDef['taskWeighting'],
  heads: LossHead[],
  options: { alpha: number },
): TaskWeighting {
  if (kind === 'uncertainty') return uncertaintyWeighting(heads);
  if (kind === 'gradnorm') return gradNormWeighting(heads, options.alpha);
  return fixedWeighting(heads);
}

function fixedWeighting(heads: LossHead[]): TaskWeighting {
  return {
    kind: 'fixed',
    variables: [],
    combine: (perHead, counted) =>
      weightedSum(
        perHead,
        heads.map((h) => h.weight),
        counted,
      ),
    wantsGradientNorms: () => false,
    effectiveWeights: () => heads.map((h) => h.weight),
    save: () => [],
    restore: () => undefined,
    dispose: () => undefined,
  };
}

// A head left out counts 0 rather than being dropped: its variables must stay connected to the
// loss, as TF.js's Adam keys its moments by the position of each variable's gradient.
function weightedSum(perHead: tf.Scalar[], weights: number[], counted?: boolean[]): tf.Scalar {
  return perHead.reduce<tf.Scalar>(
    (sum, loss, k) => tf.add(sum, tf.mul(loss, counted?.[k] === false ? 0 : weights[k]!)),
    tf.scalar(0),
  );
}

function uncertaintyWeighting(heads: LossHead[]): TaskWeighting {
  const scale = heads.map((h) => (h.kind === 'binary' ? 1 : 0.5));
  // Unnamed: a second model in one process must not collide; Adam keys its slots by order anyway.
  const logVariances = heads.map(() => tf.variable(tf.scalar(0), true));
  let started = false;
  return {
    kind: 'uncertainty',
    variables: logVariances,
    combine(perHead, counted = perHead.map(() => true)) {
      if (!started && counted.every(Boolean)) {
        // The optimum of cₜ·e^(−s)·L + s/2 is s = ln(2·cₜ·L): start there for this first batch.
        started = true;
        perHead.forEach((loss, k) => {
          const value = Math.max(loss.dataSync()[0]!, 1e-6);
          logVariances[k]!.assign(tf.scalar(Math.log(2 * scale[k]! * value)));
        });
      }
      return perHead.reduce<tf.Scalar>((sum, loss, k) => {
        const s = logVariances[k]!;
        const term = tf.add(tf.mul(tf.mul(tf.exp(tf.neg(s)), scale[k]!), loss), tf.mul(s, 0.5));
        // A batch without this head's labels says nothing of its noise: its s/2 term would only
        // push the weight of a sparse masked head (ratings) towards 0. It counts 0 (see weightedSum).
        return tf.add(sum, tf.mul(term, counted[k] ? heads[k]!.weight : 0));
      }, tf.scalar(0));
    },
    wantsGradientNorms: () => false,
    effectiveWeights: () =>
      logVariances.map((s, k) => heads[k]!.weight * scale[k]! * Math.exp(-s.dataSync()[0]!)),
    save: () => [started ? 1 : 0, ...logVariances.map((s) => s.dataSync()[0]!)],
    restore(saved) {
      started = saved[0] === 1;
      logVariances.forEach((s, k) => {
        s.assign(tf.scalar(saved[k + 1] ?? 0));
      });
    },
    dispose: () => tf.dispose(logVariances),
  };
}

function gradNormWeighting(heads: LossHead[], alpha: number): TaskWeighting {
  const count = heads.length;
  // Normalised so the weights sum to the number of tasks, as in the paper.
  const configured = heads.map((h) => h.weight);
  const configuredSum = configured.reduce((a, b) => a + b, 0) || count;
  const weights = configured.map((w) => (w * count) / configuredSum);
  let initialLosses: number[] | null = null;
  // Adam on the weights, by hand: one scalar each, so a library optimizer would be all overhead.
  const moment = weights.map(() => 0);
  const velocity = weights.map(() => 0);
  let updates = 0;
  return {
    kind: 'gradnorm',
    variables: [],
    combine: (perHead, counted) => weightedSum(perHead, weights, counted),
    wantsGradientNorms: (step) => step % GRADNORM_EVERY === 0,
    update(norms, losses) {
      initialLosses ??= losses.map((l) => Math.max(l, 1e-6));
      const ratios = losses.map((l, k) => l / initialLosses![k]!);
      const meanRatio = ratios.reduce((a, b) => a + b, 0) / count;
      const weighted = norms.map((g, k) => weights[k]! * g);
      const meanNorm = weighted.reduce((a, b) => a + b, 0) / count;
      updates++;
      for (let k = 0; k < count; k++) {
        const target = meanNorm * (ratios[k]! / meanRatio) ** alpha;
        // d|wₖgₖ − target|/dwₖ with the target held constant, as the paper prescribes.
        const gradient = Math.sign(weighted[k]! - target) * norms[k]!;
        moment[k] = 0.9 * moment[k]! + 0.1 * gradient;
        velocity[k] = 0.999 * velocity[k]! + 0.001 * gradient * gradient;
        const mHat = moment[k]! / (1 - 0.9 ** updates);
        const vHat = velocity[k]! / (1 - 0.999 ** updates);
        weights[k] = Math.max(1e-3, weights[k]! - (GRADNORM_LEARNING_RATE * mHat) / (Math.sqrt(vHat) + 1e-8));
      }
      const sum = weights.reduce((a, b) => a + b, 0);
      for (let k = 0; k < count; k++) weights[k] = (weights[k]! * count) / sum;
    },
    effectiveWeights: () => [...weights],
    save: () => [updates, ...weights, ...moment, ...velocity, ...(initialLosses ?? [])],
    restore(saved) {
      updates = saved[0] ?? 0;
      for (let k = 0; k < count; k++) {
        weights[k] = saved[1 + k] ?? weights[k]!;
        moment[k] = saved[1 + count + k] ?? 0;
        velocity[k] = saved[1 + 2 * count + k] ?? 0;
      }
      const initial = saved.slice(1 + 3 * count);
      initialLosses = initial.length === count ? initial : null;
    },
    dispose: () => undefined,
  };
}

/**
 * The variables GradNorm measures gradients on: the last dense layer of each shared expert (MMoE,
 * PLE's shared experts of every level) or of the shared MLP (shared-bottom): layers every head reads.
 */
export function sharedLayerVariables(model: tf.LayersModel): tf.Variable[] {
  const last = new Map<string, tf.layers.Layer>();
  for (const layer of model.layers) {
    // MMoE's experts, shared-bottom's MLP, PLE's shared experts at every level (not a task's own).
    const match = /^(expert\d+|bottom|ple\d+_shared\d+)_dense(\d+)$/.exec(layer.name);
    if (!match) continue;
    const current = last.get(match[1]!);
    const index = Number(match[2]);
    if (!current || Number(/_dense(\d+)$/.exec(current.name)![1]) < index) last.set(match[1]!, layer);
  }
  return [...last.values()].flatMap((layer) =>
    layer.trainableWeights.filter((w) => w.name.includes('kernel')).map((w) => w.read() as tf.Variable),
  );
}

/**
 * Trains one two-head regression model (mmoe or shared-bottom, from src/model/graph.ts) on
 * correlated-tasks data through the project's own training step, with Adam and a cosine
 * learning-rate decay, and measures the mean squared error of the two tasks on the training
 * rows and on held-out rows.
 */
import * as tf from '@tensorflow/tfjs';
import { type ArchitectureSpec, buildRankerGraphs, type ModelHead } from '../../src/model/graph.js';
import { predictHeads, trainStep } from '../../src/training/step.js';
import { type CorrelatedTasks, rng } from './correlated-tasks.js';

/** The two regression heads every model of the experiment has. */
export const TWO_TASKS: ModelHead[] = [
  { name: 'task1', kind: 'regression', biasTower: false },
  { name: 'task2', kind: 'regression', biasTower: false },
];
const lossHeads = TWO_TASKS.map(() => ({ kind: 'regression' as const, weight: 1 }));

/** Adam whose step size can be changed between steps without losing its moment estimates. */
class ScheduledAdam extends tf.AdamOptimizer {
  setLearningRate(rate: number): void {
    this.learningRate = rate;
  }
}

/** How to train. */
export interface FitOptions {
  epochs: number;
  batch: number;
  /** Step size at the start; it decays along a half cosine to `finalRate` at the last step. */
  learningRate: number;
  finalRate: number;
  /** Seed of the per-epoch shuffles. */
  seed: number;
  /** Also measure both errors after every this many epochs (0: only at the end). */
  traceEvery?: number;
}

/** Errors of one trained model: mean over the two tasks of each task's MSE (training rows, held-out rows). */
export interface FitResult {
  trainMse: number;
  testMse: number;
  /** [epoch, train MSE, test MSE] at each trace point. */
  trace: [number, number, number][];
}

/** Rows [from, to) of a data set, as views. */
export function slice(data: CorrelatedTasks, from: number, to: number): CorrelatedTasks {
  return {
    n: to - from,
    d: data.d,
    x: data.x.subarray(from * data.d, to * data.d),
    y1: data.y1.subarray(from, to),
    y2: data.y2.subarray(from, to),
  };
}

/** Mean over the two tasks of the model's squared error on `data`, predicted in chunks. */
function meanSquaredError(model: tf.LayersModel, data: CorrelatedTasks): number {
  const chunk = 4096;
  let sum = 0;
  for (let start = 0; start < data.n; start += chunk) {
    const part = slice(data, start, Math.min(data.n, start + chunk));
    const [p1, p2] = tf.tidy(() => predictHeads(model, [tf.tensor2d(part.x, [part.n, part.d])]));
    for (let i = 0; i < part.n; i++) sum += (p1![i]! - part.y1[i]!) ** 2 + (p2![i]! - part.y2[i]!) ** 2;
  }
  return sum / (2 * data.n);
}

/** A seeded Fisher-Yates permutation of 0..n-1, reusing `order`. */
function shuffle(order: Uint32Array, next: () => number): void {
  for (let i = order.length - 1; i > 0; i--) {
    const j = Math.floor(next() * (i + 1));
    const t = order[i]!;
    order[i] = order[j]!;
    order[j] = t;
  }
}

/**
 * Builds `spec`, trains it on `train` and measures it on `scored` (training rows, by default all
 * of them) and on `test`.
 */
export function fitTwoTasks(
  spec: ArchitectureSpec,
  train: CorrelatedTasks,
  test: CorrelatedTasks,
  options: FitOptions,
  scored: CorrelatedTasks = train,
): FitResult {
  const graphs = buildRankerGraphs([{ name: 'x', kind: 'dense', width: train.d }], TWO_TASKS, spec);
  const optimizer = new ScheduledAdam(options.learningRate, 0.9, 0.999);
  const random = rng(options.seed);
  const order = Uint32Array.from({ length: train.n }, (_, i) => i);
  const x = new Float32Array(options.batch * train.d);
  const y1 = new Float32Array(options.batch);
  const y2 = new Float32Array(options.batch);
  const stepsPerEpoch = Math.ceil(train.n / options.batch);
  const totalSteps = options.epochs * stepsPerEpoch;
  const trace: FitResult['trace'] = [];
  let step = 0;
  for (let epoch = 1; epoch <= options.epochs; epoch++) {
    shuffle(order, random.uniform);
    for (let start = 0; start < train.n; start += options.batch) {
      const n = Math.min(options.batch, train.n - start);
      for (let r = 0; r < n; r++) {
        const row = order[start + r]!;
        x.set(train.x.subarray(row * train.d, (row + 1) * train.d), r * train.d);
        y1[r] = train.y1[row]!;
        y2[r] = train.y2[row]!;
      }
      const progress = step++ / totalSteps;
      optimizer.setLearningRate(
        options.finalRate +
          (options.learningRate - options.finalRate) * 0.5 * (1 + Math.cos(Math.PI * progress)),
      );
      tf.tidy(() => {
        trainStep(graphs.training, optimizer, lossHeads, {
          inputs: [tf.tensor2d(x.subarray(0, n * train.d), [n, train.d])],
          labels: [tf.tensor2d(y1.subarray(0, n), [n, 1]), tf.tensor2d(y2.subarray(0, n), [n, 1])],
          masks: [tf.ones([n, 1]), tf.ones([n, 1])],
        });
      });
    }
    const every = options.traceEvery ?? 0;
    if (every > 0 && (epoch % every === 0 || epoch === options.epochs)) {
      trace.push([epoch, meanSquaredError(graphs.serving, scored), meanSquaredError(graphs.serving, test)]);
    }
  }
  const last = trace.at(-1);
  const result =
    last?.[0] === options.epochs
      ? { trainMse: last[1], testMse: last[2], trace }
      : {
          trainMse: meanSquaredError(graphs.serving, scored),
          testMse: meanSquaredError(graphs.serving, test),
          trace,
        };
  graphs.training.dispose();
  optimizer.dispose();
  return result;
}

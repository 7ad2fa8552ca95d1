/**
 * Held-out evaluation: streams rows through the serving graph (no bias tower, position unknown,
 * as in production) and reports per head AUC and log loss (binary) or RMSE (regression), the
 * same for the popularity baseline, the validation loss and the gate diagnostics (gate-diagnostics.ts).
 */
import * as tf from '@tensorflow/tfjs';
import type { SkipReport } from '../data/skip-report.js';
import type { ModelEngine } from '../engine/types.js';
import type { EncodedBatch } from '../features/encode.js';
import { encodedChunks, idsOf } from '../features/encoded-chunks.js';
import type { FittedFeatures } from '../features/fitted.js';
import type { RawRow } from '../features/rows.js';
import { biasTensors, featureTensors } from '../model/inputs.js';
import { type LossHead, multitaskLoss } from '../model/loss.js';
import type { PopularityBaseline } from './baseline.js';
import { createGateAccumulator, type GateDiagnostics } from './gate-diagnostics.js';
import { auc, logLoss, rmse } from './metrics.js';

/** Quality of one head's predictions on rows with a label. */
export interface HeadQuality {
  auc?: number;
  logLoss?: number;
  rmse?: number;
}

/** One head's held-out figures, next to the baseline's. */
export interface HeadEvaluation {
  name: string;
  kind: 'binary' | 'regression';
  labelled: number;
  /** The head's own loss (unweighted, over its labelled rows): which head moves the total. */
  loss: number;
  model: HeadQuality;
  baseline: HeadQuality | null;
}

/** Everything measured on a split. */
export interface SplitEvaluation {
  rows: number;
  /** The training objective (weighted masked loss) on this split. */
  loss: number;
  heads: HeadEvaluation[];
  /** Mean gate weight per head per expert (MMoE, PLE); the same as gates.heads[k].utilisation. */
  gateUtilisation: number[][] | null;
  /** Per head the gate's entropy and utilisation, and warnings (MMoE, PLE; null without a gate probe). */
  gates: GateDiagnostics | null;
}

function quality(kind: 'binary' | 'regression', predictions: number[], labels: number[]): HeadQuality {
  if (labels.length === 0) return {};
  return kind === 'binary'
    ? { auc: auc(predictions, labels), logLoss: logLoss(predictions, labels) }
    : { rmse: rmse(predictions, labels) };
}

/** One scored batch as evaluateRows sees it, for callers that measure more than it does. */
export interface ScoredBatch {
  batch: EncodedBatch;
  /** The raw rows of the batch, in batch order. */
  raw: RawRow[];
  /** One array of serving-graph outputs per head, in batch order. */
  predictions: ArrayLike<number>[];
}

/** Options of evaluateRows. */
export interface EvaluateOptions {
  lossHeads: LossHead[];
  batchSize: number;
  badValues: 'error' | 'skip';
  report: SkipReport;
  gates?: tf.LayersModel | null;
  baseline?: PopularityBaseline | null;
  /**
   * Runs the serving network instead of `model.predictOnBatch` (ONNX Runtime for `multirank
   * evaluate`, as serving runs it); the loss is still computed by the training code's own loss.
   */
  engine?: ModelEngine | null;
  /** Called with every scored batch (e.g. to collect predictions for ranking metrics). */
  onBatch?: (scored: ScoredBatch) => void;
  /**
   * `model` is a training graph with the bias tower: feed it each row's logged position and
   * device too (the held-out value of the training objective, position effect included).
   */
  withPositions?: boolean;
}

/** The graph's outputs on one batch (predictOnBatch: predict() would cut it into slices of 32). */
function modelOutputs(
  model: tf.LayersModel | null,
  inputs: tf.Tensor[],
  batch: EncodedBatch,
  withPositions: boolean,
): tf.Tensor[] {
  if (model === null) throw new Error('evaluateRows: a bundle without a TF.js model needs an engine');
  const modelInputs = withPositions ? [...inputs, ...biasTensors(batch.position, batch.device)] : inputs;
  const output = model.predictOnBatch(modelInputs) as tf.Tensor | tf.Tensor[];
  return Array.isArray(output) ? output : [output];
}

/** Evaluates a model on a stream of labelled rows. */
export async function evaluateRows(
  model: tf.LayersModel | null,
  fitted: FittedFeatures,
  rows: AsyncIterable<RawRow>,
  options: EvaluateOptions,
): Promise<SplitEvaluation> {
  const heads = fitted.tasks;
  const collected = heads.map(() => ({
    model: [] as number[],
    baseline: [] as number[],
    labels: [] as number[],
  }));
  const lossSums = heads.map(() => ({ loss: 0, count: 0 }));
  const gates = createGateAccumulator();
  let total = 0;
  for await (const { batch, raw } of encodedChunks(fitted, rows, options.batchSize, options)) {
    const itemIds = idsOf(raw, fitted.layout.itemKey);
    const labels = batch.labels ?? [];
    const fromEngine = options.engine && !options.withPositions ? await options.engine.run(batch) : null;
    tf.tidy(() => {
      const inputs = featureTensors(batch);
      const predictions = fromEngine
        ? fromEngine.map((values) => tf.tensor2d(values, [batch.size, 1]))
        : modelOutputs(model, inputs, batch, options.withPositions === true);
      const labelTensors = labels.map((l) => tf.tensor2d(l.values, [batch.size, 1]));
      const maskTensors = labels.map((l) => tf.tensor2d(l.mask, [batch.size, 1]));
      const { perHead } = multitaskLoss(options.lossHeads, predictions, labelTensors, maskTensors);
      perHead.forEach((loss, k) => {
        const count = labels[k]!.mask.reduce((s, m) => s + m, 0);
        lossSums[k]!.loss += loss.dataSync()[0]! * count;
        lossSums[k]!.count += count;
      });
      const scored = predictions.map((prediction) => prediction.dataSync());
      options.onBatch?.({ batch, raw, predictions: scored });
      scored.forEach((values, k) => {
        const { mask, values: truth } = labels[k]!;
        for (let r = 0; r < batch.size; r++) {
          if (!mask[r]) continue;
          collected[k]!.model.push(values[r]!);
          collected[k]!.labels.push(truth[r]!);
          if (options.baseline) collected[k]!.baseline.push(options.baseline.predict(itemIds[r]!)[k]!);
        }
      });
      if (options.gates) {
        const gateOutputs = options.gates.predictOnBatch(inputs) as tf.Tensor | tf.Tensor[];
        gates.add(Array.isArray(gateOutputs) ? gateOutputs : [gateOutputs]);
      }
    });
    total += batch.size;
  }
  const loss = lossSums.reduce(
    (sum, h, k) => sum + (h.count ? (h.loss / h.count) * options.lossHeads[k]!.weight : 0),
    0,
  );
  const gateReport = gates.result(heads.map((task) => task.name));
  return {
    rows: total,
    loss,
    heads: heads.map((task, k) => ({
      name: task.name,
      kind: task.kind,
      labelled: collected[k]!.labels.length,
      loss: lossSums[k]!.count ? lossSums[k]!.loss / lossSums[k]!.count : Number.NaN,
      model: quality(task.kind, collected[k]!.model, collected[k]!.labels),
      baseline: options.baseline ? quality(task.kind, collected[k]!.baseline, collected[k]!.labels) : null,
    })),
    gateUtilisation: gateReport ? gateReport.heads.map((h) => h.utilisation) : null,
    gates: gateReport,
  };
}

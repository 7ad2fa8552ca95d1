/**
 * The validation split's figures for a model: the loss early stopping watches, and at the end
 * of training each head against the popularity baseline fitted on the training split. The
 * shipped-model test goes through here too, so it checks exactly what training reported.
 */
import type * as tf from '@tensorflow/tfjs';
import { SkipReport } from '../data/skip-report.js';
import { type PopularityBaseline, popularityFromRows } from '../evaluation/baseline.js';
import { evaluateRows, type SplitEvaluation } from '../evaluation/evaluate-split.js';
import type { FittedFeatures } from '../features/fitted.js';
import { lossHeadsOf } from '../model/from-config.js';
import { type TrainingData, trainingRows } from './training-data.js';

/** The popularity baseline: one pass over the training rows' item ids and labels. */
export function fitBaseline(data: TrainingData, fitted: FittedFeatures): Promise<PopularityBaseline> {
  return popularityFromRows(fitted, trainingRows(data, 'train', new SkipReport()), {
    badValues: data.config.data.badValues,
    report: new SkipReport(),
  });
}

/**
 * Scores the validation rows with `model` (a serving graph, or with `withPositions` a training
 * graph fed each row's logged position and device); with a baseline, scores it too.
 */
export function evaluateValidation(
  data: TrainingData,
  fitted: FittedFeatures,
  model: tf.LayersModel,
  extras: {
    gates?: tf.LayersModel | null;
    baseline?: PopularityBaseline | null;
    withPositions?: boolean;
  } = {},
): Promise<SplitEvaluation> {
  return evaluateRows(model, fitted, trainingRows(data, 'validation', new SkipReport()), {
    lossHeads: lossHeadsOf(fitted.tasks),
    batchSize: 4096,
    badValues: data.config.data.badValues,
    report: new SkipReport(),
    gates: extras.gates ?? null,
    baseline: extras.baseline ?? null,
    withPositions: extras.withPositions ?? false,
  });
}

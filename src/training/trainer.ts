/**
 * `multirank train`: fit the feature transforms on the training split, build the ranker, run
 * Adam over the streamed log for up to `epochs` epochs, the heads' losses weighted by the task
 * weighting (task-weighting.ts), with early stopping on the validation criterion
 * (early-stopping.ts), keep the best weights, measure against the popularity baseline and write
 * a model bundle.
 */
import { createHash } from 'node:crypto';
import { basename } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { shuffled } from '../data/shuffle.js';
import { SkipReport } from '../data/skip-report.js';
import { exportOnnx } from '../engine/onnx/export.js';
import { MultirankError } from '../errors.js';
import { noBaselineReason } from '../evaluation/baseline.js';
import type { SplitEvaluation } from '../evaluation/evaluate-split.js';
import { gateWarningLines } from '../evaluation/gate-diagnostics.js';
import { encodedChunks } from '../features/encoded-chunks.js';
import { fitFeatureStats } from '../features/fit.js';
import type { FittedFeatures } from '../features/fitted.js';
import type { TrainingConfig } from '../features/training-config.js';
import { type BundleManifest, saveBundle } from '../model/bundle.js';
import { type BiasTowerCurve, biasTowerCurve, foldMissingPositionBias } from '../model/fold-bias.js';
import { architectureOf, headsOf, lossHeadsOf } from '../model/from-config.js';
import { buildRankerGraphs, initialiseHeadBiases, type RankerGraphs } from '../model/graph.js';
import { modelInputs } from '../model/inputs.js';
import { type ProgressLike, silentProgress } from '../util/progress.js';
import { Rng } from '../util/random.js';
import { dropPositions, trainingTensors } from './batches.js';
import {
  type EpochRecord,
  readCheckpoint,
  removeCheckpoint,
  saveCheckpoint,
  type TrainingState,
} from './checkpoint.js';
import { headCurves, headsStillImproving, stoppingCriterion } from './early-stopping.js';
import { createHeadFreezer, type HeadFreezer } from './head-freezing.js';
import { taskGradientNorms, trainableVariables, trainStep } from './step.js';
import { createTaskWeighting, sharedLayerVariables, type TaskWeighting } from './task-weighting.js';
import { checkSplit, openTrainingData, type TrainingData, trainingRows } from './training-data.js';
import { evaluateValidation, fitBaseline } from './validation.js';

/** Options of train(). */
export interface TrainOptions {
  outDir: string;
  /** Continue from the checkpoint next to outDir when there is one. */
  resume?: boolean;
  /** Opens a progress display for one phase; total is in rows when known. */
  progress?: (label: string, total?: number) => ProgressLike;
  log?: (line: string) => void;
}

/** What a finished run reports (also written as the bundle's metrics.json). */
export interface TrainingReport {
  manifest: BundleManifest;
  history: EpochRecord[];
  bestEpoch: number;
  validation: SplitEvaluation;
  skipped: ReturnType<SkipReport['toJSON']>;
  trainRows: number;
  /** The learnt position × device logits of each head the tower feeds (null without a tower). */
  biasTower: BiasTowerCurve | null;
  /** Weights of the serving network (the bias tower is training-only). */
  parameters: number;
}

/** Everything in the config but the epoch count: resuming with more epochs is fine, anything else is not. */
function configFingerprint(config: TrainingConfig): string {
  const { epochs: _epochs, ...training } = config.training;
  return createHash('sha256')
    .update(JSON.stringify({ ...config, training }))
    .digest('hex');
}

async function fitOrResume(data: TrainingData, options: TrainOptions, report: SkipReport) {
  const checkpointDir = `${options.outDir}.checkpoint`;
  const checkpoint = options.resume ? await readCheckpoint(checkpointDir) : null;
  if (checkpoint) {
    if (checkpoint.state.configFingerprint !== configFingerprint(data.config)) {
      throw new MultirankError(
        'CONFLICT',
        `cannot resume: ${checkpointDir} was written under a different training config (only training.epochs may change); train without --resume to start over`,
      );
    }
    return { checkpointDir, checkpoint, fitted: checkpoint.state.fitted };
  }
  // A fresh run: a checkpoint left by an earlier run must not be resumed into this one later.
  await removeCheckpoint(checkpointDir);
  const progress = options.progress?.('fit') ?? silentProgress;
  const rows = trainingRows(data, 'train', report);
  const counted = (async function* () {
    for await (const row of rows) {
      progress.tick(1);
      yield row;
    }
  })();
  const fitted = await fitFeatureStats(data.spec, counted, { badValues: data.config.data.badValues, report });
  progress.done(`${fitted.features.length} features fitted`);
  return { checkpointDir, checkpoint: null, fitted };
}

/** One pass of Adam over the training rows. */
async function runEpoch(
  data: TrainingData,
  fitted: FittedFeatures,
  graphs: RankerGraphs,
  optimizer: tf.Optimizer,
  weighting: TaskWeighting,
  freezer: HeadFreezer,
  epoch: number,
  progress: ProgressLike,
): Promise<{ loss: number; rows: number }> {
  const { config } = data;
  const lossHeads = lossHeadsOf(fitted.tasks);
  const withBias = graphs.training.inputs.length > graphs.serving.inputs.length;
  const variables = trainableVariables(graphs.training);
  const active = freezer.active();
  const shared = weighting.kind === 'gradnorm' ? sharedLayerVariables(graphs.training) : [];
  let step = 0;
  let lossSum = 0;
  let rows = 0;
  // Seeded by epoch, so a resumed run draws the same order and masks as an uninterrupted one.
  const random = new Rng(config.training.seed, `epoch/${epoch}`);
  const rowOrder = random.fork('shuffle');
  const chunks = encodedChunks(
    fitted,
    shuffled(trainingRows(data, 'train', new SkipReport()), config.training.shuffleBuffer, () =>
      rowOrder.uniform(),
    ),
    config.training.batchSize,
    {
      badValues: config.data.badValues,
      report: new SkipReport(),
    },
  );
  for await (const { batch } of chunks) {
    const position = dropPositions(batch.position, config.training.positionDropout, () => random.uniform());
    const loss = tf.tidy(() => {
      const tensors = trainingTensors(batch, withBias, position);
      const result = trainStep(graphs.training, optimizer, lossHeads, tensors, variables, weighting, active);
      freezer.hold();
      if (weighting.wantsGradientNorms(step++))
        weighting.update?.(taskGradientNorms(graphs.training, lossHeads, tensors, shared), result.perHead);
      return result;
    });
    lossSum += loss.total * batch.size;
    rows += batch.size;
    progress.tick(batch.size, `loss ${(lossSum / rows).toFixed(4)}`);
  }
  return { loss: rows ? lossSum / rows : Number.NaN, rows };
}

/** Trains a model from `config` and writes its bundle to options.outDir. */
export async function train(config: TrainingConfig, options: TrainOptions): Promise<TrainingReport> {
  const log = options.log ?? (() => undefined);
  const report = new SkipReport();
  const data = await openTrainingData(config);
  // Refuses an empty side before any fitting, and says where the split fell.
  log((await checkSplit(data)).line);
  const { checkpointDir, checkpoint, fitted } = await fitOrResume(data, options, report);
  const graphs = buildRankerGraphs(
    modelInputs(fitted),
    headsOf(fitted.tasks),
    architectureOf(config, fitted),
  );
  // Masked labels do not count in these means: they are the rates over labelled rows.
  initialiseHeadBiases(
    graphs,
    headsOf(fitted.tasks),
    fitted.tasks.map((task) => fitted.labels.find((l) => l.task === task.name)?.mean ?? Number.NaN),
  );
  const optimizer = tf.train.adam(config.training.learningRate);
  const weighting = createTaskWeighting(config.training.taskWeighting, lossHeadsOf(fitted.tasks), {
    alpha: config.training.gradnormAlpha,
  });
  const state: TrainingState = checkpoint?.state ?? {
    configFingerprint: configFingerprint(config),
    fitted,
    epochsDone: 0,
    history: [],
    bestLoss: Number.POSITIVE_INFINITY,
    bestEpoch: 0,
    epochsWithoutImprovement: 0,
  };
  const validating = config.data.validation.kind !== 'none';
  let best = checkpoint
    ? await checkpoint.restore(graphs.training, optimizer)
    : graphs.training.getWeights().map((w) => w.clone());
  const freezer = createHeadFreezer(
    graphs.training,
    fitted.tasks.map((t) => t.name),
    validating ? config.training.headPatience : 0,
    state.frozenHeads,
  );
  if (checkpoint) {
    if (state.taskWeighting) weighting.restore(state.taskWeighting);
    log(`resumed after epoch ${state.epochsDone} (best validation criterion ${state.bestLoss.toFixed(4)})`);
  }
  if (!validating) log('no validation split: early stopping is off and the last epoch is kept');

  let trainRows = 0;
  const patience = config.training.earlyStoppingPatience;
  // A resumed run that had already stopped early trains no further.
  const stopped = () =>
    (patience > 0 && state.epochsWithoutImprovement >= patience) || !freezer.active().some(Boolean);
  const withBias = graphs.training.inputs.length > graphs.serving.inputs.length;
  for (let epoch = state.epochsDone + 1; epoch <= config.training.epochs && !stopped(); epoch++) {
    const started = performance.now();
    const progress =
      options.progress?.(`epoch ${epoch}/${config.training.epochs}`, fitted.rows) ?? silentProgress;
    const pass = await runEpoch(data, fitted, graphs, optimizer, weighting, freezer, epoch, progress);
    trainRows = pass.rows;
    // With the tower, early stopping watches the training graph on the validation rows' logged
    // positions: the serving graph scored against position-biased labels would reward the
    // epochs whose features soaked up the most position effect, the opposite of debiasing.
    const validation = withBias
      ? await evaluateValidation(data, fitted, graphs.training, { withPositions: true })
      : await evaluateValidation(data, fitted, graphs.serving);
    const headNames = fitted.tasks.map((t) => t.name);
    const record: EpochRecord = {
      epoch,
      trainLoss: pass.loss,
      validationLoss: validation.loss,
      validationHeadLosses: Object.fromEntries(validation.heads.map((h) => [h.name, h.loss])),
      taskWeights: Object.fromEntries(weighting.effectiveWeights().map((w, k) => [headNames[k], w])),
      examplesPerSecond: Math.round(pass.rows / ((performance.now() - started) / 1000)),
    };
    record.criterion = stoppingCriterion(config.training.earlyStopping, record, state.history[0] ?? record);
    const heads = validation.heads.map((h) => `${h.name} ${h.loss.toFixed(4)}`).join(', ');
    const weights =
      weighting.kind === 'fixed'
        ? ''
        : `; task weights ${headNames.map((n) => `${n} ${record.taskWeights?.[n]?.toFixed(3)}`).join(', ')}`;
    const summary = validating
      ? `train loss ${pass.loss.toFixed(4)}, validation loss ${validation.loss.toFixed(4)} (${heads})${weights}`
      : `train loss ${pass.loss.toFixed(4)}${weights}`;
    progress.done(summary);
    // Without progress bars the epoch still gets its line.
    if (!options.progress)
      log(`epoch ${epoch}/${config.training.epochs}: ${summary}, ${record.examplesPerSecond} rows/s`);
    state.history.push(record);
    state.epochsDone = epoch;
    state.taskWeighting = weighting.save();
    // Without validation every epoch is "best": the last one is kept.
    if (!validating || record.criterion < state.bestLoss) {
      state.bestLoss = validating ? record.criterion : Number.POSITIVE_INFINITY;
      state.bestEpoch = epoch;
      state.epochsWithoutImprovement = 0;
      for (const w of best) w.dispose();
      best = graphs.training.getWeights().map((w) => w.clone());
    } else {
      state.epochsWithoutImprovement++;
    }
    for (const line of freezer.afterEpoch(state.history)) log(line);
    const justFrozen = freezer.frozen().length > (state.frozenHeads?.length ?? 0);
    state.frozenHeads = freezer.frozen();
    // The kept snapshot is this epoch's: it takes the heads just frozen back to their best too.
    if (state.bestEpoch === epoch && justFrozen) {
      for (const w of best) w.dispose();
      best = graphs.training.getWeights().map((w) => w.clone());
    }
    await saveCheckpoint(checkpointDir, state, graphs.training, best, optimizer);
    if (stopped()) {
      log(
        freezer.active().some(Boolean)
          ? `early stop: no improvement of the ${config.training.earlyStopping} validation criterion for ${patience} epochs; keeping epoch ${state.bestEpoch}`
          : `early stop: every head is frozen; keeping epoch ${state.bestEpoch}`,
      );
      break;
    }
  }
  if (validating) {
    for (const line of headCurves(state.history)) log(`validation loss by epoch, ${line}`);
    const improving = headsStillImproving(state.history, state.bestEpoch);
    if (improving.length > 0)
      log(
        `note: ${improving.join(', ')} still improved after the kept epoch ${state.bestEpoch} (its own best came later; see docs/training.md, "Early stopping")`,
      );
  }

  graphs.training.setWeights(best);
  // Recorded before the tower is dropped: the only place its learnt position effect can be read.
  const biasTower = fitted.bias ? biasTowerCurve(graphs, headsOf(fitted.tasks), fitted.bias) : null;
  const folded = foldMissingPositionBias(graphs, headsOf(fitted.tasks), fitted.bias);
  for (const [head, offset] of folded) {
    log(
      `bias tower: ${head} logit ${offset >= 0 ? '+' : ''}${offset.toFixed(3)} for a missing position, folded into serving`,
    );
  }
  const validation = await evaluateValidation(data, fitted, graphs.serving, {
    gates: graphs.gates,
    // With no item key no item can be popular: no baseline rather than a meaningless 0.5.
    baseline: noBaselineReason(config.data.keys.item) === null ? await fitBaseline(data, fitted) : null,
  });
  for (const line of gateWarningLines(validation.gates)) log(line);
  const metrics = {
    bestEpoch: state.bestEpoch,
    history: state.history,
    validation,
    skipped: report.toJSON(),
    trainRows: trainRows || fitted.rows,
    biasTower,
    parameters: graphs.serving.countParams(),
  };
  const manifest = await saveBundle(options.outDir, {
    name: basename(options.outDir),
    model: graphs.serving,
    // What serving runs: the same serving graph as ONNX (docs/onnx.md).
    onnx: exportOnnx(graphs.serving),
    fitted,
    trainingConfig: config,
    metrics,
    tables: data.tables,
  });
  await removeCheckpoint(checkpointDir);
  tf.dispose(best);
  optimizer.dispose();
  weighting.dispose();
  freezer.dispose();
  // Disposes the training-only layers (bias tower); the serving and gate graphs share the rest
  // and stay with their weights, which TF.js refuses to dispose twice.
  graphs.training.dispose();
  return { manifest, ...metrics };
}

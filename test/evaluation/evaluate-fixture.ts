/** A tiny simulated world and model bundles for the evaluate tests, trained or built in a second. */
import * as tf from '@tensorflow/tfjs';
import { SkipReport } from '../../src/data/skip-report.js';
import { fitFeatureStats } from '../../src/features/fit.js';
import { parseConfigText } from '../../src/features/parse-config.js';
import type { TrainingConfig } from '../../src/features/training-config.js';
import { saveBundle } from '../../src/model/bundle.js';
import { architectureOf, headsOf } from '../../src/model/from-config.js';
import { buildRankerGraphs } from '../../src/model/graph.js';
import { modelInputs } from '../../src/model/inputs.js';
import { simulate } from '../../src/sim/simulate.js';
import { openTrainingData, trainingRows } from '../../src/training/training-data.js';

/** Writes a world of `requests` slates of 10 into `dir` (JSONL, with ground_truth.jsonl). */
export async function makeWorld(dir: string, requests: number): Promise<void> {
  await simulate({ outDir: dir, users: 300, items: 200, requests, seed: 11, format: 'jsonl' });
}

/**
 * The training config of the tests: two binary heads (one with the bias tower) and a log1p
 * regression head; `model` adds keys to the model section (e.g. `levels: 2`).
 */
export function worldConfig(
  dir: string,
  options: { epochs?: number; architecture?: 'mmoe' | 'shared-bottom' | 'ple'; model?: string } = {},
): TrainingConfig {
  return parseConfigText(
    `
data:
  log: interactions.jsonl
  items: items.jsonl
  users: users.jsonl
  keys: { request: request_id, user: user_id, item: item_id, timestamp: timestamp }
  validation: { lastFraction: 0.2 }
features:
  - { name: item_id, source: item, type: categorical, embeddingDim: 8 }
  - { name: topic, source: item, type: categorical, embeddingDim: 4 }
  - { name: region, source: user, type: categorical }
  - { name: duration, source: item, column: duration_seconds, type: numeric, normalize: log1p+zscore }
  - { name: recent_items, source: context, type: bag, buckets: 500, maxLength: 5, keep: first, embeddingDim: 8 }
tasks:
  - { name: click, kind: binary, biasTower: true }
  - { name: watch, column: watch_seconds, kind: regression, transform: log1p, loss: huber }
  - { name: like, kind: binary, group: satisfaction }
bias: { position: position, device: device, maxPosition: 10 }
model: { architecture: ${options.architecture ?? 'mmoe'}, experts: 3, expertUnits: [16], towerUnits: [8]${options.model ? `, ${options.model}` : ''} }
training: { epochs: ${options.epochs ?? 2}, batchSize: 256, learningRate: 0.005, seed: 3, earlyStoppingPatience: 0 }
`,
    { baseDir: dir },
  );
}

/**
 * A bundle without training: fitted features, a freshly initialised network, and with `zero`
 * every weight set to 0 so that each binary head outputs exactly 0.5 on every row (a constant scorer).
 */
export async function untrainedBundle(outDir: string, config: TrainingConfig, zero: boolean): Promise<void> {
  const data = await openTrainingData(config);
  const report = new SkipReport();
  const fitted = await fitFeatureStats(data.spec, trainingRows(data, 'train', report), {
    badValues: config.data.badValues,
    report,
  });
  const graphs = buildRankerGraphs(
    modelInputs(fitted),
    headsOf(fitted.tasks),
    architectureOf(config, fitted),
  );
  if (zero) graphs.serving.setWeights(graphs.serving.getWeights().map((w) => tf.zerosLike(w)));
  await saveBundle(outDir, {
    name: 'untrained',
    model: graphs.serving,
    fitted,
    trainingConfig: config,
    metrics: {},
    // As training does: the bundle carries its tables, so it evaluates wherever it is.
    tables: data.tables,
  });
}

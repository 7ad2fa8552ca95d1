/**
 * GET /v1/models/:version/card: a bundle's manifest and training metrics (metrics.json), the parts
 * of its training config a reader wants (data and split, tasks, architecture), and the reports it
 * carries (src/model/bundle-card.ts). metrics.json is typed field by field, every field optional
 * but the validation heads (bundles of older trainers lack some); the CLI's reports pass through
 * as written (their shapes: docs/evaluate.md, docs/combination.md, docs/training.md).
 */
import { type TSchema, Type } from '@sinclair/typebox';

const nullable = <T extends TSchema>(schema: T) => Type.Union([schema, Type.Null()]);
const opt = Type.Optional;
const NumberMap = Type.Record(Type.String(), Type.Number());

const Quality = Type.Object({
  auc: opt(Type.Number()),
  logLoss: opt(Type.Number()),
  rmse: opt(Type.Number()),
});

const Epoch = Type.Object({
  epoch: Type.Integer(),
  trainLoss: Type.Number(),
  validationLoss: Type.Number(),
  validationHeadLosses: opt(NumberMap),
  criterion: opt(Type.Number()),
  taskWeights: opt(Type.Union([NumberMap, Type.Null()], { description: 'Learned loss weight per head.' })),
  examplesPerSecond: opt(Type.Number()),
});

const Gates = Type.Object({
  heads: Type.Array(
    Type.Object({
      name: Type.String(),
      utilisation: Type.Array(Type.Number()),
      entropy: nullable(Type.Number()),
    }),
  ),
  warnings: Type.Array(Type.String()),
});

/** metrics.json, as far as the card reads it. */
export const TrainingMetrics = Type.Object(
  {
    bestEpoch: opt(Type.Integer()),
    trainRows: opt(Type.Integer()),
    parameters: opt(Type.Integer()),
    history: opt(Type.Array(Epoch)),
    validation: opt(
      Type.Object({
        rows: Type.Integer(),
        loss: Type.Number(),
        heads: Type.Array(
          Type.Object({
            name: Type.String(),
            kind: Type.String(),
            labelled: Type.Integer(),
            loss: opt(Type.Number()),
            model: Quality,
            baseline: nullable(Quality),
          }),
        ),
        gateUtilisation: opt(nullable(Type.Array(Type.Array(Type.Number())))),
        gates: opt(nullable(Gates)),
      }),
    ),
  },
  {
    description:
      "metrics.json as `multirank train` wrote it: the best epoch's validation, the epochs' curves.",
  },
);

const Manifest = Type.Object({
  format: Type.String(),
  name: Type.String(),
  createdAt: Type.String(),
  heads: Type.Array(Type.Object({ name: Type.String(), kind: Type.String(), group: Type.String() })),
  contentHash: Type.String(),
});

const Passed = (description: string) => Type.Unknown({ description });

/** The shipped bundle's card, shortened (two of its heads, the config's data part only). */
const CARD_EXAMPLE = {
  version: 'default',
  active: true,
  engine: 'onnx',
  manifest: {
    format: 'multirank.bundle/1',
    name: 'default',
    createdAt: '2026-11-23T17:31:48.982Z',
    heads: [
      { name: 'click', kind: 'binary', group: 'engagement' },
      { name: 'watch', kind: 'regression', group: 'engagement' },
    ],
    contentHash: 'sha256:94993491a3ab8480f4a942c8928c5e97e85476b992304a2014da1b8e14d49fe5',
  },
  files: { tfjs: true, onnx: true },
  metrics: {
    bestEpoch: 2,
    trainRows: 360000,
    history: [
      { epoch: 1, trainLoss: 1.304, validationLoss: 1.452, examplesPerSecond: 729 },
      { epoch: 2, trainLoss: 1.248, validationLoss: 1.4434, examplesPerSecond: 1115 },
    ],
    validation: {
      rows: 40000,
      loss: 1.4434,
      heads: [
        {
          name: 'click',
          kind: 'binary',
          labelled: 40000,
          model: { auc: 0.6772, logLoss: 0.2661 },
          baseline: { auc: 0.6494, logLoss: 0.2703 },
        },
        {
          name: 'watch',
          kind: 'regression',
          labelled: 40000,
          model: { rmse: 1.3235 },
          baseline: { rmse: 1.3279 },
        },
      ],
    },
  },
  training: {
    data: {
      log: { name: 'interactions.jsonl', format: null },
      validation: { kind: 'lastFraction', fraction: 0.1 },
    },
    tasks: [{ name: 'click', column: 'click', kind: 'binary', weight: 1, group: 'engagement' }],
    model: { architecture: 'mmoe', experts: 4, expertUnits: [64, 32], towerUnits: [16] },
    training: { epochs: 4, batchSize: 512, learningRate: 0.002, seed: 42 },
  },
  evaluation: null,
  sweep: null,
  transfer: null,
};

/** The card. */
export const ModelCard = Type.Object(
  {
    version: Type.String({ description: 'Folder name under the models directory.' }),
    active: Type.Boolean(),
    engine: nullable(
      Type.String({ description: 'The inference engine serving it (the active model only).' }),
    ),
    manifest: Manifest,
    files: Type.Object({ tfjs: Type.Boolean(), onnx: Type.Boolean() }),
    metrics: nullable(TrainingMetrics),
    training: nullable(
      Type.Object({
        data: Passed('The training data: log name, tables, keys and the validation split.'),
        tasks: Passed('The heads as configured: column, kind, loss weight, group.'),
        model: Passed('The architecture and its sizes.'),
        training: Passed('Epochs, batch size, learning rate, task weighting, seed.'),
      }),
    ),
    evaluation: Passed('evaluation.json (`multirank evaluate --out`), with calibration; null when absent.'),
    sweep: Passed('sweep.json (`multirank evaluate --sweep --out`), the weight trade-off; null when absent.'),
    transfer: Passed('transfer.json (`multirank compare --out`), the transfer report; null when absent.'),
  },
  {
    $id: 'ModelCard',
    title: 'ModelCard',
    description: "A bundle's manifest, training metrics, training config and the reports it carries.",
    examples: [CARD_EXAMPLE],
  },
);

/** The `:version` of the card route. */
export const CardParams = Type.Object({
  version: Type.String({ minLength: 1, maxLength: 128, examples: ['default'] }),
});

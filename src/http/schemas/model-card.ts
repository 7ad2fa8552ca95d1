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
  },
);

/** The `:version` of the card route. */
export const CardParams = Type.Object({
  version: Type.String({ minLength: 1, maxLength: 128, examples: ['default'] }),
});

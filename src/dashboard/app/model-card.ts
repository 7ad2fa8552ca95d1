/**
 * A bundle's card (GET /v1/models/:version/card): identity (engine, content hash), heads,
 * training data and split, per-head validation against the popularity baseline, then the
 * charts of card-charts.ts (calibration, gates, curves, task weights, transfer).
 */

import type { ModelEvaluation } from '../../evaluation/evaluate-model.js';
import type { SplitEvaluation } from '../../evaluation/evaluate-split.js';
import type { SweepReport } from '../../evaluation/sweep-report.js';
import type { BundleManifest } from '../../model/bundle.js';
import type { EpochRecord } from '../../training/checkpoint.js';
import type { ComparisonReport } from '../../training/compare.js';
import { getJson, path } from './api.js';
import {
  calibrationSection,
  curvesSection,
  gatesSection,
  taskWeightsSection,
  transferSection,
} from './card-charts.js';
import { type Child, type DomElement, h, table } from './dom.js';
import { count, num } from './format.js';
import { activateButton } from './models.js';
import type { View } from './view.js';

/** The card as the route answers it (src/http/schemas/model-card.ts); older bundles lack parts of metrics. */
export interface ModelCard {
  version: string;
  active: boolean;
  engine: string | null;
  manifest: BundleManifest;
  files: { tfjs: boolean; onnx: boolean };
  metrics: {
    bestEpoch?: number;
    trainRows?: number;
    parameters?: number;
    history?: EpochRecord[];
    validation?: Pick<SplitEvaluation, 'rows' | 'loss' | 'heads'> & Partial<SplitEvaluation>;
  } | null;
  training: {
    data: {
      log?: { name?: string | null };
      keys?: Record<string, string>;
      validation?: Record<string, unknown>;
    } | null;
    tasks: { name: string; kind: string; weight: number; group: string; column: string }[] | null;
    model: Record<string, unknown> | null;
    training: Record<string, unknown> | null;
  } | null;
  evaluation: ModelEvaluation | null;
  sweep: SweepReport | null;
  transfer: ComparisonReport | null;
}

/** The card's path. */
export const cardPath = (version: string): string => path('/v1/models/:id/card', version);

const kv = (pairs: [string, Child][]): DomElement =>
  h('dl', { class: 'kv' }, ...pairs.flatMap(([k, v]) => [h('dt', {}, k), h('dd', {}, v)]));

const describe = (value: Record<string, unknown> | null | undefined): string =>
  value
    ? Object.entries(value)
        .filter(([, v]) => v !== null && v !== undefined && !(Array.isArray(v) && v.length === 0))
        .map(([k, v]) => `${k}: ${typeof v === 'object' ? JSON.stringify(v) : String(v)}`)
        .join('; ')
    : '–';

function identity(card: ModelCard): DomElement {
  const { manifest } = card;
  return kv([
    ['Name', manifest.name],
    ['Created', manifest.createdAt],
    ['Served', card.active ? `yes, on ${card.engine ?? '?'}` : 'no'],
    [
      'Engine files',
      [card.files.onnx ? 'model.onnx (ONNX Runtime)' : null, card.files.tfjs ? 'model.json (TF.js)' : null]
        .filter(Boolean)
        .join(', '),
    ],
    ['Content hash', h('code', {}, manifest.contentHash)],
  ]);
}

function heads(card: ModelCard): DomElement {
  const tasks = card.training?.tasks ?? [];
  return table(
    'Heads',
    ['Head', 'Kind', 'Group', 'Label column', 'Loss weight'],
    card.manifest.heads.map((head) => {
      const task = tasks.find((t) => t.name === head.name);
      return [head.name, head.kind, head.group, task?.column ?? '–', num(task?.weight ?? null, 3)];
    }),
  );
}

function trainingData(card: ModelCard): DomElement {
  const data = card.training?.data;
  const metrics = card.metrics;
  return kv([
    ['Interaction log', data?.log?.name ?? '–'],
    ['Validation split', describe(data?.validation)],
    ['Rows', `${count(metrics?.trainRows)} training, ${count(metrics?.validation?.rows)} validation`],
    ['Architecture', describe(card.training?.model)],
    ['Training', describe(card.training?.training)],
    ['Best epoch', metrics?.bestEpoch === undefined ? '–' : String(metrics.bestEpoch)],
  ]);
}

function validation(card: ModelCard): DomElement {
  const rows = (card.metrics?.validation?.heads ?? []).flatMap((head) => {
    const metrics = head.kind === 'binary' ? (['auc', 'logLoss'] as const) : (['rmse'] as const);
    return metrics.map((metric) => {
      const model = head.model[metric];
      const baseline = head.baseline?.[metric];
      const better =
        model !== undefined &&
        baseline !== undefined &&
        (metric === 'auc' ? model > baseline : model < baseline);
      return [
        head.name,
        metric === 'auc' ? 'AUC' : metric === 'logLoss' ? 'log loss' : 'RMSE',
        h('span', { 'data-head': head.name, 'data-metric': metric }, num(model ?? null)),
        num(baseline ?? null),
        h(
          'span',
          { class: better ? 'good' : 'bad' },
          num(model !== undefined && baseline !== undefined ? model - baseline : null, 3),
        ),
        count(head.labelled),
      ];
    });
  });
  return table(
    'Validation per head against the popularity baseline',
    ['Head', 'Metric', 'Model', 'Baseline', 'Model − baseline', 'Labelled rows'],
    rows,
    { class: 'validation' },
  );
}

/** #/models/:version */
export const modelCardView: View = async ([version = ''], context) => {
  const card = await getJson<ModelCard>(cardPath(version));
  return h(
    'div',
    { 'data-model': version },
    h('p', {}, h('a', { href: '#/models' }, '← All models')),
    h(
      'h2',
      {},
      `Model card: ${version} `,
      card.active
        ? h('span', { class: 'status status-ok' }, 'served')
        : activateButton(version, () => context.rerender()),
    ),
    h('p', { class: 'small' }, h('a', { href: cardPath(version) }, 'card JSON')),
    h(
      'div',
      { class: 'grid' },
      h('section', { class: 'card' }, h('h3', {}, 'Bundle'), identity(card), heads(card)),
      h('section', { class: 'card' }, h('h3', {}, 'Training data and split'), trainingData(card)),
    ),
    h('section', { class: 'card' }, validation(card)),
    h(
      'div',
      { class: 'grid' },
      calibrationSection(card),
      gatesSection(card),
      curvesSection(card),
      taskWeightsSection(card),
    ),
    transferSection(card),
  );
};

/**
 * The model card's charts, each with its figures as a table: calibration (from the bundle's
 * evaluation.json), gate utilisation and entropy per head, training curves overall and per head,
 * learned task weights, and the transfer report (transfer.json). A part the bundle lacks says how
 * to add it.
 */
import { figure, lineChart, stackedBars } from './charts.js';
import { type DomElement, h, table } from './dom.js';
import { count, num } from './format.js';
import type { ModelCard } from './model-card.js';

const section = (title: string, ...body: (DomElement | null)[]) =>
  h('section', { class: 'card' }, h('h3', {}, title), ...body);

const absent = (text: string) => h('p', { class: 'muted small' }, text);

/** Calibration of the binary heads: mean prediction against observed rate per quantile bin. */
export function calibrationSection(card: ModelCard): DomElement {
  const heads = (card.evaluation?.heads ?? []).filter((head) => head.calibration);
  if (heads.length === 0) {
    return section(
      'Calibration',
      absent(
        `No evaluation.json in this bundle. \`multirank evaluate --model models/${card.version} --data HELD-OUT-LOG --out models/${card.version}/evaluation.json\` adds it.`,
      ),
    );
  }
  const series = heads.map((head) => ({
    name: head.name,
    points: (head.calibration?.bins ?? []).map((b) => [b.meanPredicted, b.observedRate] as [number, number]),
  }));
  const label = 'Observed rate against mean prediction per bin (dashed: perfect calibration)';
  const chart = lineChart(label, { series, diagonal: true });
  const rows = heads.flatMap((head) =>
    (head.calibration?.bins ?? []).map((b, k) => [
      head.name,
      String(k + 1),
      num(b.meanPredicted),
      num(b.observedRate),
      count(b.count),
    ]),
  );
  const ece = heads
    .map((head) => `${head.name} ${num(head.calibration?.expectedCalibrationError ?? null, 3)}`)
    .join(', ');
  return section(
    'Calibration',
    figure(
      label,
      chart,
      ['Head', 'Bin', 'Mean prediction', 'Observed rate', 'Rows'],
      rows,
      heads.map((h) => h.name),
    ),
    h(
      'p',
      { class: 'small' },
      `Expected calibration error: ${ece}. On ${count(card.evaluation?.data.rows)} rows of ${card.evaluation?.data.file ?? '?'}.`,
    ),
  );
}

/** Gate utilisation per head: the mean weight each head's gate gives each expert. */
export function gatesSection(card: ModelCard): DomElement {
  const validation = card.metrics?.validation;
  const names = card.manifest.heads.map((head) => head.name);
  const gates =
    validation?.gates?.heads ??
    (validation?.gateUtilisation ?? []).map((utilisation, k) => ({
      name: names[k] ?? `head ${k}`,
      utilisation,
      entropy: null,
    }));
  if (gates.length === 0)
    return section(
      'Gate utilisation',
      absent('No gate diagnostics (a shared-bottom or single-task bundle).'),
    );
  const experts = Math.max(...gates.map((g) => g.utilisation.length));
  const label = 'Mean gate weight per expert, per head';
  const chart = stackedBars(
    label,
    gates.map((g) => ({ label: g.name, values: g.utilisation })),
  );
  const rows = gates.map((g) => [g.name, ...g.utilisation.map((u) => num(u, 3)), num(g.entropy, 3)]);
  const head = ['Head', ...Array.from({ length: experts }, (_, e) => `Expert ${e}`), 'Entropy'];
  const warnings = (validation?.gates?.warnings ?? []).map((w) => h('p', { class: 'warning' }, w));
  return section('Gate utilisation', figure(label, chart, head, rows, head.slice(1, -1)), ...warnings);
}

/** Training and validation loss per epoch, and each head's validation loss when the trainer logged it. */
export function curvesSection(card: ModelCard): DomElement {
  const history = card.metrics?.history ?? [];
  if (history.length === 0) return section('Training curves', absent('No training history in metrics.json.'));
  const epoch = (x: number) => String(x);
  const overall = lineChart('Loss per epoch', {
    series: [
      { name: 'train', points: history.map((e) => [e.epoch, e.trainLoss]) },
      { name: 'validation', points: history.map((e) => [e.epoch, e.validationLoss]) },
    ],
    xLabel: epoch,
  });
  const parts = [
    figure(
      'Loss per epoch',
      overall,
      ['Epoch', 'Train', 'Validation'],
      history.map((e) => [String(e.epoch), num(e.trainLoss), num(e.validationLoss)]),
      ['train', 'validation'],
    ),
  ];
  const heads = Object.keys(history[0]?.validationHeadLosses ?? {});
  if (heads.length > 0) {
    const series = heads.map((name) => ({
      name,
      points: history.map(
        (e) => [e.epoch, e.validationHeadLosses?.[name] ?? null] as [number, number | null],
      ),
    }));
    const label = 'Validation loss per head per epoch';
    const rows = history.map((e) => [
      String(e.epoch),
      ...heads.map((name) => num(e.validationHeadLosses?.[name] ?? null)),
    ]);
    parts.push(figure(label, lineChart(label, { series, xLabel: epoch }), ['Epoch', ...heads], rows, heads));
  } else {
    parts.push(absent('Per-head validation curves: not logged by the trainer that wrote this bundle.'));
  }
  return section('Training curves', ...parts);
}

/** Learned task weights per epoch (uncertainty or GradNorm weighting); the configured ones otherwise. */
export function taskWeightsSection(card: ModelCard): DomElement {
  const history = (card.metrics?.history ?? []).filter((e) => e.taskWeights);
  if (history.length === 0) {
    const tasks = card.training?.tasks ?? [];
    return section(
      'Task weights',
      absent(
        'Fixed loss weights (training.taskWeighting: fixed); learned weights appear here for uncertainty or gradnorm runs.',
      ),
      table(
        null,
        ['Head', 'Loss weight'],
        tasks.map((t) => [t.name, num(t.weight, 3)]),
      ),
    );
  }
  const heads = Object.keys(history[0]?.taskWeights ?? {});
  const series = heads.map((name) => ({
    name,
    points: history.map((e) => [e.epoch, e.taskWeights?.[name] ?? null] as [number, number | null]),
  }));
  const label = 'Learned loss weight per head per epoch';
  const rows = history.map((e) => [
    String(e.epoch),
    ...heads.map((name) => num(e.taskWeights?.[name] ?? null, 3)),
  ]);
  return section(
    'Task weights',
    figure(label, lineChart(label, { series, xLabel: String }), ['Epoch', ...heads], rows, heads),
  );
}

/** The transfer report: each head alone against shared architectures (multirank compare). */
export function transferSection(card: ModelCard): DomElement {
  const report = card.transfer;
  if (!report) {
    return section(
      'Transfer report',
      absent(
        'No transfer.json in this bundle; `multirank compare --config FILE --out transfer.json` writes one.',
      ),
    );
  }
  const architectures = report.models.map((m) => m.architecture).filter((a) => a !== 'single');
  const rows = report.transfer.map((t) => [
    t.head,
    t.metric.toUpperCase(),
    num(t.single),
    ...architectures.flatMap((a) => [
      num(t.byArchitecture[a]?.value ?? null),
      num(t.byArchitecture[a]?.transfer ?? null, 3),
    ]),
  ]);
  return section(
    'Transfer report',
    table(
      null,
      ['Head', 'Metric', 'Single-task', ...architectures.flatMap((a) => [a, `${a} transfer`])],
      rows,
    ),
  );
}

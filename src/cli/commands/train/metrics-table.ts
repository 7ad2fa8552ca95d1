/** Terminal tables of held-out metrics: the model against the popularity baseline, per head. */
import type { HeadEvaluation, SplitEvaluation } from '../../../evaluation/evaluate-split.js';

const fmt = (value: number | undefined): string =>
  value === undefined || Number.isNaN(value) ? '—' : value.toFixed(4);

function row(head: HeadEvaluation): string[] {
  const metric = head.kind === 'binary' ? 'AUC' : 'RMSE';
  const model = head.kind === 'binary' ? head.model.auc : head.model.rmse;
  const baseline = head.kind === 'binary' ? head.baseline?.auc : head.baseline?.rmse;
  const better =
    model === undefined || baseline === undefined
      ? ''
      : head.kind === 'binary'
        ? model > baseline
        : model < baseline;
  return [
    head.name,
    metric,
    fmt(model),
    fmt(baseline),
    better === '' ? '' : better ? 'yes' : 'no',
    String(head.labelled),
  ];
}

/** Renders per-head metrics with aligned columns. */
export function metricsTable(evaluation: SplitEvaluation): string {
  const rows = [
    ['head', 'metric', 'model', 'popularity', 'beats it', 'labelled rows'],
    ...evaluation.heads.map(row),
  ];
  const widths = rows[0]!.map((_, c) => Math.max(...rows.map((r) => r[c]!.length)));
  const lines = rows.map((r) =>
    r
      .map((cell, c) => cell.padEnd(widths[c]!))
      .join('  ')
      .trimEnd(),
  );
  lines.splice(1, 0, widths.map((w) => '-'.repeat(w)).join('  '));
  if (evaluation.gateUtilisation) {
    lines.push('', 'gate utilisation (mean weight per expert):');
    evaluation.heads.forEach((head, k) => {
      lines.push(
        `  ${head.name.padEnd(widths[0]!)}  ${evaluation.gateUtilisation![k]!.map((g) => g.toFixed(2)).join(' ')}`,
      );
    });
  }
  return lines.join('\n');
}

/** Terminal tables of held-out metrics: the model against the popularity baseline, per head. */
import type { HeadEvaluation, SplitEvaluation } from '../../../evaluation/evaluate-split.js';

const fmt = (value: number | undefined): string =>
  value === undefined || Number.isNaN(value) ? '—' : value.toFixed(4);

function row(head: HeadEvaluation, withBaseline: boolean): string[] {
  const metric = head.kind === 'binary' ? 'AUC' : 'RMSE';
  const model = head.kind === 'binary' ? head.model.auc : head.model.rmse;
  if (!withBaseline) return [head.name, metric, fmt(model), String(head.labelled)];
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

/**
 * Renders per-head metrics with aligned columns. With `noBaseline` (why there is none), or when no
 * head has a baseline, the popularity columns give way to a line saying there is no baseline:
 * a comparison against nothing must not read "beats it: yes".
 */
export function metricsTable(evaluation: SplitEvaluation, noBaseline: string | null = null): string {
  const withBaseline = noBaseline === null && evaluation.heads.some((h) => h.baseline);
  const header = withBaseline
    ? ['head', 'metric', 'model', 'popularity', 'beats it', 'labelled rows']
    : ['head', 'metric', 'model', 'labelled rows'];
  const rows = [header, ...evaluation.heads.map((head) => row(head, withBaseline))];
  const widths = rows[0]!.map((_, c) => Math.max(...rows.map((r) => r[c]!.length)));
  const lines = rows.map((r) =>
    r
      .map((cell, c) => cell.padEnd(widths[c]!))
      .join('  ')
      .trimEnd(),
  );
  lines.splice(1, 0, widths.map((w) => '-'.repeat(w)).join('  '));
  if (!withBaseline) lines.push('', `no popularity baseline: ${noBaseline ?? 'none was fitted'}`);
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

/** The text table of `multirank compare`: each head's metric per architecture and its transfer. */
import type { ComparisonReport } from '../../../training/compare.js';

const pad = (cells: string[][]): string => {
  const widths = cells[0]!.map((_, c) => Math.max(...cells.map((row) => row[c]!.length)));
  return cells
    .map((row) =>
      row
        .map((cell, c) => cell.padEnd(widths[c]!))
        .join('  ')
        .trimEnd(),
    )
    .join('\n');
};
const fixed = (value: number | null) => (value === null ? '-' : value.toFixed(4));
/** A transfer to 4 decimals with its direction; one that rounds to zero is "none". */
function signed(value: number | null): string {
  if (value === null) return '-';
  const rounded = Math.round(value * 10_000) / 10_000;
  if (rounded === 0) return '0.0000 none';
  return `${rounded > 0 ? '+' : ''}${rounded.toFixed(4)} ${rounded > 0 ? 'positive' : 'negative'}`;
}

/** Models with their sizes, then per head: single-task value, each architecture's value and transfer. */
export function comparisonTable(report: ComparisonReport): string {
  const models = pad([
    ['model', 'tasks', 'parameters', 'best epoch', 'seconds'],
    ...report.models.map((m) => [
      m.architecture,
      m.tasks.join(', '),
      m.parameters.toLocaleString('en'),
      String(m.bestEpoch),
      String(m.seconds),
    ]),
  ]);
  const architectures = [
    ...new Set(report.models.filter((m) => m.architecture !== 'single').map((m) => m.architecture)),
  ];
  const heads = pad([
    ['head', 'metric', 'single task', ...architectures.flatMap((a) => [a, `transfer (${a})`])],
    ...report.transfer.map((t) => [
      t.head,
      t.metric === 'auc' ? 'AUC ↑' : 'RMSE ↓',
      fixed(t.single),
      ...architectures.flatMap((a) => [
        fixed(t.byArchitecture[a]?.value ?? null),
        signed(t.byArchitecture[a]?.transfer ?? null),
      ]),
    ]),
  ]);
  return `${models}\n\n${heads}\n\ntransfer: the multi-task model's metric against the single-task model's, positive = better (AUC difference; RMSE decrease); seed ${report.seed}`;
}

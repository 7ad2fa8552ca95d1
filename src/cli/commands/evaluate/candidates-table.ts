/** The terminal summary of `multirank evaluate --candidates`: recall@k and coverage per source, merged and ideal. */
import type { CandidateRecallReport } from '../../../evaluation/candidate-recall.js';
import { formatCount } from '../../progress.js';

const fmt = (value: number | undefined): string =>
  value === undefined || Number.isNaN(value) ? '—' : value.toFixed(4);

/** Pads columns to their widest cell, with a rule under the header. */
function align(table: string[][]): string[] {
  const widths = (table[0] ?? []).map((_, c) => Math.max(...table.map((r) => r[c]?.length ?? 0)));
  const lines = table.map((r) =>
    r
      .map((cell, c) => cell.padEnd(widths[c] ?? 0))
      .join('  ')
      .trimEnd(),
  );
  lines.splice(1, 0, widths.map((w) => '-'.repeat(w)).join('  '));
  return lines;
}

/** Renders a candidate recall report; `indexDir` is the index it was measured on. */
export function candidatesTable(report: CandidateRecallReport, indexDir: string): string {
  const { ks } = report;
  const row = (name: string) => [
    name,
    ...ks.map((k) => fmt(report.recall[name]?.[k])),
    fmt(report.coverage[name]),
  ];
  const names = Object.keys(report.recall);
  const table = [
    ['source', ...ks.map((k) => `recall@${k}`), 'coverage'],
    ...names.filter((name) => name !== 'merged').map(row),
    row('merged'),
    ['ideal', ...ks.map(() => fmt(report.ideal)), ''],
  ];
  const last = ks.at(-1);
  const relative = last === undefined ? undefined : report.relative.merged?.[last];
  return [
    `candidates ${indexDir} (${formatCount(report.catalogueSize)} items) on ${formatCount(report.events)} clicks ` +
      `in ${formatCount(report.requests)} requests of ${report.log}`,
    ...align(table),
    `merged recall@${last ?? '—'} / ideal ${fmt(relative)}; clicked item in any source's list ${fmt(report.anySource)}; ` +
      `generation ${Math.round(report.meanGenerationUs)} µs/request`,
  ].join('\n');
}

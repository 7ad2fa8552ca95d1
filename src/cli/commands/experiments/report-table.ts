/** The experiment report as terminal text: one block per variant, then the SRM line. */

import type { ExperimentReport, VariantReport } from '../../../experiments/report.js';
import type { LiftEstimate, RatioEstimate } from '../../../experiments/report-stats.js';
import { formatCount } from '../../progress.js';
import { align } from '../evaluate/table.js';

const METRICS = [
  ['ctr', 'CTR', (x: number) => `${(100 * x).toFixed(2)}%`],
  ['likeRate', 'like rate', (x: number) => `${(100 * x).toFixed(2)}%`],
  ['watchPerImpression', 'watch s/impression', (x: number) => `${x.toFixed(1)}s`],
] as const;

const percent = (x: number) => `${x >= 0 ? '+' : ''}${(100 * x).toFixed(1)}%`;

function estimate(e: RatioEstimate, format: (x: number) => string): string {
  if (e.value === null) return '—';
  return e.ci95 ? `${format(e.value)} [${format(e.ci95[0])}, ${format(e.ci95[1])}]` : format(e.value);
}

function lift(l: LiftEstimate | undefined): string {
  if (!l || l.lift === null) return '';
  const ci = l.ci95 ? ` [${percent(l.ci95[0])}, ${percent(l.ci95[1])}]` : '';
  const p =
    l.pValue === null ? '' : `, p=${l.pValue < 0.001 ? l.pValue.toExponential(1) : l.pValue.toFixed(3)}`;
  return `${percent(l.lift)}${ci}${p}`;
}

function variantRows(v: VariantReport): string[][] {
  return METRICS.map(([key, label, format], i) => [
    i === 0 ? `${v.name}${v.control ? ' (control)' : ''}` : '',
    i === 0 ? formatCount(v.users) : '',
    i === 0 ? formatCount(v.impressions) : '',
    label,
    estimate(v[key], format),
    v.control ? '' : lift(v.vsControl?.[key]),
  ]);
}

/** Renders the report with aligned columns. */
export function reportTable(report: ExperimentReport): string {
  const rows = [
    ['variant', 'users', 'impressions', 'metric', 'value [95% CI]', 'lift vs control [95% CI], p'],
    ...report.variants.flatMap(variantRows),
  ];
  const lines = align(rows);
  const { srm } = report;
  const srmLine = `sample ratio: users ${srm.observedUsers.join(' / ')} for allocation ${srm.expectedShares.join(' / ')}: chi2=${srm.chi2 === null ? '∞' : srm.chi2.toFixed(2)}, df=${srm.df}, p=${srm.pValue.toPrecision(3)}${srm.flagged ? '  SRM FLAGGED: assignment or logging is broken; do not trust the lifts' : ', ok'}`;
  const header = `experiment ${report.experimentId} (${report.status}), ${formatCount(report.events)} events${report.since || report.until ? ` from ${report.since ?? 'the start'} to ${report.until ?? 'now'}` : ''}`;
  const notes = [
    report.unattributedEvents > 0
      ? `${formatCount(report.unattributedEvents)} events without a variant of this experiment left out`
      : '',
    report.crossoverUsers > 0
      ? `${formatCount(report.crossoverUsers)} users seen in more than one variant`
      : '',
  ].filter(Boolean);
  return [header, '', ...lines, '', srmLine, ...notes].join('\n');
}

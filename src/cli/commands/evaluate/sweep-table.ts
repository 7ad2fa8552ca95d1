/** The terminal table of `multirank evaluate --sweep`: one row per profile, then the references. */
import { describeProfile } from '../../../combination/compile.js';
import type { SweepPoint, SweepReport } from '../../../evaluation/sweep-report.js';
import { formatCount } from '../../progress.js';
import { align, fmt } from './table.js';

/** Probabilities with 4 decimals; seconds and ratings (≥ 1) with fewer, so columns stay narrow. */
const value = (v: number | null | undefined): string =>
  v === null || v === undefined ? '—' : fmt(v, Math.abs(v) >= 100 ? 1 : Math.abs(v) >= 1 ? 3 : 4);

const axisText = (report: SweepReport, which: 'engagement' | 'satisfaction'): string => {
  const axis = report.axes[which];
  const metric = report.metrics.find((m) => m.head === axis.head);
  return `${metric?.column ?? axis.head} (${axis.better} is better)`;
};

/** The grid as given: `like=0,1,2; dismiss=0,-1`. */
const gridText = (report: SweepReport): string =>
  report.grid.map((g) => `${g.head}=${g.values.join(',')}`).join('; ');

/** Renders a sweep for the terminal. */
export function sweepTable(report: SweepReport): string {
  const lines = [
    `sweep of ${report.profiles.length} ${report.form} profiles: ${gridText(report)} over ${describeProfile(report.base)}`,
    `model ${report.model.name} on ${formatCount(report.requests)} requests (${report.requestKey}) of ${report.data.file}`,
    report.data.groundTruth
      ? `mean over each request's top ${report.k} by the profile's score, of the ground truth in ${report.data.groundTruth}`
      : `mean over each request's top ${report.k} by the profile's score, of the observed labels (no ground truth)`,
  ];
  if (report.skipped > 0) lines.push(`left out ${report.skipped} all-zero combinations`);
  lines.push(
    `* on the Pareto front of ${axisText(report, 'engagement')} against ${axisText(report, 'satisfaction')}`,
  );
  const column = (m: SweepReport['metrics'][number]) =>
    `${m.column}${m.source === 'label' ? ' (label)' : ''}`;
  const ofGroup = (group: string) =>
    report.metrics
      .filter((m) => m.group === group)
      .map(column)
      .join(', ') || 'none';
  lines.push(`engagement: ${ofGroup('engagement')}; satisfaction: ${ofGroup('satisfaction')}`, '');
  const header = ['profile', ...report.metrics.map(column)];
  const row = (p: SweepPoint, mark: string) => [
    `${mark}${p.name}`,
    ...report.metrics.map((m) => value(p.values[m.head])),
  ];
  lines.push(
    ...align([
      header,
      ...report.profiles.map((p) => row(p, p.pareto ? '* ' : '  ')),
      ...report.references.map((p) => row(p, '  ')),
    ]),
  );
  return lines.join('\n');
}

/**
 * An experiment's report (GET /v1/experiments/:id/report) as tables: per variant users,
 * impressions, CTR, like rate and watch per impression with 95% CIs; lift against control with
 * p-values; the sample-ratio check as a warning when it fails. And its daily chart: the report
 * asked for one UTC day at a time (whole days: the service answers from its daily totals).
 */
import type { ExperimentReport, VariantReport } from '../../experiments/report.js';
import { getJson, path } from './api.js';
import { figure, lineChart } from './charts.js';
import { type DomElement, type FieldElement, h, table } from './dom.js';
import { count, interval, lift, num, pct, pValue } from './format.js';

/** The report's path (also the JSON link). */
export const reportPath = (id: string): string => path('/v1/experiments/:id/report', id);

type Metric = 'ctr' | 'likeRate' | 'watchPerImpression';
const METRICS: { key: Metric; label: string; format: (v: number) => string }[] = [
  { key: 'ctr', label: 'CTR', format: (v) => pct(v) },
  { key: 'likeRate', label: 'Like rate', format: (v) => pct(v) },
  { key: 'watchPerImpression', label: 'Watch per impression (s)', format: (v) => num(v, 4) },
];

const estimate = (variant: VariantReport, metric: (typeof METRICS)[number]) => [
  metric.format(variant[metric.key].value ?? Number.NaN),
  h('br'),
  h('span', { class: 'muted small' }, interval(variant[metric.key].ci95, metric.format)),
];

/** The SRM line: a warning when flagged, a quiet note otherwise. */
function srmNote(report: ExperimentReport): DomElement {
  const { srm } = report;
  const split = `users ${srm.observedUsers.join(' / ')} against shares ${srm.expectedShares.map((s) => num(s, 3)).join(' / ')}`;
  if (srm.flagged) {
    return h(
      'p',
      { class: 'warning', role: 'alert' },
      `Sample ratio mismatch: ${split} (χ² ${num(srm.chi2, 3)}, p ${pValue(srm.pValue)}). `,
      'Assignment or logging is off: do not trust the lifts until it is explained.',
    );
  }
  return h('p', { class: 'muted small' }, `Sample ratio check passed: ${split} (p ${pValue(srm.pValue)}).`);
}

/** The report's tables and SRM note. */
export function reportTables(report: ExperimentReport): DomElement {
  const variants = report.variants;
  const figures = table(
    'Per variant (95% confidence intervals below each figure)',
    ['Variant', 'Share', 'Users', 'Impressions', ...METRICS.map((m) => m.label)],
    variants.map((v) => [
      h('span', {}, v.name, v.control ? h('span', { class: 'muted' }, ' (control)') : null),
      pct(v.share, 0),
      count(v.users),
      count(v.impressions),
      ...METRICS.map((m) => estimate(v, m)),
    ]),
    { class: 'variants' },
  );
  const lifts = table(
    `Lift against control (${report.control}), with p-values`,
    ['Variant', ...METRICS.flatMap((m) => [`${m.label} lift [95% CI]`, 'p'])],
    variants
      .filter((v) => v.vsControl)
      .map((v) => [
        v.name,
        ...METRICS.flatMap((m) => {
          const l = v.vsControl?.[m.key];
          const cls = l && l.pValue !== null && l.pValue < 0.05 ? ((l.lift ?? 0) > 0 ? 'good' : 'bad') : '';
          return [
            h(
              'span',
              { class: cls },
              lift(l?.lift),
              ' ',
              h('span', { class: 'muted small' }, interval(l?.ci95, lift)),
            ),
            pValue(l?.pValue),
          ];
        }),
      ]),
    { class: 'lifts' },
  );
  const source = `${count(report.events)} events, from ${report.computedFrom === 'daily-totals' ? 'the daily totals' : 'every event'}; ${count(report.unattributedEvents)} unattributed, ${count(report.crossoverUsers)} users in more than one variant.`;
  return h('div', {}, srmNote(report), figures, lifts, h('p', { class: 'muted small' }, source));
}

const DAY_MS = 86_400_000;

/** The UTC days ending today, oldest first, as [start, end) ISO strings. */
function lastDays(days: number, now = Date.now()): [string, string][] {
  const today = Math.floor(now / DAY_MS) * DAY_MS;
  return Array.from({ length: days }, (_, k) => {
    const start = today - (days - 1 - k) * DAY_MS;
    return [new Date(start).toISOString(), new Date(start + DAY_MS).toISOString()];
  });
}

/** The daily chart of one metric per variant over the last `days` days, with a metric picker. */
export async function dailyChart(id: string, days: number): Promise<DomElement> {
  const windows = lastDays(days);
  const reports = await Promise.all(
    windows.map(([since, until]) =>
      getJson<ExperimentReport>(
        `${reportPath(id)}?since=${encodeURIComponent(since)}&until=${encodeURIComponent(until)}`,
      ),
    ),
  );
  const names = reports[0]?.variants.map((v) => v.name) ?? [];
  const day = (k: number) => (windows[k]?.[0] ?? '').slice(5, 10);
  const holder = h('div');
  const draw = (metric: (typeof METRICS)[number]) => {
    const value = (r: ExperimentReport, name: string) => {
      const v = r.variants.find((x) => x.name === name);
      return v && v.impressions > 0 ? v[metric.key].value : null;
    };
    const series = names.map((name) => ({
      name,
      points: reports.map((r, k) => [k, value(r, name)] as [number, number | null]),
    }));
    const label = `${metric.label} per variant by UTC day, last ${days} days`;
    const chart = lineChart(label, {
      series,
      xLabel: (k) => day(k),
      xTicks: windows.map((_, k) => k).filter((k) => (days - 1 - k) % 2 === 0),
      yFormat: metric.format,
      yFromZero: true,
      width: 640,
    });
    const rows = reports.map((r, k) => [
      windows[k]?.[0].slice(0, 10) ?? '',
      ...names.flatMap((name) => {
        const v = r.variants.find((x) => x.name === name);
        return [count(v?.impressions), metric.format(value(r, name) ?? Number.NaN)];
      }),
    ]);
    const head = [
      'Day (UTC)',
      ...names.flatMap((name) => [`${name} impressions`, `${name} ${metric.label}`]),
    ];
    holder.replaceChildren(figure(label, chart, head, rows, names));
  };
  const picker = h(
    'select',
    {
      id: 'daily-metric',
      onchange: (e) => draw(METRICS.find((m) => m.key === (e.target as FieldElement).value) ?? METRICS[0]!),
    },
    ...METRICS.map((m) => h('option', { value: m.key }, m.label)),
  );
  draw(METRICS[0]!);
  return h('div', {}, h('label', { for: 'daily-metric' }, 'Metric '), picker, holder);
}

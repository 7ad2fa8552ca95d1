/**
 * The sweep's trade-off as a dependency-free SVG scatter: one dot per profile (engagement axis
 * against satisfaction axis), the Pareto front in red, joined by a line and numbered (the names
 * are listed beside the plot: labels on the dots would overlap), and the logged and random orders
 * as reference marks. An axis where lower is better is drawn reversed, so better is always up and
 * to the right. Built with the same text helpers and round ticks as evaluate --plot.
 */

import type { SweepPoint, SweepReport } from '../../../evaluation/sweep-report.js';
import { escapeXml, num, roundTicks, svgDocument, text } from './plot-svg.js';

const PLOT = { left: 80, top: 60, width: 420, height: 340 };
const COLOURS = { point: '#7f9fbf', pareto: '#d62728', logged: '#222', random: '#999' };

/** A range padded by 8% on each side (a single value gets ±1% of itself, or ±0.01). */
function range(values: number[]): [number, number] {
  const lo = Math.min(...values);
  const hi = Math.max(...values);
  const pad = hi > lo ? (hi - lo) * 0.08 : Math.abs(lo) * 0.01 || 0.01;
  return [lo - pad, hi + pad];
}

const axisTitle = (report: SweepReport, which: 'engagement' | 'satisfaction'): string => {
  const axis = report.axes[which];
  const metric = report.metrics.find((m) => m.head === axis.head);
  const column = metric ? `${metric.column}${metric.source === 'label' ? ' (label)' : ''}` : axis.head;
  const reversed = axis.better === 'lower' ? ', axis reversed' : '';
  return `${which}: ${column} of the top ${report.k} (${axis.better} is better${reversed})`;
};

/** Renders the trade-off scatter of a sweep. */
export function sweepSvg(report: SweepReport): string {
  const xHead = report.axes.engagement.head;
  const yHead = report.axes.satisfaction.head;
  const placed = (p: SweepPoint) => p.values[xHead] != null && p.values[yHead] != null;
  const all = [...report.profiles, ...report.references].filter(placed);
  const xRange = range(all.map((p) => p.values[xHead]!));
  const yRange = range(all.map((p) => p.values[yHead]!));
  // Share of the way from worse to better along an axis.
  const better = (v: number, [lo, hi]: [number, number], which: 'engagement' | 'satisfaction') => {
    const share = (v - lo) / (hi - lo);
    return report.axes[which].better === 'lower' ? 1 - share : share;
  };
  const x = (v: number) => PLOT.left + better(v, xRange, 'engagement') * PLOT.width;
  const y = (v: number) => PLOT.top + PLOT.height - better(v, yRange, 'satisfaction') * PLOT.height;
  const at = (p: SweepPoint) => [x(p.values[xHead]!), y(p.values[yHead]!)] as const;

  const parts = [
    `<rect width="100%" height="100%" fill="#fff"/>`,
    text(
      10,
      22,
      `model ${report.model.name}: ${report.profiles.length} ${report.form} profiles, top ${report.k} of ${report.requests.toLocaleString('en-US')} requests`,
      'font-size="13"',
    ),
    `<rect x="${PLOT.left}" y="${PLOT.top}" width="${PLOT.width}" height="${PLOT.height}" fill="none" stroke="#999"/>`,
  ];
  for (const t of roundTicks(...xRange)) {
    parts.push(
      `<line x1="${num(x(t.value))}" y1="${PLOT.top}" x2="${num(x(t.value))}" y2="${PLOT.top + PLOT.height}" stroke="#eee"/>`,
      text(x(t.value), PLOT.top + PLOT.height + 16, t.label, 'text-anchor="middle"'),
    );
  }
  for (const t of roundTicks(...yRange)) {
    parts.push(
      `<line x1="${PLOT.left}" y1="${num(y(t.value))}" x2="${PLOT.left + PLOT.width}" y2="${num(y(t.value))}" stroke="#eee"/>`,
      text(PLOT.left - 6, y(t.value) + 4, t.label, 'text-anchor="end"'),
    );
  }
  const middleY = PLOT.top + PLOT.height / 2;
  parts.push(
    text(
      PLOT.left + PLOT.width / 2,
      PLOT.top + PLOT.height + 36,
      axisTitle(report, 'engagement'),
      'text-anchor="middle"',
    ),
    text(
      18,
      middleY,
      axisTitle(report, 'satisfaction'),
      `text-anchor="middle" transform="rotate(-90 18 ${middleY})"`,
    ),
  );

  const front = report.profiles
    .filter((p) => p.pareto && placed(p))
    .sort((a, b) => a.values[xHead]! - b.values[xHead]!);
  if (front.length > 1) {
    const line = front.map((p) => at(p).map(num).join(',')).join(' ');
    parts.push(`<polyline fill="none" stroke="${COLOURS.pareto}" stroke-dasharray="4 3" points="${line}"/>`);
  }
  for (const p of report.profiles.filter((p) => !p.pareto && placed(p))) {
    const [cx, cy] = at(p);
    parts.push(
      `<circle cx="${num(cx)}" cy="${num(cy)}" r="4" fill="${COLOURS.point}"><title>${escapeXml(p.name)}</title></circle>`,
    );
  }
  front.forEach((p, i) => {
    const [cx, cy] = at(p);
    parts.push(
      `<circle cx="${num(cx)}" cy="${num(cy)}" r="5" fill="${COLOURS.pareto}"><title>${escapeXml(p.name)}</title></circle>`,
      text(cx + 6, cy - 6, String(i + 1), `fill="${COLOURS.pareto}" font-size="10"`),
    );
  });
  for (const p of report.references.filter(placed)) {
    const [cx, cy] = at(p);
    const colour = p.name.startsWith('logged') ? COLOURS.logged : COLOURS.random;
    parts.push(
      `<rect x="${num(cx - 4)}" y="${num(cy - 4)}" width="8" height="8" fill="${colour}"/>`,
      text(cx + 7, cy + 4, p.name, `fill="${colour}" font-size="10"`),
    );
  }
  const legend = PLOT.left + PLOT.width + 20;
  const entries: [string, string][] = [
    [COLOURS.pareto, 'Pareto front'],
    [COLOURS.point, 'other profiles'],
    [COLOURS.logged, 'logged order'],
    [COLOURS.random, 'random order'],
  ];
  entries.forEach(([colour, label], i) => {
    parts.push(
      `<rect x="${legend}" y="${PLOT.top + i * 18}" width="10" height="10" fill="${colour}"/>`,
      text(legend + 16, PLOT.top + i * 18 + 9, label),
    );
  });
  const listTop = PLOT.top + entries.length * 18 + 16;
  front.forEach((p, i) => {
    parts.push(text(legend, listTop + i * 15, `${i + 1}  ${p.name}`, `fill="${COLOURS.pareto}"`));
  });
  const width = legend + 200;
  const height = Math.max(PLOT.top + PLOT.height + 50, listTop + front.length * 15 + 10);
  return svgDocument(width, height, parts);
}

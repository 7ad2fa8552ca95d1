/**
 * Hand-drawn SVG charts: lines over x (daily metrics, training curves, calibration) and stacked
 * bars (gate utilisation). Every chart sits in a figure with its caption and, below, the same
 * figures as a table (the text alternative: the SVG itself is labelled and hidden from the
 * accessibility tree's detail).
 */
import { type Child, type DomElement, h, s, table } from './dom.js';
import { num } from './format.js';

/** A named series of [x, y] points (y null: a gap). */
export interface Series {
  name: string;
  points: [number, number | null][];
}

/** Options of lineChart. */
export interface LineChartOptions {
  series: Series[];
  /** Tick label of an x value (default: the number). */
  xLabel?: (x: number) => string;
  /** Where the x ticks go (default: every x when there are at most 8, else 6 even steps). */
  xTicks?: number[];
  yFormat?: (y: number) => string;
  /** Draws y = x (calibration) and puts both axes on one scale. */
  diagonal?: boolean;
  /** Includes 0 on the y axis (counts, rates). */
  yFromZero?: boolean;
  width?: number;
  height?: number;
}

const PAD = { left: 56, right: 28, top: 10, bottom: 28 };

const extent = (values: number[]): [number, number] => {
  const lo = Math.min(...values);
  const hi = Math.max(...values);
  return lo === hi ? [lo - (Math.abs(lo) || 1) * 0.5, hi + (Math.abs(hi) || 1) * 0.5] : [lo, hi];
};

const ticks = ([lo, hi]: [number, number], n: number): number[] =>
  Array.from({ length: n + 1 }, (_, k) => lo + ((hi - lo) * k) / n);

/** A line chart of `series` as an SVG element. */
export function lineChart(label: string, options: LineChartOptions): DomElement {
  const { width = 520, height = 220, yFormat = (y: number) => num(y, 3) } = options;
  const xs = options.series.flatMap((line) => line.points.map(([x]) => x));
  const ys = options.series.flatMap((line) => line.points.flatMap(([, y]) => (y === null ? [] : [y])));
  if (options.yFromZero) ys.push(0);
  let xRange = extent(xs.length ? xs : [0, 1]);
  let yRange = extent(ys.length ? ys : [0, 1]);
  if (options.diagonal) xRange = yRange = extent([...xs, ...ys]);
  const x = (v: number) =>
    PAD.left + ((v - xRange[0]) / (xRange[1] - xRange[0])) * (width - PAD.left - PAD.right);
  const y = (v: number) =>
    height - PAD.bottom - ((v - yRange[0]) / (yRange[1] - yRange[0])) * (height - PAD.top - PAD.bottom);
  const distinct = [...new Set(xs)].sort((a, b) => a - b);
  const xTicks = options.xTicks ?? (distinct.length <= 8 ? distinct : ticks(xRange, 5));
  const grid = ticks(yRange, 4).map((v) => [
    s('line', { class: 'grid', x1: PAD.left, x2: width - PAD.right, y1: y(v), y2: y(v) }),
    s('text', { x: PAD.left - 4, y: y(v) + 4, 'text-anchor': 'end' }, yFormat(v)),
  ]);
  const xAxis = xTicks.map((v) =>
    s(
      'text',
      { x: x(v), y: height - 8, 'text-anchor': 'middle' },
      options.xLabel ? options.xLabel(v) : num(v, 3),
    ),
  );
  const lines = options.series.map((line, k) => {
    let d = '';
    let pen = 'M';
    for (const [px, py] of line.points) {
      if (py === null) {
        pen = 'M';
        continue;
      }
      d += `${pen}${x(px).toFixed(1)},${y(py).toFixed(1)} `;
      pen = 'L';
    }
    const dots = line.points.flatMap(([px, py]) =>
      py === null ? [] : [s('circle', { class: `s${k % 6}`, cx: x(px), cy: y(py), r: 2.5 })],
    );
    return s('g', {}, s('path', { class: `line s${k % 6}`, d }), ...dots);
  });
  const diagonal = options.diagonal
    ? s('line', { class: 'diagonal', x1: x(xRange[0]), y1: y(yRange[0]), x2: x(xRange[1]), y2: y(yRange[1]) })
    : null;
  return s(
    'svg',
    { class: 'chart', viewBox: `0 0 ${width} ${height}`, width, height, role: 'img', 'aria-label': label },
    s('title', {}, label),
    ...grid,
    s('line', {
      class: 'axis',
      x1: PAD.left,
      x2: width - PAD.right,
      y1: height - PAD.bottom,
      y2: height - PAD.bottom,
    }),
    ...xAxis,
    diagonal,
    ...lines,
  );
}

/** One stacked bar: a label and its segments (shares summing to about 1). */
export interface Bar {
  label: string;
  values: number[];
}

/** Horizontal stacked bars, one row per bar, a colour per segment index. */
export function stackedBars(label: string, bars: Bar[], width = 520): DomElement {
  const row = 22;
  const left = 80;
  const height = bars.length * row + 8;
  const rows = bars.map((bar, r) => {
    const total = bar.values.reduce((a, b) => a + b, 0) || 1;
    let at = left;
    const segments = bar.values.map((v, k) => {
      const w = (v / total) * (width - left - 8);
      const rect = s('rect', {
        class: `s${k % 6}`,
        x: at,
        y: r * row + 4,
        width: Math.max(0, w),
        height: row - 6,
      });
      at += w;
      return rect;
    });
    return [s('text', { x: 4, y: r * row + 18 }, bar.label), ...segments];
  });
  return s(
    'svg',
    { class: 'chart', viewBox: `0 0 ${width} ${height}`, width, height, role: 'img', 'aria-label': label },
    s('title', {}, label),
    ...rows.flat(),
  );
}

/** A legend of names, coloured as the series with the same index. */
export function legend(names: string[]): DomElement {
  return h(
    'div',
    { class: 'legend', 'aria-hidden': 'true' },
    ...names.map((name, k) => h('span', {}, h('span', { class: `swatch s${k % 6}` }), name)),
  );
}

/** A chart in a figure with its caption and legend, and its figures as a table below (the text alternative). */
export function figure(
  caption: string,
  chart: DomElement,
  head: string[],
  rows: Child[][],
  names?: string[],
) {
  return h(
    'figure',
    {},
    h('figcaption', {}, caption),
    names ? legend(names) : null,
    chart,
    h('details', {}, h('summary', {}, `${caption}: figures as a table`), table(null, head, rows)),
  );
}

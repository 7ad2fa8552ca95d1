/**
 * An interactive scatter chart: each point a focusable SVG circle; hovering or focusing it calls
 * `onFocus`, clicking it or pressing Enter or Space calls `onPick`. Arrow keys are not needed: Tab
 * walks the points in order.
 */
import { type DomElement, type DomEvent, s } from './dom.js';

/** One point. */
export interface ScatterPoint {
  x: number;
  y: number;
  label: string;
  /** Style class: `s0`…`s5`. */
  className: string;
  radius?: number;
}

/** Options of scatter. */
export interface ScatterOptions {
  xTitle: string;
  yTitle: string;
  format: (v: number) => string;
  onFocus: (index: number) => void;
  onPick: (index: number) => void;
  width?: number;
  height?: number;
}

const PAD = { left: 64, right: 16, top: 12, bottom: 40 };

const range = (values: number[]): [number, number] => {
  const lo = Math.min(...values);
  const hi = Math.max(...values);
  const margin = (hi - lo || Math.abs(hi) || 1) * 0.08;
  return [lo - margin, hi + margin];
};

/** The chart as an SVG element. */
export function scatter(label: string, points: ScatterPoint[], options: ScatterOptions): DomElement {
  const { width = 720, height = 420, format } = options;
  const [x0, x1] = range(points.map((p) => p.x));
  const [y0, y1] = range(points.map((p) => p.y));
  const x = (v: number) => PAD.left + ((v - x0) / (x1 - x0)) * (width - PAD.left - PAD.right);
  const y = (v: number) => height - PAD.bottom - ((v - y0) / (y1 - y0)) * (height - PAD.top - PAD.bottom);
  const ticks = (lo: number, hi: number) =>
    Array.from({ length: 5 }, (_, k) => lo + ((hi - lo) * (k + 0.5)) / 5);
  const axes = [
    ...ticks(y0, y1).flatMap((v) => [
      s('line', { class: 'grid', x1: PAD.left, x2: width - PAD.right, y1: y(v), y2: y(v) }),
      s('text', { x: PAD.left - 4, y: y(v) + 4, 'text-anchor': 'end' }, format(v)),
    ]),
    ...ticks(x0, x1).map((v) =>
      s('text', { x: x(v), y: height - PAD.bottom + 16, 'text-anchor': 'middle' }, format(v)),
    ),
    s(
      'text',
      { x: (PAD.left + width - PAD.right) / 2, y: height - 6, 'text-anchor': 'middle' },
      options.xTitle,
    ),
    s('text', { x: 12, y: PAD.top + 8 }, options.yTitle),
  ];
  const circles = points.map((p, k) => {
    const pick = (event: DomEvent) => {
      if (event.type === 'keydown' && event.key !== 'Enter' && event.key !== ' ') return;
      event.preventDefault();
      options.onPick(k);
    };
    return s(
      'circle',
      {
        class: p.className,
        cx: x(p.x),
        cy: y(p.y),
        r: p.radius ?? 6,
        tabindex: 0,
        role: 'button',
        'aria-label': p.label,
        onmouseenter: () => options.onFocus(k),
        onfocus: () => options.onFocus(k),
        onclick: pick,
        onkeydown: pick,
      },
      s('title', {}, p.label),
    );
  });
  return s(
    'svg',
    { class: 'chart', viewBox: `0 0 ${width} ${height}`, width, height, role: 'group', 'aria-label': label },
    ...axes,
    s('line', {
      class: 'axis',
      x1: PAD.left,
      x2: width - PAD.right,
      y1: height - PAD.bottom,
      y2: height - PAD.bottom,
    }),
    ...circles,
  );
}

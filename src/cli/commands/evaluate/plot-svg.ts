/**
 * A hand-written SVG of an evaluation: calibration curves of the binary heads (mean predicted
 * against observed rate per quantile bin, with the diagonal of perfect calibration) and, for MMoE
 * and PLE bundles, each head's mean gate weight per expert. Plain SVG text, so reports need no
 * plotting library and open in any browser; d3-array only picks round tick values.
 */
import { nice, tickStep, ticks } from 'd3-array';
import type { ModelEvaluation } from '../../../evaluation/evaluate-model.js';

const HEAD_COLOURS = ['#1f77b4', '#d62728', '#2ca02c', '#9467bd', '#ff7f0e', '#8c564b', '#e377c2', '#17becf'];
const EXPERT_COLOURS = [
  '#4e79a7',
  '#f28e2b',
  '#59a14f',
  '#e15759',
  '#76b7b2',
  '#edc948',
  '#b07aa1',
  '#9c755f',
];
const PLOT = { left: 60, top: 64, size: 280 };
const GATES = { left: 440, top: 64, label: 70, bar: 240, row: 30 };

/** A coordinate rounded to 0.1 px. */
export const num = (value: number): string => String(Math.round(value * 10) / 10);

/** Escapes text for SVG content and attribute values. */
export function escapeXml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/** A <text> element at (x, y) with escaped content. */
export const text = (x: number, y: number, body: string, attributes = ''): string =>
  `<text x="${num(x)}" y="${num(y)}"${attributes ? ` ${attributes}` : ''}>${escapeXml(body)}</text>`;

/** An axis tick: its value and its label. */
export interface Tick {
  value: number;
  label: string;
}

/**
 * About `count` round ticks (1, 2 or 5 × 10^k apart) within [lo, hi], labelled with the decimals
 * their step needs, the same for every tick (0.00, 0.05, 0.10).
 */
export function roundTicks(lo: number, hi: number, count = 5): Tick[] {
  const step = Math.abs(tickStep(lo, hi, count));
  const decimals = step > 0 ? Math.max(0, Math.ceil(-Math.log10(step) - 1e-9)) : 0;
  return ticks(lo, hi, count).map((value) => ({ value, label: value.toFixed(decimals) }));
}

/** The calibration axes' common range: the largest occupied value rounded up to a tick, so low click rates are not squeezed into a corner. */
function axisRange(evaluation: ModelEvaluation): number {
  let largest = 0;
  for (const head of evaluation.heads) {
    for (const bin of head.calibration?.bins ?? []) {
      largest = Math.max(largest, bin.meanPredicted, bin.observedRate);
    }
  }
  return Math.min(1, nice(0, Math.max(largest, 0.01), 5)[1]);
}

function calibrationPanel(evaluation: ModelEvaluation): string[] {
  const range = axisRange(evaluation);
  const x = (v: number) => PLOT.left + (v / range) * PLOT.size;
  const y = (v: number) => PLOT.top + PLOT.size - (v / range) * PLOT.size;
  const parts = [
    text(PLOT.left, PLOT.top - 14, 'Calibration (binary heads)', 'font-weight="bold"'),
    `<rect x="${PLOT.left}" y="${PLOT.top}" width="${PLOT.size}" height="${PLOT.size}" fill="none" stroke="#999"/>`,
  ];
  for (const { value: v, label } of roundTicks(0, range)) {
    parts.push(
      `<line x1="${num(x(v))}" y1="${PLOT.top}" x2="${num(x(v))}" y2="${PLOT.top + PLOT.size}" stroke="#eee"/>`,
      `<line x1="${PLOT.left}" y1="${num(y(v))}" x2="${PLOT.left + PLOT.size}" y2="${num(y(v))}" stroke="#eee"/>`,
      text(x(v), PLOT.top + PLOT.size + 16, label, 'text-anchor="middle"'),
      text(PLOT.left - 6, y(v) + 4, label, 'text-anchor="end"'),
    );
  }
  parts.push(
    `<line x1="${num(x(0))}" y1="${num(y(0))}" x2="${num(x(range))}" y2="${num(y(range))}" stroke="#666" stroke-dasharray="4 4"/>`,
    text(PLOT.left + PLOT.size / 2, PLOT.top + PLOT.size + 34, 'mean predicted', 'text-anchor="middle"'),
    text(
      18,
      PLOT.top + PLOT.size / 2,
      'observed rate',
      `text-anchor="middle" transform="rotate(-90 18 ${PLOT.top + PLOT.size / 2})"`,
    ),
  );
  const binary = evaluation.heads.filter((h) => h.kind === 'binary');
  binary.forEach((head, i) => {
    const colour = HEAD_COLOURS[i % HEAD_COLOURS.length]!;
    const points = head.calibration?.bins ?? [];
    const coordinates = points.map((b) => `${num(x(b.meanPredicted))},${num(y(b.observedRate))}`);
    parts.push(
      `<polyline fill="none" stroke="${colour}" stroke-width="2" points="${coordinates.join(' ')}"/>`,
    );
    for (const b of points) {
      parts.push(
        `<circle cx="${num(x(b.meanPredicted))}" cy="${num(y(b.observedRate))}" r="3" fill="${colour}"/>`,
      );
    }
    const legendY = PLOT.top + PLOT.size + 56 + i * 18;
    const ece = head.calibration ? head.calibration.expectedCalibrationError.toFixed(4) : '—';
    parts.push(
      `<rect x="${PLOT.left}" y="${legendY - 9}" width="12" height="10" fill="${colour}"/>`,
      text(PLOT.left + 18, legendY, `${head.name} (ECE ${ece})`),
    );
  });
  return parts;
}

/** A gate position's legend: `expert e`, or for PLE the head's own experts apart from the shared ones. */
function expertLabel(gates: NonNullable<ModelEvaluation['gates']>, e: number): string {
  const own = gates.ownExperts;
  if (own === null) return `expert ${e}`;
  return e < own ? `own ${e}` : `shared ${e - own}`;
}

function gatePanel(gates: NonNullable<ModelEvaluation['gates']>): string[] {
  const parts = [
    text(GATES.left, GATES.top - 14, 'Gate utilisation (mean weight per expert)', 'font-weight="bold"'),
  ];
  gates.heads.forEach((head, h) => {
    const top = GATES.top + h * GATES.row;
    parts.push(text(GATES.left + GATES.label - 6, top + 15, head.name, 'text-anchor="end"'));
    let offset = GATES.left + GATES.label;
    head.utilisation.forEach((share, e) => {
      const width = Math.max(0, share) * GATES.bar;
      const colour = EXPERT_COLOURS[e % EXPERT_COLOURS.length]!;
      parts.push(`<rect x="${num(offset)}" y="${top}" width="${num(width)}" height="20" fill="${colour}"/>`);
      if (width >= 30) {
        parts.push(
          text(
            offset + width / 2,
            top + 14,
            `${Math.round(share * 100)}%`,
            'text-anchor="middle" fill="#fff"',
          ),
        );
      }
      offset += width;
    });
  });
  const legendTop = GATES.top + gates.heads.length * GATES.row + 12;
  for (let e = 0; e < gates.experts; e++) {
    const x = GATES.left + GATES.label + (e % 4) * 72;
    const y = legendTop + Math.floor(e / 4) * 18;
    parts.push(
      `<rect x="${x}" y="${y}" width="12" height="10" fill="${EXPERT_COLOURS[e % EXPERT_COLOURS.length]!}"/>`,
      text(x + 16, y + 9, expertLabel(gates, e)),
    );
  }
  return parts;
}

/** Renders the calibration curves (one polyline per binary head) and, when present, the gate bars. */
export function evaluationSvg(evaluation: ModelEvaluation): string {
  const binary = evaluation.heads.filter((h) => h.kind === 'binary').length;
  const gateRows = evaluation.gates
    ? evaluation.gates.heads.length + Math.ceil(evaluation.gates.experts / 4)
    : 0;
  const width = evaluation.gates ? 800 : 380;
  const height = Math.max(PLOT.top + PLOT.size + 56 + binary * 18, GATES.top + gateRows * GATES.row + 40);
  const title = `model ${evaluation.model.name} on ${evaluation.data.rows.toLocaleString('en-US')} rows of ${evaluation.data.file}`;
  const body = [
    `<rect width="100%" height="100%" fill="#fff"/>`,
    text(10, 22, title, 'font-size="13"'),
    ...calibrationPanel(evaluation),
    ...(evaluation.gates ? gatePanel(evaluation.gates) : []),
  ];
  return svgDocument(width, height, body);
}

/** A standalone SVG document of the given size around `parts` (one element a line). */
export function svgDocument(width: number, height: number, parts: readonly string[]): string {
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="sans-serif" font-size="11">`,
    ...parts.map((line) => `  ${line}`),
    '</svg>',
    '',
  ].join('\n');
}

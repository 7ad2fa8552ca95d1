/**
 * The SVG of `multirank compare --svg`: per head, one bar per architecture for its transfer
 * against the single-task model (up = positive, down = negative), on a shared scale.
 */
import type { ComparisonReport } from '../../../training/compare.js';
import { num, text } from '../evaluate/plot-svg.js';

const COLOURS: Record<string, string> = { 'shared-bottom': '#9c755f', mmoe: '#4e79a7', ple: '#f28e2b' };
const LAYOUT = { left: 70, top: 60, height: 240, group: 120, bar: 26 };

/** The chart as SVG text. */
export function comparisonSvg(report: ComparisonReport): string {
  const architectures = Object.keys(report.transfer[0]?.byArchitecture ?? {});
  const values = report.transfer.flatMap((t) => architectures.map((a) => t.byArchitecture[a]?.transfer ?? 0));
  const range = Math.max(0.001, ...values.map(Math.abs));
  const width = LAYOUT.left + report.transfer.length * LAYOUT.group + 160;
  const middle = LAYOUT.top + LAYOUT.height / 2;
  const y = (value: number) => middle - (value / range) * (LAYOUT.height / 2);
  const parts = [
    text(
      LAYOUT.left,
      28,
      `Transfer against single-task models (seed ${report.seed}): positive = sharing helps`,
      'font-size="15"',
    ),
    `<line x1="${LAYOUT.left}" y1="${num(middle)}" x2="${num(width - 160)}" y2="${num(middle)}" stroke="#333"/>`,
    text(LAYOUT.left - 8, y(range) + 4, `+${range.toFixed(3)}`, 'text-anchor="end" font-size="11"'),
    text(LAYOUT.left - 8, y(-range) + 4, `-${range.toFixed(3)}`, 'text-anchor="end" font-size="11"'),
    text(LAYOUT.left - 8, middle + 4, '0', 'text-anchor="end" font-size="11"'),
  ];
  report.transfer.forEach((t, h) => {
    const x0 = LAYOUT.left + h * LAYOUT.group + 10;
    architectures.forEach((a, k) => {
      const value = t.byArchitecture[a]?.transfer;
      if (value === null || value === undefined) return;
      const top = Math.min(y(value), middle);
      const height = Math.max(1, Math.abs(y(value) - middle));
      parts.push(
        `<rect x="${num(x0 + k * LAYOUT.bar)}" y="${num(top)}" width="${LAYOUT.bar - 4}" height="${num(height)}" fill="${COLOURS[a] ?? '#777'}"><title>${a} ${t.head}: ${value.toFixed(4)}</title></rect>`,
      );
    });
    parts.push(
      text(
        x0,
        LAYOUT.top + LAYOUT.height + 20,
        `${t.head} (${t.metric === 'auc' ? 'AUC' : 'RMSE'})`,
        'font-size="12"',
      ),
    );
  });
  architectures.forEach((a, k) => {
    const yy = LAYOUT.top + k * 20;
    const x = width - 140;
    parts.push(`<rect x="${x}" y="${yy}" width="12" height="12" fill="${COLOURS[a] ?? '#777'}"/>`);
    parts.push(text(x + 18, yy + 11, a, 'font-size="12"'));
  });
  const height = LAYOUT.top + LAYOUT.height + 40;
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" font-family="sans-serif">\n<rect width="100%" height="100%" fill="white"/>\n${parts.join('\n')}\n</svg>\n`;
}

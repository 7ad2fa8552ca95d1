/**
 * The plots' axes: calibration curves from quantile bins (one point per bin for a rare head too)
 * and round tick labels, on the calibration panel and on the sweep scatter (values such as
 * 0.2318 and 0.02645 used to become tick labels as they were).
 */
import { describe, expect, it } from 'vitest';
import { evaluationSvg, roundTicks } from '../../src/cli/commands/evaluate/plot-svg.js';
import { sweepSvg } from '../../src/cli/commands/evaluate/sweep-svg.js';
import { calibration } from '../../src/evaluation/calibration.js';
import type { ModelEvaluation } from '../../src/evaluation/evaluate-model.js';
import type { SweepReport } from '../../src/evaluation/sweep-report.js';

/** The labels of the ticks drawn at `y` (the x axis) or right-aligned at `x` (the y axis). */
function tickLabels(svg: string, at: { y: number } | { x: number }): string[] {
  const pattern =
    'y' in at
      ? new RegExp(`<text x="[-\\d.]+" y="${at.y}" text-anchor="middle">([^<]*)</text>`, 'g')
      : new RegExp(`<text x="${at.x}" y="[-\\d.]+" text-anchor="end">([^<]*)</text>`, 'g');
  return [...svg.matchAll(pattern)].map((m) => m[1]!);
}

/** Labels are round: evenly spaced by 1, 2 or 5 × 10^k, each a multiple of that step, no more decimals than it needs. */
function expectRound(labels: string[]): void {
  expect(labels.length).toBeGreaterThanOrEqual(3);
  const values = labels.map(Number);
  const step = values[1]! - values[0]!;
  const power = 10 ** Math.floor(Math.log10(step) + 1e-9);
  expect([1, 2, 5]).toContain(Math.round(step / power));
  const decimals = Math.max(0, -Math.floor(Math.log10(power) + 1e-9));
  values.forEach((v, i) => {
    expect(v - values[0]! - i * step).toBeCloseTo(0, 9);
    expect(Math.abs(v / step - Math.round(v / step))).toBeLessThan(1e-6);
    expect(labels[i]!).toBe(v.toFixed(decimals));
  });
}

describe('roundTicks', () => {
  it('picks 1, 2 or 5 × 10^k steps and labels every tick with the same decimals', () => {
    expect(roundTicks(0.2134, 0.2502).map((t) => t.label)).toEqual(['0.22', '0.23', '0.24', '0.25']);
    expect(roundTicks(0.02645, 0.0319).map((t) => t.label)).toEqual([
      '0.027',
      '0.028',
      '0.029',
      '0.030',
      '0.031',
    ]);
    expect(roundTicks(0, 0.14).map((t) => t.label)).toEqual([
      '0.00',
      '0.02',
      '0.04',
      '0.06',
      '0.08',
      '0.10',
      '0.12',
      '0.14',
    ]);
    expect(roundTicks(-0.3, 0.3).map((t) => t.label)).toEqual([
      '-0.3',
      '-0.2',
      '-0.1',
      '0.0',
      '0.1',
      '0.2',
      '0.3',
    ]);
  });
});

describe('evaluate --plot: calibration panel', () => {
  it('draws one point per quantile bin of a 2% head, on round ticks', () => {
    let seed = 5;
    const random = () => {
      seed = (Math.imul(seed, 1103515245) + 12345) >>> 0;
      return seed / 2 ** 32;
    };
    const head = (name: string, rate: number) => {
      const predictions = Array.from({ length: 5000 }, () => -rate * Math.log(1 - random()));
      const labels = predictions.map((p) => (random() < p ? 1 : 0));
      return { name, kind: 'binary', calibration: calibration(predictions, labels) };
    };
    const evaluation = {
      model: { name: 'm' },
      data: { rows: 5000, file: 'log.jsonl' },
      heads: [head('click', 0.09), head('like', 0.02)],
      gates: null,
    } as unknown as ModelEvaluation;
    const svg = evaluationSvg(evaluation);
    const polylines = [...svg.matchAll(/<polyline [^>]*points="([^"]*)"/g)].map((m) => m[1]!.split(' '));
    expect(polylines.map((points) => points.length)).toEqual([10, 10]);
    const x = tickLabels(svg, { y: 360 });
    const y = tickLabels(svg, { x: 54 });
    expectRound(x);
    expect(y).toEqual(x);
    expect(x[0]).toBe('0.00');
  });
});

describe('evaluate --sweep --plot: trade-off scatter', () => {
  it('labels both axes with round ticks', () => {
    const point = (name: string, click: number, dismiss: number, pareto = false) => ({
      name,
      profile: null,
      values: { click, dismiss },
      pareto,
    });
    const report = {
      model: { name: 'm' },
      form: 'sum',
      k: 3,
      requests: 1200,
      axes: {
        engagement: { head: 'click', better: 'higher' },
        satisfaction: { head: 'dismiss', better: 'lower' },
      },
      metrics: [],
      profiles: [
        point('a', 0.2318, 0.02645, true),
        point('b', 0.2519, 0.0311, true),
        point('c', 0.2402, 0.0299),
      ],
      references: [point('logged order', 0.2134, 0.02871), point('random order', 0.2207, 0.0302)],
    } as unknown as SweepReport;
    const svg = sweepSvg(report);
    const x = tickLabels(svg, { y: 416 });
    const y = tickLabels(svg, { x: 74 });
    expectRound(x);
    expectRound(y);
    expect(x).toEqual(['0.22', '0.23', '0.24', '0.25']);
    for (const unrounded of ['0.2318', '0.02645']) expect([...x, ...y]).not.toContain(unrounded);
  });
});

/** Gate diagnostics: utilisation and normalised entropy summed over batches, and the two warnings. */
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { selectBackend } from '../../src/engine/tfjs-backend.js';
import {
  COLLAPSED_GATE_WEIGHT,
  createGateAccumulator,
  gateDiagnosticLines,
  gateDiagnostics,
  UNIFORM_GATE_ENTROPY,
} from '../../src/evaluation/gate-diagnostics.js';

beforeAll(async () => {
  await selectBackend('cpu');
});

/** Feeds the rows to a fresh accumulator in batches of `batch` rows, one gate per head. */
function accumulate(heads: number[][][], batch: number) {
  const gates = createGateAccumulator();
  const rows = heads[0]!.length;
  for (let start = 0; start < rows; start += batch) {
    const tensors = heads.map((rowsOfHead) => tf.tensor2d(rowsOfHead.slice(start, start + batch)));
    gates.add(tensors);
    tf.dispose(tensors);
  }
  return gates;
}

describe('gate diagnostics', () => {
  it('measures mean weight per expert and mean row entropy over ln(experts), across batches', () => {
    const uniform = Array.from({ length: 6 }, () => [0.25, 0.25, 0.25, 0.25]);
    // Each row wholly on one of three experts, in turn: a third each, and entropy 0.
    const routed = Array.from({ length: 6 }, (_, r) => [0, 1, 2, 3].map((e) => (e === r % 3 ? 1 : 0)));
    const halves = Array.from({ length: 6 }, () => [0.5, 0.5, 0, 0]);
    const result = accumulate([uniform, routed, halves], 4).result(['click', 'watch', 'like'])!;
    expect(result.heads.map((h) => h.name)).toEqual(['click', 'watch', 'like']);
    expect(result.heads[0]!.entropy).toBeCloseTo(1, 6);
    expect(result.heads[1]!.entropy).toBeCloseTo(0, 6);
    const third = [1 / 3, 1 / 3, 1 / 3, 0];
    for (const [e, w] of result.heads[1]!.utilisation.entries()) expect(w).toBeCloseTo(third[e]!, 6);
    // Two of four experts evenly: ln 2 / ln 4.
    expect(result.heads[2]!.entropy).toBeCloseTo(0.5, 6);
    expect(result.heads[2]!.utilisation).toEqual([0.5, 0.5, 0, 0]);
  });

  it('warns when a gate stays near uniform and when it collapses onto one expert', () => {
    const uniform = Array.from({ length: 5 }, () => [0.5, 0.5]);
    const collapsed = Array.from({ length: 5 }, () => [0.03, 0.02, 0.95]);
    const healthy = Array.from({ length: 5 }, (_, r) => (r % 2 ? [0.8, 0.2] : [0.2, 0.8]));
    const result = accumulate([uniform, collapsed, healthy], 5).result(['click', 'like', 'watch'])!;
    expect(result.warnings).toEqual([
      `gate of click near uniform (normalised entropy 1.000 > ${UNIFORM_GATE_ENTROPY}): its experts are not specialising`,
      `gate of like collapsed onto expert 2 (mean weight 0.950 > ${COLLAPSED_GATE_WEIGHT}): polarisation`,
    ]);
    const lines = gateDiagnosticLines(result);
    expect(lines[0]).toMatch(/^gate utilisation/);
    expect(lines[1]).toBe('  click  entropy 1.00  0.50 0.50');
    expect(lines.at(-1)).toBe(`warning: ${result.warnings[1]}`);
  });

  it('has no entropy and no warning for a gate over one expert, and nothing before any row', () => {
    expect(gateDiagnostics([{ name: 'click', utilisation: [1], entropy: null }]).warnings).toEqual([]);
    expect(createGateAccumulator().result(['click'])).toBeNull();
    expect(gateDiagnosticLines(null)).toEqual([]);
    expect(accumulate([[[1], [1]]], 2).result(['click'])!.heads[0]!.entropy).toBeNull();
  });

  it('leaves no tensor behind', () => {
    const gates = createGateAccumulator();
    const input = tf.tensor2d([
      [0.2, 0.8],
      [0.6, 0.4],
    ]);
    gates.add([input]);
    const before = tf.memory().numTensors;
    for (let i = 0; i < 3; i++) gates.add([input]);
    expect(tf.memory().numTensors).toBe(before);
    input.dispose();
  });
});

import { describe, expect, it } from 'vitest';
import { correlatedTasks } from '../../bench/lib/correlated-tasks.js';
import { pearson } from '../../src/evaluation/metrics.js';

const dot = (a: number[], b: number[]) => a.reduce((s, v, i) => s + v * b[i]!, 0);

describe('correlatedTasks', () => {
  it('sets the cosine of the two weight vectors to ρ and their norm to c', () => {
    for (const rho of [1, 0.9, 0.5, 0, -0.5]) {
      const { w1, w2 } = correlatedTasks(1, rho, 3, 100, 2).parameters;
      expect(Math.sqrt(dot(w1, w1))).toBeCloseTo(2, 10);
      expect(Math.sqrt(dot(w2, w2))).toBeCloseTo(2, 10);
      expect(dot(w1, w2) / 4).toBeCloseTo(rho, 10);
    }
  });

  it('builds each label from its weights, the shared sinusoids and noise of variance 0.01', () => {
    const data = correlatedTasks(4000, 0.5, 5, 20);
    const { w1, w2, alpha, beta } = data.parameters;
    expect(alpha).toHaveLength(10);
    const residuals = (w: number[], y: Float32Array) =>
      Array.from({ length: data.n }, (_, row) => {
        const z = dot(w, Array.from(data.x.subarray(row * data.d, (row + 1) * data.d)));
        return y[row]! - z - alpha.reduce((s, a, i) => s + Math.sin(a * z + beta[i]!), 0);
      });
    for (const r of [residuals(w1, data.y1), residuals(w2, data.y2)]) {
      const mean = r.reduce((a, b) => a + b, 0) / r.length;
      const variance = r.reduce((a, v) => a + (v - mean) ** 2, 0) / r.length;
      expect(Math.abs(mean)).toBeLessThan(0.01);
      expect(variance).toBeGreaterThan(0.009);
      expect(variance).toBeLessThan(0.011);
    }
  });

  it('lowers the label correlation with ρ', () => {
    const correlation = (rho: number) => {
      const data = correlatedTasks(5000, rho, 11);
      return pearson(data.y1, data.y2);
    };
    const [c1, c09, c05, c0] = [1, 0.9, 0.5, 0].map(correlation) as [number, number, number, number];
    expect(c1).toBeGreaterThan(0.99);
    expect(c1).toBeGreaterThan(c09);
    expect(c09).toBeGreaterThan(c05);
    expect(c05).toBeGreaterThan(c0);
    expect(Math.abs(c0)).toBeLessThan(0.1);
  });

  it('repeats for a seed and keeps x and task 1 the same across ρ', () => {
    const a = correlatedTasks(50, 0.9, 7);
    const b = correlatedTasks(50, 0.9, 7);
    const other = correlatedTasks(50, 0, 7);
    expect(b.y2).toEqual(a.y2);
    expect(other.x).toEqual(a.x);
    expect(other.y1).toEqual(a.y1);
    expect(other.y2).not.toEqual(a.y2);
    expect(correlatedTasks(50, 0.9, 8).x).not.toEqual(a.x);
  });
});

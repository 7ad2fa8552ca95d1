import { describe, expect, it } from 'vitest';
import { AliasTable } from '../../src/sim/alias.js';
import { Rng } from '../../src/util/random.js';

function draws(rng: Rng, n: number, f: (r: Rng) => number): number[] {
  return Array.from({ length: n }, () => f(rng));
}

function mean(xs: number[]): number {
  return xs.reduce((a, b) => a + b, 0) / xs.length;
}

describe('Rng', () => {
  it('repeats a sequence for the same seed and stream, and differs otherwise', () => {
    const a = draws(new Rng(7), 5, (r) => r.nextUint32());
    expect(draws(new Rng(7), 5, (r) => r.nextUint32())).toEqual(a);
    expect(draws(new Rng(8), 5, (r) => r.nextUint32())).not.toEqual(a);
    expect(draws(new Rng(7, 'other'), 5, (r) => r.nextUint32())).not.toEqual(a);
    expect(draws(new Rng(7).fork('x'), 5, (r) => r.nextUint32())).toEqual(
      draws(new Rng(7).fork('x'), 5, (r) => r.nextUint32()),
    );
  });

  it('keeps uniforms strictly inside (0, 1) with mean 1/2', () => {
    const xs = draws(new Rng(1), 20_000, (r) => r.uniform());
    expect(Math.min(...xs)).toBeGreaterThan(0);
    expect(Math.max(...xs)).toBeLessThan(1);
    expect(mean(xs)).toBeCloseTo(0.5, 1);
  });

  it('draws normals, gammas and betas with the right means', () => {
    const rng = new Rng(2);
    const z = draws(rng, 20_000, (r) => r.normal(3, 2));
    expect(mean(z)).toBeCloseTo(3, 1);
    expect(Math.sqrt(mean(z.map((x) => (x - 3) ** 2)))).toBeCloseTo(2, 1);
    expect(mean(draws(rng, 20_000, (r) => r.gamma(2.5)))).toBeCloseTo(2.5, 1);
    expect(mean(draws(rng, 20_000, (r) => r.gamma(0.3)))).toBeCloseTo(0.3, 1);
    expect(mean(draws(rng, 20_000, (r) => r.beta(2, 6)))).toBeCloseTo(0.25, 1);
  });

  it('draws Dirichlet vectors on the simplex, sparse for small concentrations', () => {
    const rng = new Rng(3);
    const sparse = rng.dirichlet(new Array(32).fill(0.05));
    expect(sparse.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 9);
    expect(Math.max(...sparse)).toBeGreaterThan(0.3);
    const flat = rng.dirichlet(new Array(4).fill(1000));
    for (const x of flat) expect(x).toBeCloseTo(0.25, 1);
  });

  it('draws categories in proportion and permutes without loss', () => {
    const rng = new Rng(4);
    const counts = [0, 0, 0];
    for (let i = 0; i < 30_000; i++) {
      const k = rng.categorical([1, 2, 7]);
      counts[k] = (counts[k] ?? 0) + 1;
    }
    expect((counts[2] ?? 0) / 30_000).toBeCloseTo(0.7, 1);
    const perm = Array.from(rng.permutation(50)).sort((a, b) => a - b);
    expect(perm).toEqual(Array.from({ length: 50 }, (_, i) => i));
  });
});

describe('AliasTable', () => {
  it('samples in proportion to the weights and never a zero weight', () => {
    const table = new AliasTable([5, 0, 1, 4]);
    const rng = new Rng(5);
    const counts = [0, 0, 0, 0];
    for (let i = 0; i < 40_000; i++) {
      const k = table.sample(rng);
      counts[k] = (counts[k] ?? 0) + 1;
    }
    expect(counts[1]).toBe(0);
    expect((counts[0] ?? 0) / 40_000).toBeCloseTo(0.5, 1);
    expect((counts[3] ?? 0) / 40_000).toBeCloseTo(0.4, 1);
  });

  it('rejects empty or all-zero weights', () => {
    expect(() => new AliasTable([])).toThrow();
    expect(() => new AliasTable([0, 0])).toThrow();
  });
});

import { describe, expect, it } from 'vitest';
import { EXACT_MAX_ITEMS, exactNearest } from '../../src/candidates/embeddings/knn.js';
import { lshNearest } from '../../src/candidates/embeddings/lsh.js';
import { unitRows } from '../../src/candidates/embeddings/vector.js';
import { fitItemEmbeddings, nearestItems } from '../../src/candidates/embeddings.js';
import type { Csr } from '../../src/candidates/types.js';
import { Rng } from '../../src/util/random.js';

/** Users in `clusters` groups, each clicking items of its own cluster with probability `inside`. */
function plantedClicks(
  clusters: number,
  perCluster: number,
  nUsers: number,
  perUser: number,
  inside: number,
) {
  const rng = new Rng(11, 'test/planted-clicks');
  const users = new Int32Array(nUsers * perUser);
  const items = new Int32Array(nUsers * perUser);
  for (let c = 0; c < users.length; c++) {
    const user = Math.floor(c / perUser);
    const cluster = rng.bernoulli(inside) ? user % clusters : rng.int(clusters);
    users[c] = user;
    items[c] = cluster * perCluster + rng.int(perCluster);
  }
  return { users, items };
}

function row(csr: Csr, i: number): number[] {
  return Array.from(csr.targets.subarray(csr.offsets[i], csr.offsets[i + 1]));
}

/** Mean share of each row's exact top-10 found in the approximate top-10. */
function recallAt10(approx: Csr, exact: Csr, n: number): number {
  let found = 0;
  for (let i = 0; i < n; i++) {
    const want = new Set(row(exact, i).slice(0, 10));
    found += row(approx, i)
      .slice(0, 10)
      .filter((j) => want.has(j)).length;
  }
  return found / (10 * n);
}

// 5 clusters of 60 clicked items, then 20 items nobody clicks (300..319).
const CLUSTERS = 5;
const PER_CLUSTER = 60;
const WARM = CLUSTERS * PER_CLUSTER;
const N_ITEMS = WARM + 20;
const N_USERS = 300;
const clicks = plantedClicks(CLUSTERS, PER_CLUSTER, N_USERS, 15, 0.9);
const options = { dim: 32, epochs: 10, seed: 3 };
const embeddings = fitItemEmbeddings(clicks, N_USERS, N_ITEMS, options);

describe('fitItemEmbeddings', () => {
  it('puts items of the same planted cluster nearest to each other', () => {
    const lists = nearestItems(embeddings, N_ITEMS, options.dim, 5);
    let mostlySame = 0;
    for (let i = 0; i < WARM; i++) {
      const same = row(lists, i).filter((j) => Math.floor(j / PER_CLUSTER) === Math.floor(i / PER_CLUSTER));
      if (same.length >= 4) mostlySame++;
    }
    expect(mostlySame / WARM).toBeGreaterThanOrEqual(0.95);
  });

  it('returns unit-length rows, nItems × dim, for clicked and unclicked items alike', () => {
    expect(embeddings).toHaveLength(N_ITEMS * options.dim);
    for (let i = 0; i < N_ITEMS; i++) {
      const v = embeddings.subarray(i * options.dim, (i + 1) * options.dim);
      expect(Math.hypot(...v)).toBeCloseTo(1, 5);
    }
  });

  it('leaves unclicked items random, so they rarely appear among clicked items’ neighbours', () => {
    const lists = nearestItems(embeddings, N_ITEMS, options.dim, 5);
    let cold = 0;
    for (let i = 0; i < WARM; i++) cold += row(lists, i).filter((j) => j >= WARM).length;
    expect(cold / (5 * WARM)).toBeLessThan(0.02);
  });

  it('is deterministic for a seed and differs across seeds', () => {
    expect(fitItemEmbeddings(clicks, N_USERS, N_ITEMS, options)).toEqual(embeddings);
    expect(fitItemEmbeddings(clicks, N_USERS, N_ITEMS, { ...options, seed: 4 })).not.toEqual(embeddings);
  });

  it('rejects clicks outside the declared users and items', () => {
    const bad = { users: Int32Array.of(0, 5), items: Int32Array.of(1, 1) };
    expect(() => fitItemEmbeddings(bad, 5, 2, options)).toThrow(RangeError);
    const uneven = { users: Int32Array.of(0), items: Int32Array.of(0, 1) };
    expect(() => fitItemEmbeddings(uneven, 1, 2, options)).toThrow(/1 users but 2 items/);
  });
});

describe('nearestItems', () => {
  // Four 2-D directions at 0°, 10°, 90° and 180° (lengths vary: cosine ignores them).
  const at = (degrees: number, length: number) => [
    length * Math.cos((degrees * Math.PI) / 180),
    length * Math.sin((degrees * Math.PI) / 180),
  ];
  const points = Float32Array.from([...at(0, 1), ...at(10, 3), ...at(90, 0.5), ...at(180, 2)]);

  it('lists neighbours by cosine, best first, without the item itself', () => {
    const lists = nearestItems(points, 4, 2, 2);
    expect(Array.from(lists.offsets)).toEqual([0, 2, 4, 6, 8]);
    expect(row(lists, 0)).toEqual([1, 2]);
    expect(row(lists, 1)).toEqual([0, 2]);
    expect(row(lists, 3)).toEqual([2, 1]);
    expect(lists.scores[0]).toBeCloseTo(Math.cos((10 * Math.PI) / 180), 5);
    for (let i = 0; i < 4; i++) {
      expect(row(lists, i)).not.toContain(i);
      const scores = Array.from(lists.scores.subarray(lists.offsets[i], lists.offsets[i + 1]));
      expect(scores).toEqual([...scores].sort((a, b) => b - a));
    }
  });

  it('keeps nItems − 1 neighbours when k asks for more, and handles 0 and 1 items', () => {
    const lists = nearestItems(points, 4, 2, 50);
    expect(Array.from(lists.offsets)).toEqual([0, 3, 6, 9, 12]);
    expect(row(lists, 0).sort()).toEqual([1, 2, 3]);
    expect(Array.from(nearestItems(Float32Array.of(1, 0), 1, 2, 5).offsets)).toEqual([0, 0]);
    expect(Array.from(nearestItems(new Float32Array(0), 0, 2, 5).offsets)).toEqual([0]);
  });

  it('rejects embeddings of the wrong size', () => {
    expect(() => nearestItems(points, 3, 2, 1)).toThrow(RangeError);
  });

  it('above the exact limit, still returns k neighbours per item without itself', () => {
    const n = EXACT_MAX_ITEMS + 500;
    const rng = new Rng(5, 'test/large');
    const vectors = Float32Array.from({ length: n * 8 }, () => rng.normal());
    const lists = nearestItems(vectors, n, 8, 5);
    expect(lists.offsets[n]).toBe(5 * n);
    for (let i = 0; i < n; i += 97) expect(row(lists, i)).not.toContain(i);
  });
});

describe('approximate nearest items (LSH + refinement)', () => {
  it('finds most of the exact top-10 on fitted embeddings of 3,000 items', () => {
    // 30 clusters of 100 items, 8 clicks a user: sparse like real logs.
    const n = 3_000;
    const sparse = plantedClicks(30, 100, 1_500, 8, 0.85);
    const unit = unitRows(fitItemEmbeddings(sparse, 1_500, n, { dim: 32, epochs: 10, seed: 1 }), n, 32);
    const recall = recallAt10(lshNearest(unit, n, 32, 10), exactNearest(unit, n, 32, 10), n);
    expect(recall).toBeGreaterThanOrEqual(0.8);
  });

  it('finds most of the exact top-10 on unclustered random vectors', () => {
    const n = 3_000;
    const rng = new Rng(9, 'test/gaussian');
    const unit = unitRows(
      Float32Array.from({ length: n * 32 }, () => rng.normal()),
      n,
      32,
    );
    const recall = recallAt10(lshNearest(unit, n, 32, 10), exactNearest(unit, n, 32, 10), n);
    expect(recall).toBeGreaterThanOrEqual(0.8);
  });
});

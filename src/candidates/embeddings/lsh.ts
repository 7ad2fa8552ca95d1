/**
 * Approximate k nearest neighbours by cosine: random-hyperplane LSH (Charikar 2002) with the
 * buckets read as sorted windows, as in LSH Forest (Bawa et al. 2005).
 *
 * Each table draws BITS random hyperplanes; an item's code is its BITS sign bits, and two unit
 * vectors at angle θ agree on each bit with probability 1 − θ/π, so near items share long code
 * prefixes. Instead of fixed b-bit buckets (which planted clusters and popular regions make
 * very uneven: one bucket of thousands of items, the rest near empty, and a plain cap would
 * drop arbitrary mates), each table sorts the items by code and takes as an item's bucket the
 * WINDOW items either side of it in that order: the mates sharing the longest prefixes. The
 * bucket size is capped at 2·WINDOW everywhere while its prefix length adapts to the density.
 * Candidates are the union over TABLES tables, reranked by exact cosine; then ROUNDS rounds of
 * neighbour-of-neighbour refinement (refine.ts) recover most of what the tables missed, more
 * cheaply than more tables would (same recall as 32 tables × 64 at about half the time).
 *
 * Cost: n · (TABLES · 2·WINDOW + ROUNDS · FANOUT²) dot products, linear in n. Recall against
 * exact search is measured in test/candidates/embeddings.test.ts and bench/candidates-embeddings.ts.
 */
import { Rng } from '../../util/random.js';
import type { Csr } from '../types.js';
import { refineNeighbours } from './refine.js';
import { CsrBuilder, TopK } from './top-k.js';
import { dot } from './vector.js';

/** How wide the approximate search looks; more tables or a wider window buy recall with time. */
export interface LshOptions {
  /** Independent hash tables (default 8). */
  tables?: number;
  /** Items taken on each side of the query in a table's code order (default 32). */
  window?: number;
  /** Seed of the hyperplanes (default 1: the search is deterministic). */
  seed?: number;
  /** Neighbour-of-neighbour refinement rounds after the hash tables (default 2, see refine.ts). */
  rounds?: number;
  /** Neighbours (and their neighbours) each refinement round looks through (default 30). */
  fanout?: number;
}

/** Sign bits per code: 2²⁴ codes are far more than any catalogue's items, and code · n stays exact in a double. */
const BITS = 24;

/** Approximate k nearest neighbours of every row of `unit` (unit-length rows, see unitRows). */
export function lshNearest(
  unit: Float32Array,
  nItems: number,
  dim: number,
  k: number,
  options: LshOptions = {},
): Csr {
  const { tables = 8, window = 32, seed = 1, rounds = 2, fanout = 30 } = options;
  // Work on a copy whose rows are in code order, so that similar items sit close in memory: the
  // search reads rows at random, and at 100k items this locality halves its time (cache misses).
  const layout = sortByCode(unit, nItems, dim, new Rng(seed, 'candidates/lsh-layout'));
  const local = new Float32Array(nItems * dim);
  for (let p = 0; p < nItems; p++) {
    const i = layout[p] ?? 0;
    local.set(unit.subarray(i * dim, (i + 1) * dim), p * dim);
  }
  const kept = Math.max(k, fanout);
  let graph = hashCandidates(local, nItems, dim, kept, tables, window, seed);
  for (let r = 0; r < rounds; r++) graph = refineNeighbours(local, dim, graph, kept, fanout);
  return relabel(graph, layout, k);
}

function hashCandidates(
  unit: Float32Array,
  nItems: number,
  dim: number,
  k: number,
  tables: number,
  window: number,
  seed: number,
): Csr {
  const rng = new Rng(seed, 'candidates/lsh');
  const orders: Int32Array[] = [];
  const positions: Int32Array[] = [];
  for (let t = 0; t < tables; t++) {
    const order = sortByCode(unit, nItems, dim, rng);
    const position = new Int32Array(nItems);
    for (let p = 0; p < nItems; p++) position[order[p] ?? 0] = p;
    orders.push(order);
    positions.push(position);
  }

  // seen[j] === i marks j as already scored for query i, so each candidate is scored once.
  const seen = new Int32Array(nItems).fill(-1);
  const top = new TopK(k);
  const out = new CsrBuilder(nItems, k);
  for (let i = 0; i < nItems; i++) {
    top.clear();
    seen[i] = i;
    const a = i * dim;
    for (let t = 0; t < tables; t++) {
      const order = orders[t] as Int32Array;
      const p = (positions[t] as Int32Array)[i] ?? 0;
      const end = Math.min(nItems, p + window + 1);
      for (let q = Math.max(0, p - window); q < end; q++) {
        const j = order[q] ?? 0;
        if (seen[j] === i) continue;
        seen[j] = i;
        top.push(j, dot(unit, a, j * dim, dim));
      }
    }
    out.addRow(top);
  }
  return out.build();
}

/** One table: BITS fresh Gaussian hyperplanes, and the items sorted by their sign codes. */
function sortByCode(unit: Float32Array, nItems: number, dim: number, rng: Rng): Int32Array {
  const planes = new Float32Array(BITS * dim);
  for (let x = 0; x < planes.length; x++) planes[x] = rng.normal();
  // Sort keys code · n + item: a plain numeric sort of doubles, no comparator calls.
  const keys = new Float64Array(nItems);
  for (let i = 0; i < nItems; i++) {
    let code = 0;
    for (let bit = 0; bit < BITS; bit++) {
      let side = 0;
      for (let d = 0; d < dim; d++) side += (planes[bit * dim + d] ?? 0) * (unit[i * dim + d] ?? 0);
      code = code * 2 + (side >= 0 ? 1 : 0);
    }
    keys[i] = code * nItems + i;
  }
  keys.sort();
  const order = new Int32Array(nItems);
  for (let p = 0; p < nItems; p++) order[p] = (keys[p] ?? 0) % nItems;
  return order;
}

/** Back to item indices: row layout[p] of the result is row p of `graph`, cut to k entries. */
function relabel(graph: Csr, layout: Int32Array, k: number): Csr {
  const nItems = layout.length;
  const rowOf = new Int32Array(nItems);
  for (let p = 0; p < nItems; p++) rowOf[layout[p] ?? 0] = p;
  const out = new CsrBuilder(nItems, k);
  const top = new TopK(k);
  for (let i = 0; i < nItems; i++) {
    top.clear();
    const start = graph.offsets[rowOf[i] ?? 0] ?? 0;
    const end = Math.min(graph.offsets[(rowOf[i] ?? 0) + 1] ?? 0, start + k);
    // Rows are sorted best first, so each push lands at the end of the list.
    for (let q = start; q < end; q++) top.push(layout[graph.targets[q] ?? 0] ?? 0, graph.scores[q] ?? 0);
    out.addRow(top);
  }
  return out.build();
}

/**
 * One round of neighbour-of-neighbour refinement (the local join of NN-Descent, Dong et al.
 * 2011): a neighbour's neighbour is likely a neighbour, so each item rescores the top `fanout`
 * entries of its top `fanout` neighbours' lists and keeps the best k of those and its own list.
 * It repairs what the hash tables missed at fanout² extra dot products per item.
 */
import type { Csr } from '../types.js';
import { CsrBuilder, TopK } from './top-k.js';
import { dot } from './vector.js';

/** A better k-nearest list for every row of `unit` (unit-length rows), starting from `graph`. */
export function refineNeighbours(
  unit: Float32Array,
  dim: number,
  graph: Csr,
  k: number,
  fanout: number,
): Csr {
  const nItems = graph.offsets.length - 1;
  const { offsets, targets, scores } = graph;
  const seen = new Int32Array(nItems).fill(-1);
  const top = new TopK(k);
  const out = new CsrBuilder(nItems, k);
  for (let i = 0; i < nItems; i++) {
    top.clear();
    seen[i] = i;
    const start = offsets[i] ?? 0;
    const end = offsets[i + 1] ?? 0;
    for (let p = start; p < end; p++) {
      const j = targets[p] ?? 0;
      seen[j] = i;
      top.push(j, scores[p] ?? 0);
    }
    const a = i * dim;
    for (let p = start; p < Math.min(end, start + fanout); p++) {
      const j = targets[p] ?? 0;
      const jStart = offsets[j] ?? 0;
      const jEnd = Math.min(offsets[j + 1] ?? 0, jStart + fanout);
      for (let q = jStart; q < jEnd; q++) {
        const l = targets[q] ?? 0;
        if (seen[l] === i) continue;
        seen[l] = i;
        top.push(l, dot(unit, a, l * dim, dim));
      }
    }
    out.addRow(top);
  }
  return out.build();
}

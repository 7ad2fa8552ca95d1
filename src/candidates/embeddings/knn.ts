/**
 * Item → k nearest items by cosine. Exact (every pair) up to EXACT_MAX_ITEMS items, where it
 * costs under a second; above that, the approximate search in lsh.ts, since every pair of 100k
 * items is 3·10¹¹ multiply-adds.
 */
import type { Csr } from '../types.js';
import { lshNearest } from './lsh.js';
import { CsrBuilder, TopK } from './top-k.js';
import { dot, unitRows } from './vector.js';

/** Largest catalogue searched exactly: 5,000² pairs at dim 32 take about two seconds on one core. */
export const EXACT_MAX_ITEMS = 5_000;

/** Each item's k nearest items by cosine (itself excluded), best first, as a Csr. */
export function nearestItems(embeddings: Float32Array, nItems: number, dim: number, k: number): Csr {
  checkShape(embeddings, nItems, dim);
  if (!Number.isInteger(k) || k < 0) throw new RangeError(`k must be a non-negative integer, got ${k}`);
  const unit = unitRows(embeddings, nItems, dim);
  const kept = Math.min(k, Math.max(0, nItems - 1));
  return nItems <= EXACT_MAX_ITEMS
    ? exactNearest(unit, nItems, dim, kept)
    : lshNearest(unit, nItems, dim, kept);
}

/** Every pair compared: exact, O(n² · dim). Expects unit rows (see unitRows). */
export function exactNearest(unit: Float32Array, nItems: number, dim: number, k: number): Csr {
  const top = new TopK(k);
  const out = new CsrBuilder(nItems, k);
  for (let i = 0; i < nItems; i++) {
    top.clear();
    const a = i * dim;
    for (let j = 0; j < nItems; j++) {
      if (j === i) continue;
      top.push(j, dot(unit, a, j * dim, dim));
    }
    out.addRow(top);
  }
  return out.build();
}

function checkShape(embeddings: Float32Array, nItems: number, dim: number): void {
  if (!Number.isInteger(nItems) || nItems < 0) throw new RangeError(`nItems must be ≥ 0, got ${nItems}`);
  if (!Number.isInteger(dim) || dim < 1) throw new RangeError(`dim must be ≥ 1, got ${dim}`);
  if (embeddings.length !== nItems * dim) {
    throw new RangeError(`embeddings hold ${embeddings.length} values, expected ${nItems} × ${dim}`);
  }
}

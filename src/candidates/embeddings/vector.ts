/** Row-major vector helpers for the neighbour search. */

/** Dot product of the rows starting at a and b; four accumulators, about 20% faster than one in V8. */
export function dot(v: Float32Array, a: number, b: number, dim: number): number {
  let s0 = 0;
  let s1 = 0;
  let s2 = 0;
  let s3 = 0;
  let d = 0;
  // Indices stay inside both rows (callers pass row starts of a nItems × dim array), hence the `!`.
  for (; d + 3 < dim; d += 4) {
    s0 += v[a + d]! * v[b + d]!;
    s1 += v[a + d + 1]! * v[b + d + 1]!;
    s2 += v[a + d + 2]! * v[b + d + 2]!;
    s3 += v[a + d + 3]! * v[b + d + 3]!;
  }
  for (; d < dim; d++) s0 += v[a + d]! * v[b + d]!;
  return s0 + s1 + s2 + s3;
}

/** A copy with every row scaled to length 1, so dot products are cosines; zero rows stay zero. */
export function unitRows(embeddings: Float32Array, nItems: number, dim: number): Float32Array {
  const unit = new Float32Array(nItems * dim);
  for (let i = 0; i < nItems; i++) {
    const row = i * dim;
    const sq = dot(embeddings, row, row, dim);
    const scale = sq > 0 ? 1 / Math.sqrt(sq) : 0;
    for (let d = 0; d < dim; d++) unit[row + d] = (embeddings[row + d] ?? 0) * scale;
  }
  return unit;
}

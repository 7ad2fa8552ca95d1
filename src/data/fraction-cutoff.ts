/**
 * The exact quantile behind `validation: {lastFraction}`: the timestamp after which about a
 * fraction of the rows lie, in one pass and a sort for logs up to 4M rows, in three streaming
 * passes beyond that, so memory stays bounded on any log.
 */

const BINS = 4096;
/** Timestamps held for an in-memory sort (32 MB); longer logs fall back to the histogram passes. */
export const MAX_HELD_TIMESTAMPS = 1 << 22;

/**
 * The timestamp after which about `fraction` of the values lie (ties stay before it).
 * One pass and a sort when the log has at most `maxHeld` rows; two more passes otherwise.
 */
export async function fractionCutoff(
  values: () => AsyncIterable<number>,
  fraction: number,
  maxHeld = MAX_HELD_TIMESTAMPS,
): Promise<number> {
  let held: Float64Array | null = new Float64Array(Math.min(1024, maxHeld));
  let count = 0;
  let min = Number.POSITIVE_INFINITY;
  let max = Number.NEGATIVE_INFINITY;
  for await (const t of values()) {
    if (held && count === held.length) held = count < maxHeld ? grow(held, maxHeld) : null;
    if (held) held[count] = t;
    count += 1;
    if (t < min) min = t;
    if (t > max) max = t;
  }
  // k = the number of rows kept for training; the cutoff is the k-th smallest value.
  const k = count - Math.round(count * fraction);
  if (count === 0) return Number.POSITIVE_INFINITY;
  if (k <= 0) return Number.NEGATIVE_INFINITY;
  if (held) return held.subarray(0, count).sort()[k - 1] ?? max;
  return histogramCutoff(values, k, min, max);
}

function grow(array: Float64Array, limit: number): Float64Array {
  const bigger = new Float64Array(Math.min(limit, array.length * 2));
  bigger.set(array);
  return bigger;
}

// The k-th smallest value in two more passes: a coarse histogram finds its bin, then only that
// bin's distinct values are held (few, for any realistic timestamp column).
async function histogramCutoff(values: () => AsyncIterable<number>, k: number, min: number, max: number) {
  if (min === max) return max;
  const binOf = (t: number) => Math.min(BINS - 1, Math.floor(((t - min) / (max - min)) * BINS));
  const histogram = new Float64Array(BINS);
  for await (const t of values()) histogram[binOf(t)]! += 1;
  let bin = 0;
  let before = 0;
  while (before + histogram[bin]! < k) before += histogram[bin++]!;
  const inBin = new Map<number, number>();
  for await (const t of values()) if (binOf(t) === bin) inBin.set(t, (inBin.get(t) ?? 0) + 1);
  let rank = k - before;
  for (const value of [...inBin.keys()].sort((a, b) => a - b)) {
    rank -= inBin.get(value) ?? 0;
    if (rank <= 0) return value;
  }
  return max;
}

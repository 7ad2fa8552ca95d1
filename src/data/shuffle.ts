/**
 * A streaming shuffle buffer: rows are held in a buffer of `size` and each arriving row swaps
 * out a random one, so a time-ordered log is trained on in a locally random order with memory
 * bounded by the buffer. Rows of one request, adjacent in the log, end up in different batches.
 */

/** Yields `source` in a shuffled order drawn from `uniform` (a seeded [0, 1) source keeps runs repeatable). */
export async function* shuffled<T>(
  source: AsyncIterable<T>,
  size: number,
  uniform: () => number,
): AsyncGenerator<T> {
  if (size <= 1) {
    yield* source;
    return;
  }
  const buffer: T[] = [];
  for await (const row of source) {
    if (buffer.length < size) {
      buffer.push(row);
      continue;
    }
    const slot = Math.floor(uniform() * size);
    const out = buffer[slot] as T;
    buffer[slot] = row;
    yield out;
  }
  // Drain with a Fisher–Yates pass so the tail is shuffled too.
  for (let i = buffer.length - 1; i >= 0; i--) {
    const j = Math.floor(uniform() * (i + 1));
    yield buffer[j] as T;
    buffer[j] = buffer[i] as T;
  }
}

import { describe, expect, it } from 'vitest';
import { shuffled } from '../../src/data/shuffle.js';
import { Rng } from '../../src/util/random.js';

async function* count(n: number): AsyncGenerator<number> {
  for (let i = 0; i < n; i++) yield i;
}

async function collect(source: AsyncIterable<number>): Promise<number[]> {
  const out: number[] = [];
  for await (const x of source) out.push(x);
  return out;
}

describe('shuffled', () => {
  it('yields every row exactly once, in a different order', async () => {
    const rng = new Rng(1, 'shuffle');
    const rows = await collect(shuffled(count(1000), 100, () => rng.uniform()));
    expect([...rows].sort((a, b) => a - b)).toEqual(Array.from({ length: 1000 }, (_, i) => i));
    const inPlace = rows.filter((x, i) => x === i).length;
    expect(inPlace).toBeLessThan(50);
  });

  it('moves rows by at most about the buffer size early, and repeats for a seed', async () => {
    const run = async () => {
      const rng = new Rng(7, 'shuffle');
      return collect(shuffled(count(500), 50, () => rng.uniform()));
    };
    const rows = await run();
    // Row i cannot come out before it has arrived: position >= i - buffer size.
    for (const [position, x] of rows.entries()) expect(position).toBeGreaterThanOrEqual(x - 50);
    expect(await run()).toEqual(rows);
  });

  it('passes rows through unchanged with a buffer of 1 or less, and handles short sources', async () => {
    expect(await collect(shuffled(count(5), 1, Math.random))).toEqual([0, 1, 2, 3, 4]);
    const rng = new Rng(3, 'shuffle');
    const short = await collect(shuffled(count(3), 100, () => rng.uniform()));
    expect([...short].sort()).toEqual([0, 1, 2]);
  });
});

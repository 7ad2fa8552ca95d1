/**
 * The id → slot index under the live catalog's columns: through random adds and removes (which
 * shift runs of the hash table back), it answers as a Map of the same ids would, hands freed slots
 * out again, and never holds two ids in one slot.
 */
import { describe, expect, it } from 'vitest';
import { Rng } from '../../src/util/random.js';
import { createSlotIndex } from '../../src/util/slot-index.js';

describe('slot index', () => {
  it('answers as a Map through 200,000 random adds and removes', () => {
    const index = createSlotIndex();
    const reference = new Map<string, number>();
    const rng = new Rng(41, 'slot-index');
    // Few distinct ids, so removes hit and runs collide; some share a prefix, one is empty.
    const ids = ['', ...Array.from({ length: 3000 }, (_, i) => (i % 2 ? `item-${i}` : `${i}`))];
    for (let step = 0; step < 200_000; step++) {
      const id = ids[rng.int(ids.length)]!;
      if (rng.uniform() < 0.55) {
        const slot = index.add(id);
        if (reference.has(id)) expect(slot).toBe(reference.get(id));
        reference.set(id, slot);
      } else {
        expect(index.remove(id)).toBe(reference.get(id) ?? -1);
        reference.delete(id);
      }
      if (step % 10_000 === 0) {
        for (const other of ids) expect(index.slotOf(other)).toBe(reference.get(other) ?? -1);
        expect(index.size).toBe(reference.size);
        expect(new Map(index.entries())).toEqual(reference);
      }
    }
    const slots = [...index.entries()].map(([, slot]) => slot);
    expect(new Set(slots).size).toBe(slots.length);
    expect(index.end).toBeLessThanOrEqual(ids.length);
  });

  it('hands out slots in order, and a freed one to the next id', () => {
    const index = createSlotIndex();
    expect(['a', 'b', 'c'].map((id) => index.add(id))).toEqual([0, 1, 2]);
    expect(index.add('b')).toBe(1);
    expect(index.remove('b')).toBe(1);
    expect(index.remove('b')).toBe(-1);
    expect(index.add('d')).toBe(1);
    expect(index.end).toBe(3);
    expect([...index.entries()]).toEqual([
      ['a', 0],
      ['d', 1],
      ['c', 2],
    ]);
  });
});

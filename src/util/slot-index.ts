/**
 * Dense slot numbers for string ids, so that what is held per id can live in typed columns
 * indexed by slot instead of an object per id: a million ids then cost one Map of small integers
 * (one probe per lookup) and a few bytes per column, and the garbage collector meets no object per
 * id besides the id string. A slot freed by `remove` is handed to the next id added.
 */

/** Ids and their slots. */
export interface SlotIndex {
  /** Ids held. */
  readonly size: number;
  /** One more than the highest slot ever handed out: columns need at least this many entries. */
  readonly end: number;
  /** The id's slot, or -1. */
  slotOf(id: string): number;
  /** The id's slot; a free or new one when it has none. */
  add(id: string): number;
  /** Forgets the id; returns the slot it had (now free), or -1. */
  remove(id: string): number;
  /** Every id with its slot, in the order the ids were added. */
  entries(): IterableIterator<[string, number]>;
}

/** An empty index. */
export function createSlotIndex(): SlotIndex {
  const slots = new Map<string, number>();
  const free: number[] = [];
  let end = 0;
  return {
    get size() {
      return slots.size;
    },
    get end() {
      return end;
    },
    slotOf: (id) => slots.get(id) ?? -1,
    add(id) {
      let slot = slots.get(id);
      if (slot === undefined) {
        slot = free.pop() ?? end++;
        slots.set(id, slot);
      }
      return slot;
    },
    remove(id) {
      const slot = slots.get(id);
      if (slot === undefined) return -1;
      slots.delete(id);
      free.push(slot);
      return slot;
    },
    entries: () => slots.entries(),
  };
}

type Column = Uint8Array | Int32Array | Float32Array | Float64Array;

/**
 * `column` with room for `length` entries: itself when it has it, else a copy at least twice as
 * long (so a column grown one slot at a time is copied a logarithmic number of times).
 */
export function withRoom<T extends Column>(column: T, length: number): T {
  if (length <= column.length) return column;
  const Kind = column.constructor as new (length: number) => T;
  const grown = new Kind(Math.max(length, column.length * 2, 64));
  grown.set(column);
  return grown;
}

/**
 * Dense slot numbers for string ids, so that what is held per id can live in typed columns
 * indexed by slot instead of an object per id: a million ids cost 24 bytes each here (a hash
 * table of int32 pairs at most half full, and the id strings by slot), a few bytes per column,
 * and the garbage collector meets no object per id besides the id string.
 *
 * Not a Map: a lookup in a million-entry Map misses the cache four or five times (its bucket, each
 * entry of the chain and each entry's key string), about 1 µs a probe once a request's other work
 * has evicted it, 0.5 ms for a ranking of 500 candidates. Here a probe reads one pair (the hash
 * and the slot, side by side; linear probing finds a neighbour in the same cache line) and the id
 * it names to confirm it. A slot freed by `remove` is handed to the next id added.
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
  /** Every id with its slot, in slot order (the order added, but for slots handed out again). */
  entries(): IterableIterator<[string, number]>;
}

/** FNV-1a over the UTF-16 units, then murmur3's finalizer (FNV's low bits, which index the table, are weak). */
function hashOf(id: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < id.length; i++) h = Math.imul(h ^ id.charCodeAt(i), 0x01000193);
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  return h ^ (h >>> 16);
}

/** An empty index. */
export function createSlotIndex(): SlotIndex {
  /** By slot; undefined for a free slot. */
  const ids: (string | undefined)[] = [];
  const free: number[] = [];
  /** Open addressing, linear probing: pairs of (hash, slot + 1); 0 marks an empty pair. */
  let table = new Int32Array(2 * 64);
  let mask = 63;
  let size = 0;

  /** Where `id` is in the table, or the empty pair where it would go. */
  const find = (id: string, hash: number): number => {
    for (let at = hash & mask; ; at = (at + 1) & mask) {
      const held = table[2 * at + 1]!;
      if (held === 0 || (table[2 * at] === hash && ids[held - 1] === id)) return at;
    }
  };

  const put = (hash: number, slotPlusOne: number) => {
    let at = hash & mask;
    while (table[2 * at + 1] !== 0) at = (at + 1) & mask;
    table[2 * at] = hash;
    table[2 * at + 1] = slotPlusOne;
  };

  const grow = () => {
    const old = table;
    table = new Int32Array(old.length * 2);
    mask = table.length / 2 - 1;
    for (let at = 0; at < old.length; at += 2) if (old[at + 1] !== 0) put(old[at]!, old[at + 1]!);
  };

  return {
    get size() {
      return size;
    },
    get end() {
      return ids.length;
    },
    slotOf(id) {
      const at = find(id, hashOf(id));
      return table[2 * at + 1]! - 1;
    },
    add(id) {
      const hash = hashOf(id);
      const at = find(id, hash);
      if (table[2 * at + 1] !== 0) return table[2 * at + 1]! - 1;
      const slot = free.pop() ?? ids.length;
      ids[slot] = id;
      size += 1;
      // At most half full, so runs stay short.
      if (2 * size > mask + 1) {
        grow();
        put(hash, slot + 1);
      } else {
        table[2 * at] = hash;
        table[2 * at + 1] = slot + 1;
      }
      return slot;
    },
    remove(id) {
      let at = find(id, hashOf(id));
      const slot = table[2 * at + 1]! - 1;
      if (slot < 0) return -1;
      ids[slot] = undefined;
      free.push(slot);
      size -= 1;
      // Backward-shift deletion: pull later pairs of the run into the hole when the hole lies
      // between their home and where they sit, so no lookup ever stops short at it.
      for (let next = (at + 1) & mask; table[2 * next + 1] !== 0; next = (next + 1) & mask) {
        const home = table[2 * next]! & mask;
        const movable = at <= next ? home <= at || home > next : home <= at && home > next;
        if (!movable) continue;
        table[2 * at] = table[2 * next]!;
        table[2 * at + 1] = table[2 * next + 1]!;
        at = next;
      }
      table[2 * at] = 0;
      table[2 * at + 1] = 0;
      return slot;
    },
    *entries() {
      for (let slot = 0; slot < ids.length; slot++) {
        const id = ids[slot];
        if (id !== undefined) yield [id, slot];
      }
    },
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

/**
 * Per-item counters as growable float64 arrays: the item vocabulary grows while the log is read,
 * and a typed array costs 8 bytes an item where a Map would cost several times that.
 */

/** A float64 array indexed by item that grows on demand, new slots set to `fill`. */
export class ItemCounter {
  private data: Float64Array;

  /** An empty counter; `fill` is the value of slots never written (0 for counts). */
  constructor(private readonly fill = 0) {
    this.data = new Float64Array(64).fill(fill);
  }

  /** Adds `value` to slot `i`. */
  add(i: number, value: number): void {
    this.ensure(i);
    this.data[i] = (this.data[i] ?? 0) + value;
  }

  /** Keeps the smaller of the current value and `value` in slot `i`. */
  min(i: number, value: number): void {
    this.ensure(i);
    if (value < (this.data[i] ?? this.fill)) this.data[i] = value;
  }

  /** The value in slot `i` (`fill` when never written). */
  get(i: number): number {
    return i < this.data.length ? (this.data[i] ?? this.fill) : this.fill;
  }

  /** Multiplies every slot by `factor` (decay rescaling). */
  scale(factor: number): void {
    for (let i = 0; i < this.data.length; i++) this.data[i] = (this.data[i] ?? 0) * factor;
  }

  /** A copy of the first `n` slots, each multiplied by `factor`. */
  toArray(n: number, factor = 1): Float64Array {
    const out = new Float64Array(n).fill(this.fill);
    const m = Math.min(n, this.data.length);
    for (let i = 0; i < m; i++) out[i] = (this.data[i] ?? 0) * factor;
    return out;
  }

  private ensure(i: number): void {
    if (i < this.data.length) return;
    let size = this.data.length * 2;
    while (size <= i) size *= 2;
    const grown = new Float64Array(size).fill(this.fill);
    grown.set(this.data);
    this.data = grown;
  }
}

/** Ids ↔ dense indices 0..n-1 in first-seen order. */
export class Vocabulary {
  readonly ids: string[] = [];
  private readonly indexOf = new Map<string, number>();

  /** The index of `id`, adding it when new. */
  add(id: string): number {
    let index = this.indexOf.get(id);
    if (index === undefined) {
      index = this.ids.length;
      this.indexOf.set(id, index);
      this.ids.push(id);
    }
    return index;
  }

  /** The index of `id`, or −1 when unknown. */
  get(id: string): number {
    return this.indexOf.get(id) ?? -1;
  }

  /** How many ids. */
  get size(): number {
    return this.ids.length;
  }
}

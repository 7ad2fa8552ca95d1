/**
 * The k best (score, item) pairs seen so far, and the CSR rows built from them. Shared by the
 * exact and the approximate neighbour search so both rank and tie-break the same way.
 */
import type { Csr } from '../types.js';

/** A bounded list kept sorted best first; a candidate that does not beat the worst kept one is dropped. */
export class TopK {
  readonly items: Int32Array;
  readonly scores: Float32Array;
  size = 0;

  constructor(readonly k: number) {
    this.items = new Int32Array(k);
    this.scores = new Float32Array(k);
  }

  /** Empties the list for the next row. */
  clear(): void {
    this.size = 0;
  }

  /** Offers a candidate; ties keep the earlier one ahead. */
  push(item: number, score: number): void {
    const { items, scores, k } = this;
    if (k === 0 || (this.size === k && score <= (scores[k - 1] ?? 0))) return;
    let i = this.size === k ? k - 1 : this.size++;
    // Insertion: shift worse entries down one place (k is small, and most offers are rejected above).
    while (i > 0 && (scores[i - 1] ?? 0) < score) {
      scores[i] = scores[i - 1] ?? 0;
      items[i] = items[i - 1] ?? 0;
      i--;
    }
    scores[i] = score;
    items[i] = item;
  }
}

/** Appends rows one at a time into a Csr whose arrays are sized for at most k entries a row. */
export class CsrBuilder {
  private readonly offsets: Int32Array;
  private readonly targets: Int32Array;
  private readonly scores: Float32Array;
  private rows = 0;

  constructor(nRows: number, k: number) {
    this.offsets = new Int32Array(nRows + 1);
    this.targets = new Int32Array(nRows * k);
    this.scores = new Float32Array(nRows * k);
  }

  /** Adds the next row from a filled TopK. */
  addRow(top: TopK): void {
    const start = this.offsets[this.rows] ?? 0;
    this.targets.set(top.items.subarray(0, top.size), start);
    this.scores.set(top.scores.subarray(0, top.size), start);
    this.offsets[++this.rows] = start + top.size;
  }

  /** The finished Csr, its arrays trimmed to the entries written (rows may hold fewer than k). */
  build(): Csr {
    const end = this.offsets[this.rows] ?? 0;
    return {
      offsets: this.offsets,
      targets: end === this.targets.length ? this.targets : this.targets.slice(0, end),
      scores: end === this.scores.length ? this.scores : this.scores.slice(0, end),
    };
  }
}

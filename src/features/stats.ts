/** The running statistics a fit pass keeps: id counts for vocabularies, Welford moments for numbers. */

/** Summary of a numeric column (after log1p, for log-scaled features). */
export interface NumericStats {
  count: number;
  missing: number;
  mean: number;
  /** Population standard deviation. */
  std: number;
  min: number;
  max: number;
}

/** Mean and variance in one pass, without the cancellation a sum of squares suffers (Welford). */
export class RunningStats {
  private count = 0;
  private missing = 0;
  private mean = 0;
  private m2 = 0;
  private min = Number.POSITIVE_INFINITY;
  private max = Number.NEGATIVE_INFINITY;

  /** Adds a value, or counts a missing one. */
  add(value: number | null): void {
    if (value === null) {
      this.missing += 1;
      return;
    }
    this.count += 1;
    const delta = value - this.mean;
    this.mean += delta / this.count;
    this.m2 += delta * (value - this.mean);
    if (value < this.min) this.min = value;
    if (value > this.max) this.max = value;
  }

  /** The statistics so far; an empty column reports zeros rather than infinities, so it stays JSON. */
  result(): NumericStats {
    if (this.count === 0) return { count: 0, missing: this.missing, mean: 0, std: 0, min: 0, max: 0 };
    const std = Math.sqrt(this.m2 / this.count);
    return { count: this.count, missing: this.missing, mean: this.mean, std, min: this.min, max: this.max };
  }
}

/** Counts how often each id occurs, to build a vocabulary. */
export class KeyCounter {
  private readonly counts = new Map<string, number>();

  /** Counts one occurrence. */
  add(key: string): void {
    this.counts.set(key, (this.counts.get(key) ?? 0) + 1);
  }

  /** How often `key` was seen. */
  count(key: string): number {
    return this.counts.get(key) ?? 0;
  }

  /**
   * The vocabulary: ids seen at least `minCount` times, most frequent first, at most `maxSize`.
   * Ties are broken by id so the same data always yields the same vocabulary.
   */
  top(minCount: number, maxSize: number): string[] {
    const kept = [...this.counts].filter(([, count]) => count >= minCount);
    kept.sort(([a, ca], [b, cb]) => cb - ca || (a < b ? -1 : a > b ? 1 : 0));
    return kept.slice(0, maxSize).map(([key]) => key);
  }
}

/** A default embedding width for a table of `size` rows: grows like the fourth root, between 4 and 64. */
export function defaultEmbeddingDim(size: number): number {
  return Math.min(64, Math.max(4, Math.round(6 * size ** 0.25)));
}

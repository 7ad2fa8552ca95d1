/**
 * The popularity baseline every model must beat: each item's smoothed training mean of each
 * label (its click rate, like rate, mean watch time...), shrunk towards the global mean so that
 * rarely shown items do not get extreme scores. Unseen items get the global mean.
 */
import type { SkipReport } from '../data/skip-report.js';
import { encodedChunks, idsOf } from '../features/encoded-chunks.js';
import type { FittedFeatures } from '../features/fitted.js';
import type { RawRow } from '../features/rows.js';

/**
 * Why there is no popularity baseline, or null when there is one. The baseline is per item: a
 * table without an item key (a census-like table) would give every row the global mean, an AUC
 * of exactly 0.5 that any model "beats", so such a table has no baseline instead.
 */
export function noBaselineReason(itemKey: string | null): string | null {
  return itemKey === null ? 'the table has no item key (data.keys.item), so no item can be popular' : null;
}

/** Per-item label means fitted on training rows. */
export interface PopularityBaseline {
  /** Predicts every head for an item id. */
  predict(itemId: string): number[];
}

/** Accumulates per-item sums while training rows stream by. */
export class PopularityAccumulator {
  private readonly sums = new Map<string, { counts: Float64Array; sums: Float64Array }>();
  private readonly totals: { counts: Float64Array; sums: Float64Array };

  constructor(private readonly heads: number) {
    this.totals = { counts: new Float64Array(heads), sums: new Float64Array(heads) };
  }

  /** Adds one row: its item id, each head's label and mask. */
  add(itemId: string, labels: ArrayLike<number>, masks: ArrayLike<number>): void {
    let entry = this.sums.get(itemId);
    if (!entry) {
      entry = { counts: new Float64Array(this.heads), sums: new Float64Array(this.heads) };
      this.sums.set(itemId, entry);
    }
    for (let k = 0; k < this.heads; k++) {
      if (!masks[k]) continue;
      entry.counts[k]! += 1;
      entry.sums[k]! += labels[k]!;
      this.totals.counts[k]! += 1;
      this.totals.sums[k]! += labels[k]!;
    }
  }

  /** The baseline, with `priorWeight` pseudo-rows of the global mean added to every item. */
  finish(priorWeight = 20): PopularityBaseline {
    const global = Array.from(this.totals.sums, (s, k) =>
      this.totals.counts[k] ? s / this.totals.counts[k]! : 0,
    );
    const table = new Map<string, number[]>();
    for (const [item, entry] of this.sums) {
      table.set(
        item,
        global.map((mean, k) => (entry.sums[k]! + priorWeight * mean) / (entry.counts[k]! + priorWeight)),
      );
    }
    return { predict: (itemId) => table.get(itemId) ?? global };
  }
}

/** Fits the baseline on a stream of labelled rows (one encode pass; `onRows` counts progress). */
export async function popularityFromRows(
  fitted: FittedFeatures,
  rows: AsyncIterable<RawRow>,
  options: { badValues: 'error' | 'skip'; report: SkipReport; onRows?: (n: number) => void },
): Promise<PopularityBaseline> {
  const popularity = new PopularityAccumulator(fitted.tasks.length);
  for await (const { batch, raw } of encodedChunks(fitted, rows, 4096, options)) {
    const items = idsOf(raw, fitted.layout.itemKey);
    const labels = batch.labels ?? [];
    for (let r = 0; r < batch.size; r++) {
      popularity.add(
        items[r]!,
        labels.map((l) => l.values[r]!),
        labels.map((l) => l.mask[r]!),
      );
    }
    options.onRows?.(batch.size);
  }
  return popularity.finish();
}

/**
 * Keeps what ranking and ground-truth metrics need from each scored batch: predictions, labels
 * and masks per head, the request id, the truth values and the popularity baseline's per-head
 * predictions of every row. NDCG groups rows by request wherever they are in the log and Spearman
 * ranks all rows at once, so these must outlive the batch; typed arrays keep that to a few dozen
 * bytes a row. Nothing here is combined: the heads are kept apart so that any number of
 * combination profiles can rank the same scored rows (`evaluate --sweep`).
 */
import type { SourceRow } from '../data/records.js';
import { idsOf } from '../features/encoded-chunks.js';
import type { FittedFeatures } from '../features/fitted.js';
import type { RawRow } from '../features/rows.js';
import type { PopularityBaseline } from './baseline.js';
import type { ScoredBatch } from './evaluate-split.js';
import { truthValue } from './ground-truth.js';

/** A Float32Array that grows by doubling (predictions and labels are float32 already). */
class Column {
  private data = new Float32Array(1024);
  length = 0;

  push(value: number): void {
    if (this.length === this.data.length) {
      const grown = new Float32Array(this.data.length * 2);
      grown.set(this.data);
      this.data = grown;
    }
    this.data[this.length++] = value;
  }

  values(): Float32Array {
    return this.data.subarray(0, this.length);
  }
}

/** Everything collected, one entry per scored row in log order. */
export interface CollectedScores {
  rows: number;
  heads: { predictions: Float32Array; labels: Float32Array; masks: Float32Array }[];
  /** Request id per row ('' when the row has none or the config names no request column). */
  requests: string[];
  /** Truth values by column, NaN where absent; columns absent on every row are left out. */
  truth: Map<string, Float32Array>;
  /** The popularity baseline's prediction [head][row] (model space, like `predictions`), when there is a baseline. */
  baseline: Float32Array[] | null;
}

/** What the collector reads. */
export interface CollectorOptions {
  fitted: FittedFeatures;
  requestKey: string | null;
  truthColumns: readonly string[];
  /** Truth row of each row read, filled by evaluationRows and emptied after every batch. */
  truthOf: Map<RawRow, SourceRow> | null;
  baseline: PopularityBaseline | null;
}

/** A batch hook for evaluateRows and the result it accumulates. */
export function createScoreCollector(options: CollectorOptions): {
  onBatch: (scored: ScoredBatch) => void;
  result: () => CollectedScores;
} {
  const { fitted, truthColumns, truthOf, baseline } = options;
  const heads = fitted.tasks.map(() => ({
    predictions: new Column(),
    labels: new Column(),
    masks: new Column(),
  }));
  const truth = truthColumns.map(() => new Column());
  const baselineHeads = fitted.tasks.map(() => new Column());
  const requests: string[] = [];

  const onBatch = ({ batch, raw, predictions }: ScoredBatch): void => {
    for (const id of idsOf(raw, options.requestKey)) {
      // Rows of a request usually sit together: one shared string per request instead of one per row.
      const previous = requests[requests.length - 1];
      requests.push(id === previous ? previous : id);
    }
    heads.forEach((head, k) => {
      const label = batch.labels?.[k];
      for (let r = 0; r < batch.size; r++) {
        head.predictions.push(predictions[k]![r]!);
        head.labels.push(label?.values[r] ?? 0);
        head.masks.push(label?.mask[r] ?? 0);
      }
    });
    for (const row of raw) {
      const source = truthOf?.get(row);
      truthColumns.forEach((column, c) => {
        truth[c]!.push((source && truthValue(source, column)) ?? Number.NaN);
      });
    }
    // The map holds the rows read since the last batch (this batch and any skipped by policy):
    // emptying it here keeps memory flat however long the log.
    truthOf?.clear();
    if (baseline) {
      for (const item of idsOf(raw, fitted.layout.itemKey)) {
        baseline.predict(item).forEach((p, k) => {
          baselineHeads[k]?.push(p);
        });
      }
    }
  };

  const result = (): CollectedScores => ({
    rows: requests.length,
    heads: heads.map((h) => ({
      predictions: h.predictions.values(),
      labels: h.labels.values(),
      masks: h.masks.values(),
    })),
    requests,
    truth: new Map(
      truthColumns
        .map((column, c) => [column, truth[c]!.values()] as const)
        .filter(([, values]) => values.some((v) => !Number.isNaN(v))),
    ),
    baseline: baseline ? baselineHeads.map((h) => h.values()) : null,
  });

  return { onBatch, result };
}

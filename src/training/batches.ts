/**
 * From streamed raw rows to training tensors: fixed-size groups of rows, encoded by the shared
 * encoder, turned into the training graph's inputs with labels and masks per head.
 */
import * as tf from '@tensorflow/tfjs';
import { cell } from '../data/records.js';
import type { SkipReport } from '../data/skip-report.js';
import { type EncodedBatch, encodeRows } from '../features/encode.js';
import type { FittedFeatures } from '../features/fitted.js';
import type { RawRow } from '../features/rows.js';
import { biasTensors, featureTensors } from '../model/inputs.js';
import type { TensorBatch } from './step.js';

/** Groups a row stream into arrays of `size` rows (the last may be shorter). */
export async function* chunkRows(rows: AsyncIterable<RawRow>, size: number): AsyncGenerator<RawRow[]> {
  let chunk: RawRow[] = [];
  for await (const row of rows) {
    chunk.push(row);
    if (chunk.length === size) {
      yield chunk;
      chunk = [];
    }
  }
  if (chunk.length > 0) yield chunk;
}

/** An encoded batch with the raw rows it came from (for ids: item, request). */
export interface EncodedChunk {
  batch: EncodedBatch;
  raw: RawRow[];
}

/** Encodes each chunk with labels; rows skipped by policy are counted in `report`. */
export async function* encodedChunks(
  fitted: FittedFeatures,
  rows: AsyncIterable<RawRow>,
  size: number,
  options: { badValues: 'error' | 'skip'; report: SkipReport },
): AsyncGenerator<EncodedChunk> {
  for await (const chunk of chunkRows(rows, size)) {
    const batch = encodeRows(fitted, chunk, { labels: true, ...options });
    if (batch.size === 0) continue;
    yield { batch, raw: Array.from(batch.rows, (index) => chunk[index]!) };
  }
}

/** The id in `column` of each row's log record, as text ('' when absent). */
export function idsOf(raw: RawRow[], column: string | null): string[] {
  return raw.map((row) => (column ? String(cell(row.context, column) ?? '') : ''));
}

/**
 * Hides the position from the bias tower for a share of rows (the paper drops it 10% of the
 * time), so the tower also learns the no-position case that serving presents.
 */
export function dropPositions(position: Int32Array, rate: number, random: () => number): Int32Array {
  if (rate <= 0) return position;
  return position.map((p) => (random() < rate ? 0 : p));
}

/** Tensors for one training step: features (+ position and device when the graph has the bias tower). */
export function trainingTensors(batch: EncodedBatch, withBias: boolean, position: Int32Array): TensorBatch {
  const inputs = featureTensors(batch);
  if (withBias) inputs.push(...biasTensors(position, batch.device));
  const labels = (batch.labels ?? []).map((l) => tf.tensor2d(l.values, [batch.size, 1]));
  const masks = (batch.labels ?? []).map((l) => tf.tensor2d(l.mask, [batch.size, 1]));
  return { inputs, labels, masks };
}

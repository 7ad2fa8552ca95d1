/**
 * Streamed raw rows in fixed-size groups, encoded by the shared encoder with their labels: what
 * training, validation and offline evaluation all read.
 */
import { cell } from '../data/records.js';
import type { SkipReport } from '../data/skip-report.js';
import { type EncodedBatch, encodeRows } from './encode.js';
import type { FittedFeatures } from './fitted.js';
import type { RawRow } from './rows.js';

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

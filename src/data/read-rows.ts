/**
 * Streaming row readers for JSONL and CSV: one record at a time, so memory stays flat whatever
 * the size of the log.
 *
 * Values are handed on as parsed: JSONL keeps numbers, arrays and nulls; CSV gives strings, with
 * "" for an empty cell. Turning them into features (and deciding what counts as missing) is the
 * transforms' job, so that logs, tables and serving requests all go through the same rules.
 */
import { extname } from 'node:path';
import { DataError } from './errors.js';
import { readCsv } from './read-csv.js';
import { readJsonl } from './read-jsonl.js';
import type { SourceRow } from './records.js';

/** The file formats the readers understand. */
export const DATA_FORMATS = ['jsonl', 'csv'] as const;
/** One of DATA_FORMATS. */
export type DataFormat = (typeof DATA_FORMATS)[number];

/** Options shared by the readers. */
export interface ReadOptions {
  /** Overrides the format guessed from the extension. */
  format?: DataFormat | null | undefined;
}

const EXTENSIONS: Record<string, DataFormat> = {
  '.jsonl': 'jsonl',
  '.ndjson': 'jsonl',
  '.json': 'jsonl',
  '.csv': 'csv',
};

/** Decides the format from an explicit choice or the file extension; errors name the file. */
export function formatOf(path: string, explicit?: DataFormat | null): DataFormat {
  if (explicit) return explicit;
  const format = EXTENSIONS[extname(path).toLowerCase()];
  if (!format) {
    throw new DataError(
      { file: path },
      undefined,
      'cannot tell the format from the extension (expected .jsonl, .ndjson, .json or .csv); set format: jsonl | csv',
    );
  }
  return format;
}

/** Reads a JSONL or CSV file as an async stream of records with their line numbers. */
export function readRows(path: string, options: ReadOptions = {}): AsyncIterable<SourceRow> {
  return formatOf(path, options.format) === 'csv' ? readCsv(path) : readJsonl(path);
}

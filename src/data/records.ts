/** The shape of rows as they come out of readers and requests, before any transform. */

/** One record as read from a file or a request: column name → raw value. */
export type RawRecord = Readonly<Record<string, unknown>>;

/** A record with the file and 1-based line it starts on (for error messages). */
export interface SourceRow {
  file: string;
  line: number;
  record: RawRecord;
}

/** Reads a value from a record as an own property, so a column named "constructor" is not inherited. */
export function cell(record: RawRecord, column: string): unknown {
  return Object.hasOwn(record, column) ? record[column] : undefined;
}

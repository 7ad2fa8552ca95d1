/**
 * Errors about input data, always pointing at where the bad value sits.
 *
 * A data team fixing a 5M-line log needs the file, the line and the column, not a stack trace,
 * so every reader and transform reports problems through `DataError` with a `RowOrigin`.
 */
import { MultirankError } from '../errors.js';

/** Where a row came from: a file and 1-based line, or a label such as `candidates[3]` at serving. */
export interface RowOrigin {
  file: string;
  line?: number;
}

/** Formats an origin as `file:line` (or just the label when there is no line). */
export function formatOrigin(origin: RowOrigin): string {
  return origin.line === undefined ? origin.file : `${origin.file}:${origin.line}`;
}

/** A problem with input data; `column` is a field name, or a 1-based character position in the line. */
export class DataError extends MultirankError {
  readonly origin: RowOrigin;
  readonly column: string | number | undefined;

  constructor(
    origin: RowOrigin,
    column: string | number | undefined,
    problem: string,
    options?: ErrorOptions,
  ) {
    super('BAD_REQUEST', `${formatOrigin(origin)}${describeColumn(column)}: ${problem}`, options);
    this.name = 'DataError';
    this.origin = origin;
    this.column = column;
  }
}

function describeColumn(column: string | number | undefined): string {
  if (column === undefined) return '';
  // A number is a character position (JSON syntax errors); a string is a named field.
  return typeof column === 'number' ? `:${column}` : `: column "${column}"`;
}

/** Wraps an I/O failure (missing file, permissions) in a DataError naming the file. */
export function ioError(file: string, error: unknown): Error {
  if (error instanceof DataError) return error;
  const message = error instanceof Error ? error.message : String(error);
  return new DataError({ file }, undefined, `cannot read: ${message}`, { cause: error });
}

/**
 * CSV reader over csv-parse's streaming parser: RFC 4180 quoting (embedded commas, quotes and
 * newlines), a header line naming the columns, empty lines ignored.
 */
import { createReadStream } from 'node:fs';
import { CsvError, parse } from 'csv-parse';
import { DataError, ioError } from './errors.js';
import type { SourceRow } from './records.js';

interface ParsedRecord {
  record: string[];
  info: { lines: number; empty_lines: number };
}

/** Streams the rows of a CSV file as records keyed by the header, with the line each row starts on. */
export async function* readCsv(file: string): AsyncGenerator<SourceRow> {
  for await (const { line, header, cells } of csvRecords(file, checkHeader)) {
    // Column counts are checked here rather than by csv-parse, to report them our way.
    if (cells.length !== header.length) {
      const problem = `expected ${header.length} columns as in the header, got ${cells.length}`;
      throw new DataError({ file, line }, undefined, problem);
    }
    yield { file, line, record: Object.fromEntries(header.map((name, i) => [name, cells[i]])) };
  }
}

/** One CSV record after the header: its cells as parsed (any count) and the line it starts on. */
export interface CsvRecord {
  line: number;
  header: readonly string[];
  cells: string[];
}

/**
 * The records of a CSV file after its header (checked by `checkHeaderLine`, which returns the
 * column names), each with the line it starts on. Broken quoting and read failures are
 * DataErrors naming the file; column counts are left to the caller.
 */
export async function* csvRecords(
  file: string,
  checkHeaderLine: (cells: string[], file: string, line: number) => string[],
): AsyncGenerator<CsvRecord> {
  const parser = parse({ info: true, bom: true, skip_empty_lines: true, relax_column_count: true });
  const input = createReadStream(file);
  // pipe() does not forward errors; without this a missing file would leave the loop waiting forever.
  input.on('error', (error) => parser.destroy(error));
  input.pipe(parser);
  let header: string[] | undefined;
  // csv-parse reports the line a record ends on; the next record starts after it and any empty lines.
  let endLine = 0;
  let emptyLines = 0;
  try {
    for await (const parsed of parser as AsyncIterable<ParsedRecord>) {
      const line = endLine + 1 + (parsed.info.empty_lines - emptyLines);
      endLine = parsed.info.lines;
      emptyLines = parsed.info.empty_lines;
      if (!header) header = checkHeaderLine(parsed.record, file, line);
      else yield { line, header, cells: parsed.record };
    }
  } catch (error) {
    if (error instanceof CsvError) {
      const line = typeof error.lines === 'number' ? error.lines : undefined;
      throw new DataError({ file, line }, undefined, `invalid CSV: ${error.message}`, { cause: error });
    }
    throw ioError(file, error);
  } finally {
    input.destroy();
    parser.destroy();
  }
}

function checkHeader(names: string[], file: string, line: number): string[] {
  const seen = new Set<string>();
  names.forEach((raw, i) => {
    const name = raw.trim();
    if (name === '') throw new DataError({ file, line }, undefined, `header column ${i + 1} has no name`);
    if (seen.has(name)) throw new DataError({ file, line }, name, 'appears twice in the header');
    seen.add(name);
  });
  return names.map((name) => name.trim());
}

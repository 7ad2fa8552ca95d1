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
  // Column counts are checked here rather than by csv-parse, to report them our way.
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
      if (!header) {
        header = checkHeader(parsed.record, file, line);
        continue;
      }
      if (parsed.record.length !== header.length) {
        const problem = `expected ${header.length} columns as in the header, got ${parsed.record.length}`;
        throw new DataError({ file, line }, undefined, problem);
      }
      const columns = header;
      yield { file, line, record: Object.fromEntries(columns.map((name, i) => [name, parsed.record[i]])) };
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

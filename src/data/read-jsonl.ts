/** JSONL reader: one JSON object per line, blank lines ignored, via readline for constant memory. */
import { createReadStream } from 'node:fs';
import { createInterface } from 'node:readline';
import { DataError, ioError } from './errors.js';
import type { RawRecord, SourceRow } from './records.js';

/** Streams the objects of a JSONL file with their 1-based line numbers. */
export async function* readJsonl(file: string): AsyncGenerator<SourceRow> {
  for await (const { line, text } of jsonlLines(file))
    yield { file, line, record: parseLine(text, file, line) };
}

/**
 * The non-blank lines of a JSONL file with their 1-based numbers, unparsed (so a caller can skip
 * lines cheaply or treat a bad one its own way); a read failure names the file.
 */
export async function* jsonlLines(file: string): AsyncGenerator<{ line: number; text: string }> {
  const lines = createInterface({
    input: createReadStream(file, 'utf8'),
    crlfDelay: Number.POSITIVE_INFINITY,
  });
  let line = 0;
  try {
    for await (const text of lines) {
      line += 1;
      // A UTF-8 byte-order mark would otherwise make the first line invalid JSON.
      const body = line === 1 ? text.replace(/^\uFEFF/, '') : text;
      if (body.trim() === '') continue;
      yield { line, text: body };
    }
  } catch (error) {
    throw ioError(file, error);
  } finally {
    lines.close();
  }
}

function parseLine(text: string, file: string, line: number): RawRecord {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    throw new DataError({ file, line }, columnOf(message), `malformed JSON: ${message}`);
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    const kind = value === null ? 'null' : Array.isArray(value) ? 'an array' : typeof value;
    throw new DataError({ file, line }, 1, `expected a JSON object, got ${kind}`);
  }
  return value as RawRecord;
}

// V8 reports "at position N" (0-based) or "(line L column C)"; we want a 1-based column.
function columnOf(message: string): number | undefined {
  const column = /column (\d+)/.exec(message);
  if (column?.[1]) return Number(column[1]);
  const position = /position (\d+)/.exec(message);
  return position?.[1] ? Number(position[1]) + 1 : undefined;
}

/**
 * The output rows of `multirank score`: one per distinct candidate, best first, with the input
 * line, user, item, rank (1 = best), combined score, every head in label units, and `unknown`.
 * JSONL rows carry `"unknown": true` only for unknown items (as `POST /v1/rank` does); CSV rows
 * always have the column, `true` or empty.
 */
import type { DataFormat } from '../data/read-rows.js';
import { MultirankError } from '../errors.js';
import type { RankedItem } from '../ranking/types.js';

/** The columns every row starts with; the heads follow, then `unknown`. */
export const FIXED_COLUMNS = ['line', 'userId', 'itemId', 'rank', 'score'] as const;

/** How rows are written and read back (resuming needs each row's input line). */
export interface RowFormat {
  /** The CSV header line (with its newline), or '' for JSONL. */
  header: string;
  /** The rows of one ranked request, each ending in a newline. */
  rows(line: number, userId: string, items: readonly RankedItem[]): string;
  /** The input line a written row belongs to, or null when the text is not a row of this format. */
  lineOf(row: string): number | null;
}

/** A CSV field, quoted when it holds a comma, a quote or a line break. */
export function csvField(value: string): string {
  return /[",\r\n]/.test(value) ? `"${value.replaceAll('"', '""')}"` : value;
}

/** The row format for `format` and the model's heads (in output order). */
export function rowFormat(format: DataFormat, heads: readonly string[]): RowFormat {
  const clash = heads.find((h) => (FIXED_COLUMNS as readonly string[]).includes(h) || h === 'unknown');
  if (clash !== undefined) {
    throw new MultirankError(
      'BAD_REQUEST',
      `head "${clash}" has the name of an output column; rename the head`,
    );
  }
  return format === 'csv' ? csvFormat(heads) : jsonlFormat(heads);
}

function jsonlFormat(heads: readonly string[]): RowFormat {
  return {
    header: '',
    rows(line, userId, items) {
      let text = '';
      items.forEach((item, i) => {
        const row: Record<string, unknown> = {
          line,
          userId,
          itemId: item.itemId,
          rank: i + 1,
          score: item.score,
        };
        for (const head of heads) row[head] = item.heads[head];
        if (item.unknown) row.unknown = true;
        text += `${JSON.stringify(row)}\n`;
      });
      return text;
    },
    lineOf: (row) => numberAt(/^\{"line":(\d+),/.exec(row)),
  };
}

function csvFormat(heads: readonly string[]): RowFormat {
  const header = `${[...FIXED_COLUMNS, ...heads, 'unknown'].map(csvField).join(',')}\n`;
  return {
    header,
    rows(line, userId, items) {
      const user = csvField(userId);
      let text = '';
      items.forEach((item, i) => {
        const values = heads.map((head) => String(item.heads[head]));
        text += `${line},${user},${csvField(item.itemId)},${i + 1},${item.score},${values.join(',')},${item.unknown ? 'true' : ''}\n`;
      });
      return text;
    },
    lineOf: (row) => numberAt(/^(\d+),/.exec(row)),
  };
}

function numberAt(match: RegExpExecArray | null): number | null {
  return match?.[1] === undefined ? null : Number(match[1]);
}

/**
 * Item records held as columns by slot (util/slot-index.ts) rather than an object per item: a
 * number costs a kind byte and a float64 (no heap number, no property table), and only values of
 * other kinds (strings, booleans, null, lists) are kept as they are. Only the model's item
 * columns are held, so a record reads back cut to them, as the bundle's records are: each value
 * exactly as written, a column it lacked absent.
 */
import type { RawRecord } from '../data/records.js';
import { withRoom } from '../util/slot-index.js';

/** What a cell holds. */
const ABSENT = 0;
const NUMBER = 1;
const OTHER = 2;

/** Records by slot. */
export interface RecordColumns {
  /** Stores the record's values of the columns (replacing what the slot held). */
  write(slot: number, record: RawRecord): void;
  /** The slot's record (a new object; empty for a slot never written or cleared). */
  read(slot: number): RawRecord;
  clear(slot: number): void;
}

interface Column {
  name: string;
  kinds: Uint8Array;
  numbers: Float64Array;
  /** Values that are not numbers, by slot (a holey array: slots with a number or nothing leave a hole). */
  others: unknown[];
}

/** Empty columns named `columns`. */
export function createRecordColumns(columns: readonly string[]): RecordColumns {
  const held: Column[] = columns.map((name) => ({
    name,
    kinds: new Uint8Array(0),
    numbers: new Float64Array(0),
    others: [],
  }));

  const clearCell = (column: Column, slot: number) => {
    if (slot >= column.kinds.length) return;
    if (column.kinds[slot] === OTHER) column.others[slot] = undefined;
    column.kinds[slot] = ABSENT;
  };

  return {
    write(slot, record) {
      for (const column of held) {
        clearCell(column, slot);
        if (!Object.hasOwn(record, column.name)) continue;
        const value = record[column.name];
        // Arrays grow when first needed: a column no record has (the key) or that never holds a
        // number (a topic) costs nothing, or nothing for its numbers.
        column.kinds = withRoom(column.kinds, slot + 1);
        if (typeof value === 'number') {
          column.numbers = withRoom(column.numbers, slot + 1);
          column.kinds[slot] = NUMBER;
          column.numbers[slot] = value;
        } else {
          column.kinds[slot] = OTHER;
          column.others[slot] = value;
        }
      }
    },
    read(slot) {
      const record: Record<string, unknown> = {};
      for (const column of held) {
        const kind = column.kinds[slot];
        if (kind === NUMBER) record[column.name] = column.numbers[slot];
        else if (kind === OTHER) record[column.name] = column.others[slot];
      }
      return record;
    },
    clear(slot) {
      for (const column of held) clearCell(column, slot);
    },
  };
}

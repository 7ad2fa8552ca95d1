/**
 * The optional item table: topic, creator and upload time per item. Table items enter the
 * vocabulary before the log is read, so items never shown yet (fresh uploads) are still in the
 * index for the fresh and group lists.
 */
import { DataError } from '../../data/errors.js';
import { type DataFormat, readRows } from '../../data/read-rows.js';
import { cell } from '../../data/records.js';
import { isBad, type Read, readKey, readTimestamp, type TimestampUnit } from '../../data/values.js';
import type { Vocabulary } from './counters.js';
import type { ItemColumns } from './options.js';

/** Item attributes from the table, keyed by item index (the vocabulary may grow past them). */
export interface ItemAttributes {
  /** Item index → topic / creator id; undefined when not in the table or missing. */
  topic: Map<number, string>;
  creator: Map<number, string>;
  /** Item index → upload time in unix seconds. */
  uploadTime: Map<number, number>;
  rows: number;
}

/** How to read the item table: its format (null: from the extension), columns and upload-time unit. */
export interface ItemTableRead {
  format: DataFormat | null;
  columns: ItemColumns;
  timestampUnit: TimestampUnit;
}

/** Reads the item table into `vocabulary` and attribute maps; duplicate ids and bad cells are errors. */
export async function readItemTable(
  path: string,
  how: ItemTableRead,
  vocabulary: Vocabulary,
): Promise<ItemAttributes> {
  const { columns, timestampUnit } = how;
  const attributes: ItemAttributes = { topic: new Map(), creator: new Map(), uploadTime: new Map(), rows: 0 };
  const firstLine = new Map<string, number>();
  for await (const row of readRows(path, { format: how.format })) {
    const origin = { file: row.file, line: row.line };
    const read = <T>(column: string, reader: (value: unknown) => Read<T>): T | null => {
      const value = reader(cell(row.record, column));
      if (isBad(value)) throw new DataError(origin, column, value.bad);
      return value;
    };
    const id = read(columns.item, readKey);
    if (id === null) throw new DataError(origin, columns.item, 'missing id (every table row needs its key)');
    const seenAt = firstLine.get(id);
    if (seenAt !== undefined)
      throw new DataError(origin, columns.item, `duplicate id "${id}" (first at line ${seenAt})`);
    firstLine.set(id, row.line);
    const index = vocabulary.add(id);
    const topic = read(columns.topic, readKey);
    const creator = read(columns.creator, readKey);
    const uploadTime = read(columns.uploadTime, (value) => readTimestamp(value, timestampUnit));
    if (topic !== null) attributes.topic.set(index, topic);
    if (creator !== null) attributes.creator.set(index, creator);
    if (uploadTime !== null) attributes.uploadTime.set(index, uploadTime);
    attributes.rows += 1;
  }
  return attributes;
}

/** Item → group index (−1 when unknown) and the group names, groups numbered in first-seen item order. */
export function groupsOf(
  attribute: Map<number, string>,
  nItems: number,
): { groupOf: Int32Array; names: string[] } {
  const groupOf = new Int32Array(nItems).fill(-1);
  const names: string[] = [];
  const indexOf = new Map<string, number>();
  for (let i = 0; i < nItems; i++) {
    const name = attribute.get(i);
    if (name === undefined) continue;
    let g = indexOf.get(name);
    if (g === undefined) {
      g = names.length;
      indexOf.set(name, g);
      names.push(name);
    }
    groupOf[i] = g;
  }
  return { groupOf, names };
}

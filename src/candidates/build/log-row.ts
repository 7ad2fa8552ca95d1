/**
 * One interaction-log row read into the few values the index needs, with errors naming
 * file:line and column: a candidate index built from half-parsed rows is worse than none.
 */
import { DataError } from '../../data/errors.js';
import { cell, type SourceRow } from '../../data/records.js';
import {
  isBad,
  type Read,
  readBinary,
  readKey,
  readTimestamp,
  type TimestampUnit,
} from '../../data/values.js';
import type { LogColumns } from './options.js';

/** The parts of an impression the index uses. */
export interface LogEvent {
  user: string;
  item: string;
  /** Unix seconds. */
  timestamp: number;
  click: boolean;
  device: string | null;
  currentItem: string | null;
}

/** Readers of one row's cells that throw a DataError naming file:line and column. */
export function cellReaders(row: SourceRow) {
  const optional = <T>(column: string, read: (value: unknown) => Read<T>): T | null => {
    const value = read(cell(row.record, column));
    if (isBad(value)) throw new DataError({ file: row.file, line: row.line }, column, value.bad);
    return value;
  };
  const required = <T>(column: string, read: (value: unknown) => Read<T>): T => {
    const value = optional(column, read);
    if (value === null) throw new DataError({ file: row.file, line: row.line }, column, 'missing value');
    return value;
  };
  return { optional, required };
}

/** Reads a log row (timestamps in `unit`); a missing required value or an unreadable one throws a DataError. */
export function readLogEvent(row: SourceRow, columns: LogColumns, unit: TimestampUnit): LogEvent {
  const { required, optional } = cellReaders(row);
  return {
    user: required(columns.user, readKey),
    item: required(columns.item, readKey),
    timestamp: required(columns.timestamp, (value) => readTimestamp(value, unit)),
    click: required(columns.click, readBinary) === 1,
    device: optional(columns.device, readKey),
    currentItem: optional(columns.currentItem, readKey),
  };
}

/**
 * Reading raw cells as typed values, the same way for JSONL, CSV and serving requests.
 *
 * Missing means null, undefined or "" (an empty CSV cell). A value that is present but unreadable
 * comes back as a `Bad` with a message; the caller decides, by policy, whether that is an error
 * naming file, line and column, or a counted skip.
 */
import { describe } from '../util/describe.js';

/** An unreadable value, with what was expected and what was found. */
export interface Bad {
  bad: string;
}

/** The result of reading a cell: a value, null for missing, or Bad. */
export type Read<T> = T | null | Bad;

/** Whether a read failed. */
export function isBad<T>(value: Read<T>): value is Bad {
  return typeof value === 'object' && value !== null && 'bad' in value;
}

/** Whether a cell counts as missing. */
export function isMissing(value: unknown): boolean {
  return value === null || value === undefined || value === '';
}

/** Reads an id or category as text: JSON 3 and CSV "3" are the same key. */
export function readKey(value: unknown): Read<string> {
  if (isMissing(value)) return null;
  if (typeof value === 'string') return value;
  if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  if (typeof value === 'boolean' || typeof value === 'bigint') return String(value);
  return { bad: `expected an id or category, got ${describe(value)}` };
}

/** Reads a finite number from a number, a numeric string, or a boolean (as 1/0). */
export function readNumber(value: unknown): Read<number> {
  if (isMissing(value)) return null;
  if (typeof value === 'number')
    return Number.isFinite(value) ? value : { bad: `expected a finite number, got ${value}` };
  if (typeof value === 'boolean') return value ? 1 : 0;
  if (typeof value === 'string') {
    const number = Number(value.trim());
    // Number("  ") is 0, so a blank string must not pass as a number.
    if (value.trim() !== '' && Number.isFinite(number)) return number;
  }
  return { bad: `expected a number, got ${describe(value)}` };
}

/** Reads a binary label: 0/1, true/false, or their text forms. */
export function readBinary(value: unknown): Read<number> {
  if (isMissing(value)) return null;
  if (value === true || value === 'true') return 1;
  if (value === false || value === 'false') return 0;
  const number = readNumber(value);
  if (number === 0 || number === 1) return number;
  return { bad: `expected a binary label (0 or 1), got ${describe(value)}` };
}

/** Reads a bag of ids from a JSON array, or from text split on `separator` (CSV). */
export function readBag(value: unknown, separator: string): Read<string[]> {
  if (isMissing(value)) return null;
  const parts = typeof value === 'string' ? value.split(separator) : Array.isArray(value) ? value : [value];
  const ids: string[] = [];
  for (const part of parts) {
    const key = readKey(typeof part === 'string' ? part.trim() : part);
    if (isBad(key)) return { bad: `expected a list of ids, got ${describe(value)}` };
    if (key !== null) ids.push(key);
  }
  return ids;
}

/** The unit of a numeric timestamp column; `auto` tells them apart by size (see `secondsOf`). */
export type TimestampUnit = 'auto' | 's' | 'ms';

/**
 * Under `auto`, a number at least this large is milliseconds: 1e11 seconds is the year 5138,
 * 1e11 milliseconds is 1973-03-03. Past `MICROSECONDS_FROM` it is neither (microseconds or
 * nanoseconds), so it is refused rather than read as a date tens of millennia away.
 */
export const MILLISECONDS_FROM = 1e11;
/** 1e14 milliseconds is the year 5138 too. */
export const MICROSECONDS_FROM = 1e14;

/** Which unit a number in `unit` is in: `auto` decides by its size; null when it is too large for either. */
export function unitOf(value: number, unit: TimestampUnit): 's' | 'ms' | null {
  if (unit !== 'auto') return unit;
  const size = Math.abs(value);
  if (size >= MICROSECONDS_FROM) return null;
  return size >= MILLISECONDS_FROM ? 'ms' : 's';
}

/** A numeric timestamp in unix seconds, or null when `auto` cannot read it (see `unitOf`). */
export function secondsOf(value: number, unit: TimestampUnit): number | null {
  const read = unitOf(value, unit);
  if (read === null) return null;
  return read === 'ms' ? value / 1000 : value;
}

const EXPECTED: Record<TimestampUnit, string> = {
  auto: 'unix seconds or milliseconds, or an ISO date',
  s: 'unix seconds or an ISO date',
  ms: 'unix milliseconds or an ISO date',
};

/** Reads a timestamp as unix seconds, from a number in `unit` or an ISO date string. */
export function readTimestamp(value: unknown, unit: TimestampUnit): Read<number> {
  const number = readNumber(value);
  if (number === null) return null;
  const expected = `expected ${EXPECTED[unit]}, got ${describe(value)}`;
  if (!isBad(number)) {
    const seconds = secondsOf(number, unit);
    return seconds ?? { bad: `${expected}, too large for milliseconds (microseconds?)` };
  }
  const ms = typeof value === 'string' ? Date.parse(value) : Number.NaN;
  return Number.isFinite(ms) ? ms / 1000 : { bad: expected };
}

/** Keeps at most `maxLength` ids, from the start or the end of the bag. */
export function truncateBag(ids: string[], maxLength: number, keep: 'first' | 'last'): string[] {
  if (ids.length <= maxLength) return ids;
  return keep === 'first' ? ids.slice(0, maxLength) : ids.slice(ids.length - maxLength);
}

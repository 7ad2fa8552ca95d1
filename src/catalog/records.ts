/**
 * The live catalog's records: an item pushed through the API (or taken down), as Redis stores it
 * and as the change feed carries it, and the check of pushed features against the served model.
 *
 * A stored value is `<createdAt ms> <updatedAt ms> <json>`, the JSON being
 * `{"itemId": ..., "features": {...}}` or `{"itemId": ..., "removed": true}`. The two times sit in
 * front so the write script keeps an item's first upload time with a string match, without
 * decoding and re-encoding the features in Lua (cjson would round numbers to 14 digits).
 */
import type { RawRecord } from '../data/records.js';
import { isBad, readTimestamp } from '../data/values.js';
import { compileEncoder } from '../features/columns.js';
import type { FittedFeatures } from '../features/fitted.js';
import { isProblem, parseRow } from '../features/parse-row.js';
import type { RawRow } from '../features/rows.js';
import { describe } from '../util/describe.js';
import { isRecord } from '../util/is-record.js';

/** One item of the live catalog. */
export interface LiveItem {
  itemId: string;
  /** The features as pushed; null when the item is taken down. */
  features: RawRecord | null;
  /** When the item was first pushed (or taken down, if never pushed), unix ms. */
  createdAt: number;
  /** When it last changed, unix ms. */
  updatedAt: number;
  /**
   * The catalog version of the write this replica applied it from (0: read from the hash, whose
   * values carry no version): a change older than the one held is not applied.
   */
  version?: number;
}

/** The item-table column the candidate index reads upload times from (docs/candidates.md). */
export const UPLOAD_TIME_COLUMN = 'upload_time';

/** The stored JSON of an item (what follows the two times). */
export function itemJson(itemId: string, features: RawRecord | null): string {
  return JSON.stringify(features ? { itemId, features } : { itemId, removed: true });
}

/** Parses a stored value; null when it is not one (written by something else). */
export function parseStoredItem(value: string): LiveItem | null {
  const match = /^(\d+) (\d+) (.*)$/s.exec(value);
  if (!match) return null;
  let parsed: unknown;
  try {
    parsed = JSON.parse(match[3]!);
  } catch {
    return null;
  }
  if (!isRecord(parsed) || typeof parsed.itemId !== 'string') return null;
  const features = parsed.removed === true ? null : parsed.features;
  if (features !== null && !isRecord(features)) return null;
  return { itemId: parsed.itemId, features, createdAt: Number(match[1]), updatedAt: Number(match[2]) };
}

/**
 * An item's upload time in unix seconds: its `upload_time` feature when it holds a timestamp
 * (seconds or milliseconds, read as the index build reads them), else when it was first pushed.
 */
export function uploadTimeOf(item: LiveItem): number {
  const value = item.features ? readTimestamp(item.features[UPLOAD_TIME_COLUMN], 'auto') : null;
  return typeof value === 'number' ? value : item.createdAt / 1000;
}

/**
 * The first problem of `features` pushed for an item or a user, as `column: message`, or null:
 * every value must be flat (a string, a finite number, a boolean, null or a list of strings and
 * numbers, as a table cell), and every column the served model reads from that side must read as
 * training read it (a number where it expects one, a key, a bag). Columns the model does not read
 * are kept, for a later model and for the candidate generators.
 */
export function featuresProblem(
  fitted: FittedFeatures,
  side: 'item' | 'user',
  id: string,
  features: RawRecord,
): string | null {
  const flat = flatProblem(features);
  if (flat) return flat;
  if (side === 'item') {
    const uploaded = readTimestamp(features[UPLOAD_TIME_COLUMN], 'auto');
    if (isBad(uploaded)) return `${UPLOAD_TIME_COLUMN}: ${uploaded.bad}`;
  }
  const key = (side === 'item' ? fitted.layout.itemTable : fitted.layout.userTable)?.key;
  // A model without that table reads nothing of it from the catalog: nothing to check against.
  if (key === undefined) return null;
  const record = { ...features, [key]: id };
  const row: RawRow = {
    context: {},
    user: side === 'user' ? record : {},
    item: side === 'item' ? record : {},
    origin: { file: side === 'item' ? 'items' : 'users' },
  };
  const parsed = parseRow(compileEncoder(fitted).spec, row, { labels: false, badValues: 'error' });
  return isProblem(parsed) ? `${parsed.column}: ${parsed.message}` : null;
}

const isCell = (value: unknown): value is string | number =>
  typeof value === 'string' || (typeof value === 'number' && Number.isFinite(value));

/** The first value that is not a table cell (a string, a finite number, a boolean, null, a list of strings and numbers). */
function flatProblem(features: RawRecord): string | null {
  for (const [key, value] of Object.entries(features)) {
    if (value === null || typeof value === 'boolean' || isCell(value)) continue;
    if (Array.isArray(value)) {
      const bad = value.findIndex((entry) => !isCell(entry));
      if (bad < 0) continue;
      return `${key}[${bad}]: must be a string or a finite number, got ${describe(value[bad])}`;
    }
    return `${key}: must be a string, a finite number, a boolean, null or a list of strings and numbers, got ${describe(value)}`;
  }
  return null;
}

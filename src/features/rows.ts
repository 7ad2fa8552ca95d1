/**
 * The two ways a `RawRow` is built — from a logged impression at training, from a ranking request
 * at serving — so that both meet at the same parse and encode functions.
 *
 * A RawRow holds three records, one per feature source. The lookup rule lives here and only here:
 * `user` is the user table row when a user table is configured, else the log row; likewise `item`;
 * `context` is always the log row (at serving: request context + candidate features + ids).
 */
import { DataError, type RowOrigin } from '../data/errors.js';
import { cell, type RawRecord, type SourceRow } from '../data/records.js';
import type { SkipReport } from '../data/skip-report.js';
import type { Table } from '../data/tables.js';
import { isBad, readKey } from '../data/values.js';
import type { RowLayout } from './spec.js';

/** One impression (or candidate) with a record for each feature source. */
export interface RawRow {
  context: RawRecord;
  user: RawRecord;
  item: RawRecord;
  origin: RowOrigin;
}

/** Tables loaded for training; each must be present when the layout says it is configured. */
export interface JoinTables {
  users: Table | null;
  items: Table | null;
}

/** What to do when a log row's id is missing from its table. */
export type UnknownIdPolicy = 'default' | 'skip' | 'error';

/** Builds the training row for a log line; null when the unknown-id policy skips it (counted in `report`). */
export function rowFromLog(
  source: SourceRow,
  layout: RowLayout,
  tables: JoinTables,
  unknownIds: UnknownIdPolicy,
  report: SkipReport,
): RawRow | null {
  const context = source.record;
  const origin = { file: source.file, line: source.line };
  const join = (side: 'user' | 'item'): RawRecord | null => {
    const logKey = side === 'user' ? layout.userKey : layout.itemKey;
    const tableKey = (side === 'user' ? layout.userTable : layout.itemTable)?.key;
    if (tableKey === undefined || logKey === null) return context;
    const table = side === 'user' ? tables.users : tables.items;
    if (!table) throw new Error(`rowFromLog: the layout has a ${side} table but none was loaded`);
    const id = readKey(cell(context, logKey));
    const found = id === null || isBad(id) ? undefined : table.get(id);
    if (found) return found;
    const what = id === null || isBad(id) ? `missing ${side} id` : `unknown ${side} id`;
    if (unknownIds === 'error') {
      const shown = typeof id === 'string' ? ` "${id}"` : '';
      throw new DataError(
        origin,
        logKey,
        `${what}${shown} (set data.unknownIds: default or skip to accept it)`,
      );
    }
    if (unknownIds === 'skip') {
      report.add(what, origin);
      return null;
    }
    // `default`: the table's attributes are missing, but the id itself is still known.
    return typeof id === 'string' ? { [tableKey]: id } : {};
  };
  const user = join('user');
  const item = user && join('item');
  return user && item ? { context, user, item, origin } : null;
}

/** The request-level inputs of a ranking call, with the user's stored features (if any). */
export interface RequestView {
  userId: string;
  context?: RawRecord | undefined;
  /** The user's record from the feature store; undefined when the store has none. */
  user?: RawRecord | undefined;
}

/** One candidate: its id, caller-supplied features, and its catalog record (if any). */
export interface CandidateView {
  itemId: string;
  /** Per-candidate values from the caller; they override the catalog's. */
  features?: RawRecord | undefined;
  item?: RawRecord | undefined;
}

/** Builds the serving row for one candidate; unknown users and items get defaults, never an error. */
export function rowFromRequest(
  layout: RowLayout,
  request: RequestView,
  candidate: CandidateView,
  index: number,
): RawRow {
  // Ids from the request are authoritative, so they are written last.
  const context: RawRecord = {
    ...request.context,
    ...candidate.features,
    ...(layout.userKey ? { [layout.userKey]: request.userId } : {}),
    ...(layout.itemKey ? { [layout.itemKey]: candidate.itemId } : {}),
  };
  const user = layout.userTable ? { ...request.user, [layout.userTable.key]: request.userId } : context;
  const item = layout.itemTable
    ? { ...candidate.item, ...candidate.features, [layout.itemTable.key]: candidate.itemId }
    : context;
  return { context, user, item, origin: { file: `candidates[${index}]` } };
}

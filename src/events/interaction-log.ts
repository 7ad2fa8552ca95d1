/**
 * Stored events joined into the interaction log `multirank train` reads (docs/data.md): one row
 * per impression, with the interaction log's columns (INTERACTION_COLUMNS, data/log-schema.ts), labels from the feedback
 * on that impression.
 *
 * An impression whose context cannot make the current_item_id and recent_items columns (stored
 * before POST /v1/events checked context values, src/events/event-context.ts) is skipped and
 * counted, with the feedback joined to it; everything else is written.
 *
 * Join rule: feedback carrying a requestId joins the impression with the same requestId and
 * itemId. Feedback without one (or whose request has no such impression) joins the user's latest
 * impression of the item at or before the feedback, at most `joinWindowMs` earlier. Feedback that
 * finds no impression is counted as unmatched and left out.
 *
 * Labels: click = 1 when a click, or a watch of more than 0 s, joined; watch_seconds = the sum of
 * the joined watch values; like, dismiss = 1 when one joined; rating = the latest joined rating
 * (null when none). current_item_id and recent_items come from the impression's context.
 *
 * The window's impressions are held in memory (a few hundred bytes each): export a day or a week
 * at a time from large stores.
 */
import { INTERACTION_COLUMNS } from '../data/log-schema.js';
import type { Cell } from '../data/table-writer.js';
import { contextColumns } from './event-context.js';
import type { FeedbackEvent } from './event-types.js';

/** How feedback finds its impression. */
export interface JoinOptions {
  /** Longest time from an impression to feedback joined without a requestId. */
  joinWindowMs: number;
  /** Impressions at or after (ms); feedback is read from the same time. */
  since?: number | undefined;
  /** Impressions before (ms); feedback up to `until + joinWindowMs` still joins them. */
  until?: number | undefined;
}

/** What the join did. */
export interface JoinSummary {
  /** Impressions written (rows). */
  impressions: number;
  /** Impressions left out: their context cannot make the log's columns (stored before ingest checked it). */
  skipped: number;
  /** The first few of those, as `eventId (problem)`, in row order. */
  skippedExamples: string[];
  feedback: number;
  /** Feedback joined onto a written impression. */
  joined: number;
  /** Feedback joined onto a skipped impression, left out with it. */
  joinedSkipped: number;
  /** Feedback that found no impression. */
  unmatched: number;
}

/** How many skipped impressions the summary names. */
const SKIPPED_EXAMPLES = 5;

interface Row {
  impression: FeedbackEvent;
  /** The context's columns, or why they cannot be made (the row is then left out). */
  columns: ReturnType<typeof contextColumns>;
  click: number;
  watchSeconds: number;
  like: number;
  dismiss: number;
  rating: { value: number; at: number } | null;
}

const key = (a: string, b: string) => `${a}\u0000${b}`;

/** Joins events into rows, ordered by time (then request and position), in INTERACTION_COLUMNS order. */
export async function joinInteractions(
  events: AsyncIterable<FeedbackEvent>,
  options: JoinOptions,
): Promise<{ rows: Cell[][]; summary: JoinSummary }> {
  const rows: Row[] = [];
  const feedback: FeedbackEvent[] = [];
  for await (const event of events) {
    if (event.type !== 'impression') feedback.push(event);
    else if (inWindow(event.timestamp, options)) rows.push(emptyRow(event));
  }
  const byRequest = new Map<string, Row>();
  const byUser = new Map<string, Row[]>();
  rows.sort((a, b) => order(a.impression, b.impression));
  for (const row of rows) {
    const { requestId, userId, itemId } = row.impression;
    if (requestId !== undefined) byRequest.set(key(requestId, itemId), row);
    const list = byUser.get(key(userId, itemId));
    if (list) list.push(row);
    else byUser.set(key(userId, itemId), [row]);
  }

  // Skipped impressions still take their feedback, so it cannot join another impression instead.
  let joined = 0;
  let joinedSkipped = 0;
  for (const event of feedback) {
    const row =
      (event.requestId !== undefined ? byRequest.get(key(event.requestId, event.itemId)) : undefined) ??
      latestBefore(byUser.get(key(event.userId, event.itemId)), event.timestamp, options.joinWindowMs);
    if (!row) continue;
    if ('problem' in row.columns) joinedSkipped++;
    else joined++;
    addLabel(row, event);
  }
  const cells: Cell[][] = [];
  const skippedExamples: string[] = [];
  let skipped = 0;
  for (const row of rows) {
    const { columns } = row;
    if ('problem' in columns) {
      if (++skipped <= SKIPPED_EXAMPLES)
        skippedExamples.push(`${row.impression.eventId} (${columns.problem})`);
    } else cells.push(toCells(row, columns));
  }
  return {
    rows: cells,
    summary: {
      impressions: cells.length,
      skipped,
      skippedExamples,
      feedback: feedback.length,
      joined,
      joinedSkipped,
      unmatched: feedback.length - joined - joinedSkipped,
    },
  };
}

function inWindow(timestamp: number, options: JoinOptions): boolean {
  return (
    (options.since === undefined || timestamp >= options.since) &&
    (options.until === undefined || timestamp < options.until)
  );
}

function order(a: FeedbackEvent, b: FeedbackEvent): number {
  return (
    a.timestamp - b.timestamp ||
    (a.requestId ?? '').localeCompare(b.requestId ?? '') ||
    (a.position ?? 0) - (b.position ?? 0)
  );
}

function emptyRow(impression: FeedbackEvent): Row {
  return {
    impression,
    columns: contextColumns(impression.context),
    click: 0,
    watchSeconds: 0,
    like: 0,
    dismiss: 0,
    rating: null,
  };
}

/** The latest row at or before `at` and no more than `windowMs` before it (rows sorted by time). */
function latestBefore(rows: Row[] | undefined, at: number, windowMs: number): Row | undefined {
  if (!rows) return undefined;
  for (let i = rows.length - 1; i >= 0; i--) {
    const row = rows[i] as Row;
    const shown = row.impression.timestamp;
    if (shown > at) continue;
    return at - shown <= windowMs ? row : undefined;
  }
  return undefined;
}

function addLabel(row: Row, event: FeedbackEvent): void {
  const value = event.value ?? 0;
  if (event.type === 'click') row.click = 1;
  else if (event.type === 'watch') {
    row.watchSeconds += Math.max(0, value);
    if (value > 0) row.click = 1;
  } else if (event.type === 'like') row.like = 1;
  else if (event.type === 'dismiss') row.dismiss = 1;
  else if (event.type === 'rating' && (!row.rating || event.timestamp >= row.rating.at)) {
    row.rating = { value, at: event.timestamp };
  }
}

/** The row's cells in INTERACTION_COLUMNS order. */
function toCells(row: Row, columns: { currentItemId: string | null; recentItems: string[] }): Cell[] {
  const { impression: e } = row;
  const cells: Record<(typeof INTERACTION_COLUMNS)[number], Cell> = {
    request_id: e.requestId ?? null,
    user_id: e.userId,
    item_id: e.itemId,
    timestamp: e.timestamp / 1000,
    position: e.position ?? null,
    device: e.device ?? null,
    current_item_id: columns.currentItemId,
    recent_items: columns.recentItems,
    click: row.click,
    watch_seconds: row.watchSeconds,
    like: row.like,
    dismiss: row.dismiss,
    rating: row.rating?.value ?? null,
  };
  return INTERACTION_COLUMNS.map((column) => cells[column]);
}

/**
 * Recall of the candidate stage on a held-out interaction log: for every request with a click,
 * the lists the index would have proposed for that request's context (user, current item, recent
 * watches, device) and whether each clicked item was among their first k. The ranker can only
 * order what the candidates hold, so this bounds every ranker behind them.
 *
 * The log streams: rows are grouped by consecutive request_id (logs are written request by
 * request), each request generates once, and the tallies are counters plus one bit per item and
 * list for coverage, so memory follows the catalogue, not the log. The figures mean what
 * `recallAtK` (recall.ts) means; that helper holds every event's lists, this one cannot.
 */

import { cellReaders } from '../candidates/build/log-row.js';
import {
  type CandidateConfig,
  excludedItems,
  generateSourceLists,
  parseCandidateConfig,
} from '../candidates/generate.js';
import { itemIndexOf } from '../candidates/generators/common.js';
import { MERGE_ORDER, mergeCandidates } from '../candidates/merge.js';
import type { CandidateIndex, CandidateRequest } from '../candidates/types.js';
import { type DataFormat, readRows } from '../data/read-rows.js';
import type { SourceRow } from '../data/records.js';
import { readBag, readBinary, readKey } from '../data/values.js';
import { DEFAULT_RECALL_KS, type RecallReport } from './recall.js';

/** Columns of the held-out log (defaults: the simulator's names). */
export interface HeldOutColumns {
  request: string;
  user: string;
  item: string;
  click: string;
  device: string;
  currentItem: string;
  recentItems: string;
}

/** The simulator's column names. */
export const DEFAULT_HELD_OUT_COLUMNS: HeldOutColumns = Object.freeze({
  request: 'request_id',
  user: 'user_id',
  item: 'item_id',
  click: 'click',
  device: 'device',
  currentItem: 'current_item_id',
  recentItems: 'recent_items',
});

/** Settings of a recall evaluation; all optional. */
export interface CandidateRecallOptions {
  /** Cut-offs (default 100 and 500). */
  ks?: readonly number[];
  /** Quotas and cap of the merge (default: the serving defaults). */
  config?: CandidateConfig;
  columns?: Partial<HeldOutColumns>;
  /** Separator of `recent_items` in CSV (default "|"). */
  separator?: string;
  format?: DataFormat;
  /** Called with the number of rows read since the last call (progress bar). */
  tick?: (rows: number) => void;
}

/** RecallReport over held-out clicks (one event per clicked row; list names are the sources and "merged"), plus what it was measured on. */
export interface CandidateRecallReport extends RecallReport {
  log: string;
  /** Rows read, requests with at least one click (the ones measured) and without. */
  rows: number;
  requests: number;
  requestsWithoutClick: number;
  /** List name → k → recall / ideal (0 when ideal is 0). */
  relative: Record<string, Record<number, number>>;
  /** Share of events whose clicked item is anywhere in any source's list (before quotas and cap). */
  anySource: number;
  /** List name → mean items per request: a source's recall@k cannot see past its list's depth. */
  meanListLength: Record<string, number>;
  /** Mean wall time of generating one request's lists and merging them, in microseconds. */
  meanGenerationUs: number;
}

interface HeldOutRow {
  request: string;
  user: string;
  item: string;
  click: boolean;
  device: string | null;
  currentItem: string | null;
  recentItems: string[];
}

function readHeldOutRow(row: SourceRow, columns: HeldOutColumns, separator: string): HeldOutRow {
  const { required, optional } = cellReaders(row);
  return {
    request: required(columns.request, readKey),
    user: required(columns.user, readKey),
    item: required(columns.item, readKey),
    click: required(columns.click, readBinary) === 1,
    device: optional(columns.device, readKey),
    currentItem: optional(columns.currentItem, readKey),
    recentItems: optional(columns.recentItems, (v) => readBag(v, separator)) ?? [],
  };
}

/** Hits per k, items ever proposed (one byte per catalogue item) and total list length of one list name. */
interface Tally {
  hits: number[];
  seen: Uint8Array;
  proposed: number;
  length: number;
}

/**
 * Streams `logPath` and measures the index's candidates on it (see the file header). Bad rows
 * stop with a DataError naming file, line and column.
 */
export async function evaluateCandidateRecall(
  index: CandidateIndex,
  logPath: string,
  options: CandidateRecallOptions = {},
): Promise<CandidateRecallReport> {
  const ks = [...(options.ks ?? DEFAULT_RECALL_KS)];
  for (const k of ks) {
    if (!Number.isSafeInteger(k) || k <= 0) throw new RangeError(`k must be a positive integer, got ${k}`);
  }
  const config = parseCandidateConfig(options.config ?? {});
  const columns = { ...DEFAULT_HELD_OUT_COLUMNS, ...options.columns };
  const separator = options.separator ?? '|';
  const n = index.itemIds.length;
  const tallies = new Map<string, Tally>();
  const tally = (name: string): Tally => {
    let t = tallies.get(name);
    if (!t) {
      t = { hits: ks.map(() => 0), seen: new Uint8Array(n), proposed: 0, length: 0 };
      tallies.set(name, t);
    }
    return t;
  };
  const count = (name: string, items: Int32Array, truths: readonly number[], found: boolean[]) => {
    const t = tally(name);
    t.length += items.length;
    for (let i = 0; i < items.length; i++) {
      const item = items[i] ?? -1;
      if (item >= 0 && item < n && t.seen[item] === 0) {
        t.seen[item] = 1;
        t.proposed++;
      }
    }
    truths.forEach((truth, e) => {
      if (truth < 0) return;
      const rank = items.indexOf(truth);
      if (rank < 0) return;
      if (name !== 'merged') found[e] = true;
      ks.forEach((k, j) => {
        if (rank < k) t.hits[j] = (t.hits[j] ?? 0) + 1;
      });
    });
  };

  let rows = 0;
  let requests = 0;
  let requestsWithoutClick = 0;
  let events = 0;
  let known = 0;
  let anySource = 0;
  let generationMs = 0;

  const measure = (context: HeldOutRow, clicked: string[]) => {
    if (clicked.length === 0) {
      requestsWithoutClick++;
      return;
    }
    requests++;
    const request: CandidateRequest = {
      userId: context.user,
      recentItems: context.recentItems,
      segments: context.device === null ? [] : [`device:${context.device}`],
      ...(context.currentItem === null ? {} : { currentItem: context.currentItem }),
    };
    const started = performance.now();
    const lists = generateSourceLists(index, request, config);
    const merged = mergeCandidates(index, lists, config, excludedItems(index, request));
    generationMs += performance.now() - started;

    const truths = clicked.map((id) => itemIndexOf(index, id));
    const found = truths.map(() => false);
    events += truths.length;
    known += truths.filter((t) => t >= 0).length;
    for (const source of MERGE_ORDER) {
      const list = lists[source];
      if (list) count(source, list.items, truths, found);
    }
    count(
      'merged',
      Int32Array.from(merged, (c) => itemIndexOf(index, c.itemId)),
      truths,
      found,
    );
    anySource += found.filter(Boolean).length;
  };

  // The request being read: its first row's context and the items clicked in it.
  let context: HeldOutRow | null = null;
  let clicked: string[] = [];
  let unticked = 0;
  for await (const source of readRows(logPath, { format: options.format ?? null })) {
    const row = readHeldOutRow(source, columns, separator);
    rows++;
    if (options.tick && ++unticked >= 1024) {
      options.tick(unticked);
      unticked = 0;
    }
    if (context === null || row.request !== context.request) {
      if (context) measure(context, clicked);
      context = row;
      clicked = [];
    }
    if (row.click) clicked.push(row.item);
  }
  if (context) measure(context, clicked);
  if (options.tick && unticked > 0) options.tick(unticked);

  const share = (part: number, whole: number): number => (whole === 0 ? 0 : part / whole);
  const ideal = share(known, events);
  const names = [...MERGE_ORDER.filter((s) => tallies.has(s)), 'merged'];
  const byName = <V>(value: (t: Tally) => V): Record<string, V> =>
    Object.fromEntries(names.map((name) => [name, value(tally(name))]));
  const recall = byName((t) => Object.fromEntries(ks.map((k, j) => [k, share(t.hits[j] ?? 0, events)])));
  return {
    log: logPath,
    rows,
    requests,
    requestsWithoutClick,
    events,
    ks,
    recall,
    ideal,
    relative: byName((t) =>
      Object.fromEntries(ks.map((k, j) => [k, share(share(t.hits[j] ?? 0, events), ideal)])),
    ),
    anySource: share(anySource, events),
    coverage: byName((t) => share(t.proposed, n)),
    catalogueSize: n,
    meanListLength: byName((t) => share(t.length, requests)),
    meanGenerationUs: share(generationMs * 1000, requests),
  };
}

/**
 * `multirank candidates build` as a function: item table (optional), one pass over the log,
 * then the lists of the candidate index. The CLI and tests call this; writing it to disk is
 * src/candidates/index-io.ts.
 */
import type { DataFormat } from '../../data/read-rows.js';
import { describeArrays } from '../index-io.js';
import { CANDIDATE_INDEX_FORMAT, type CandidateIndex, type RankedItems } from '../types.js';
import { type ItemCounter, Vocabulary } from './counters.js';
import { groupsOf, type ItemAttributes, readItemTable } from './item-table.js';
import { ALL_SEGMENT, type LogScan, scanLog } from './log-scan.js';
import { type BuildOptions, type BuildOptionsInput, resolveBuildOptions } from './options.js';
import { groupMembers, newestItems, smoothedCtr, topItems } from './ranked.js';
import { similarItems } from './similar.js';

/** What to build the index from. */
export interface BuildInput {
  /** Interaction log (JSONL or CSV). */
  logs: string;
  /** Item table with topic, creator and upload time; without it those lists are empty. */
  items?: string | null;
  /** Formats of the log and the item table (null or absent: from the extension). */
  logFormat?: DataFormat | null;
  itemsFormat?: DataFormat | null;
  options?: BuildOptionsInput;
  /** Called with the number of log rows read since the last call (for a progress bar). */
  tick?: (rows: number) => void;
  /** Called with a line at each later phase (they can take a while on big catalogues). */
  log?: (line: string) => void;
}

/** Builds the candidate index from a log and an optional item table. */
export async function buildCandidateIndex(input: BuildInput): Promise<CandidateIndex> {
  const options = resolveBuildOptions(input.options);
  const say = input.log ?? (() => {});
  const vocabulary = new Vocabulary();
  const attributes: ItemAttributes = input.items
    ? await readItemTable(
        input.items,
        {
          format: input.itemsFormat ?? null,
          columns: options.itemColumns,
          timestampUnit: options.timestampUnit,
        },
        vocabulary,
      )
    : { topic: new Map(), creator: new Map(), uploadTime: new Map(), rows: 0 };
  const scan = await scanLog(input.logs, input.logFormat ?? null, options, vocabulary, input.tick);
  for (const line of absentColumns(options, attributes, scan, Boolean(input.items))) say(line);
  const n = vocabulary.size;
  const end = scan.lastTimestamp;
  const k = options.listLength;

  say('co-watch lists');
  const cowatch = scan.cowatch.toCsr(n, options.neighboursPerItem, options.cowatchAlpha);

  const popularAll = scan.popular.get(ALL_SEGMENT);
  const quality =
    options.groupOrder === 'ctr'
      ? smoothedCtr(scan.clicksPerItem.toArray(n), scan.impressions.toArray(n), options.priorImpressions)
      : popularAll
        ? popularAll.toArray(n, scan.clocks.popular.factorAt(end))
        : new Float64Array(n);
  const topics = groupsOf(attributes.topic, n);
  const creators = groupsOf(attributes.creator, n);

  const ranked = (lists: Map<string, ItemCounter>, factor: number): Map<string, RankedItems> => {
    const out = new Map<string, RankedItems>();
    // "all" always exists, so generators have a fallback even for a log without clicks.
    for (const segment of [ALL_SEGMENT, ...[...lists.keys()].filter((s) => s !== ALL_SEGMENT).sort()]) {
      const counter = lists.get(segment);
      out.set(segment, topItems(counter ? counter.toArray(n, factor) : new Float64Array(n), k));
    }
    return out;
  };

  // Upload time from the table when there is one; otherwise when the log first mentions the item.
  const freshTimes =
    attributes.uploadTime.size > 0
      ? Float64Array.from({ length: n }, (_, i) => attributes.uploadTime.get(i) ?? Number.NaN)
      : scan.firstSeen.toArray(n);

  say(`item embeddings (${scan.clickSample.pairs().users.length} click pairs)`);
  const similar = similarItems(scan.clickSample, scan.users.size, n, {
    ...options.embeddings,
    neighbours: options.neighboursPerItem,
  });

  const index: CandidateIndex = {
    format: CANDIDATE_INDEX_FORMAT,
    itemIds: vocabulary.ids,
    indexOf: new Map(vocabulary.ids.map((id, i) => [id, i])),
    cowatch,
    similar,
    topicOf: topics.groupOf,
    topics: groupMembers(topics.groupOf, topics.names.length, quality),
    topicNames: topics.names,
    creatorOf: creators.groupOf,
    creators: groupMembers(creators.groupOf, creators.names.length, quality),
    creatorNames: creators.names,
    popular: ranked(scan.popular, scan.clocks.popular.factorAt(end)),
    trending: ranked(scan.trending, scan.clocks.trending.factorAt(end)),
    fresh: newestItems(freshTimes, k),
    meta: {
      format: CANDIDATE_INDEX_FORMAT,
      createdAt: new Date().toISOString(),
      log: input.logs,
      items: input.items ?? null,
      impressions: scan.rows,
      clicks: scan.clicks,
      firstTimestamp: scan.firstTimestamp,
      lastTimestamp: scan.lastTimestamp,
      halfLifeDays: { ...options.halfLifeDays },
      neighboursPerItem: options.neighboursPerItem,
      listLength: options.listLength,
      groupOrder: options.groupOrder,
      embeddings: { method: 'bpr', dim: options.embeddings.dim, epochs: options.embeddings.epochs },
      arrays: {},
    },
  };
  index.meta.arrays = describeArrays(index);
  return index;
}

/**
 * Optional columns that never had a value: a misnamed column reads as "unknown" on every row, so
 * its lists would be empty without a word. Each line says what is missing and how to name it.
 */
function absentColumns(
  options: BuildOptions,
  items: ItemAttributes,
  scan: LogScan,
  hasTable: boolean,
): string[] {
  const lines: string[] = [];
  const absent = (column: string, where: string, effect: string, flag: string) =>
    lines.push(`no "${column}" values in the ${where}: ${effect} (name the column with ${flag})`);
  const { itemColumns: ic, logColumns: lc } = options;
  if (hasTable && items.rows > 0) {
    if (items.topic.size === 0) absent(ic.topic, 'item table', 'no topic lists', '--topic-column');
    if (items.creator.size === 0) absent(ic.creator, 'item table', 'no creator lists', '--creator-column');
    if (items.uploadTime.size === 0)
      absent(
        ic.uploadTime,
        'item table',
        'fresh items by first appearance in the log',
        '--upload-time-column',
      );
  }
  if (scan.clicks === 0)
    lines.push(
      `no clicks in column "${lc.click}": popular, trending, co-watch and similar lists are empty (name the column with --click-column)`,
    );
  else if (scan.popular.size === 1)
    absent(lc.device, "log's clicked rows", 'no device segments', '--device-column');
  if (scan.currentItemRows === 0)
    absent(lc.currentItem, 'log', 'co-watch from user histories only', '--current-item-column');
  return lines;
}

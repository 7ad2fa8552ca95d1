/**
 * The single streaming pass over the interaction log. Everything kept is per item, per user or
 * per (item, neighbour) pair — counters, a bounded co-watch table and a bounded click sample —
 * so memory follows the size of the catalogue and audience, never the number of rows.
 */
import { DataError } from '../../data/errors.js';
import { type DataFormat, readRows } from '../../data/read-rows.js';
import { ClickSample } from './click-sample.js';
import { ItemCounter, Vocabulary } from './counters.js';
import { CowatchCounter } from './cowatch.js';
import { DecayClock } from './decay.js';
import { readLogEvent } from './log-row.js';
import type { BuildOptions } from './options.js';

/** Segment of every impression; device segments are `device:<name>`. */
export const ALL_SEGMENT = 'all';

/** What the pass leaves behind, ready to be turned into index lists. */
export interface LogScan {
  rows: number;
  clicks: number;
  /** Rows with a current item (watch-next context); 0 when the log has no such column. */
  currentItemRows: number;
  firstTimestamp: number;
  lastTimestamp: number;
  users: Vocabulary;
  impressions: ItemCounter;
  clicksPerItem: ItemCounter;
  firstSeen: ItemCounter;
  /** Segment → decayed clicks per item (accumulated units; scale by the clock's factorAt). */
  popular: Map<string, ItemCounter>;
  trending: Map<string, ItemCounter>;
  clocks: { popular: DecayClock; trending: DecayClock; cowatch: DecayClock };
  cowatch: CowatchCounter;
  clickSample: ClickSample;
}

/** How often (in rows) the pass reports progress. */
const TICK_ROWS = 4096;

/** Streams the log once into per-item accumulators; `items` grows with ids first seen in the log. */
export async function scanLog(
  path: string,
  format: DataFormat | null,
  options: BuildOptions,
  items: Vocabulary,
  tick: (rows: number) => void = () => {},
): Promise<LogScan> {
  const clocks = {
    popular: new DecayClock(options.halfLifeDays.popular),
    trending: new DecayClock(options.halfLifeDays.trending),
    cowatch: new DecayClock(options.halfLifeDays.cowatch),
  };
  const scan: LogScan = {
    rows: 0,
    clicks: 0,
    currentItemRows: 0,
    firstTimestamp: Number.POSITIVE_INFINITY,
    lastTimestamp: Number.NEGATIVE_INFINITY,
    users: new Vocabulary(),
    impressions: new ItemCounter(),
    clicksPerItem: new ItemCounter(),
    firstSeen: new ItemCounter(Number.POSITIVE_INFINITY),
    popular: new Map(),
    trending: new Map(),
    clocks,
    cowatch: new CowatchCounter(clocks.cowatch, {
      windowSeconds: options.cowatchWindowSeconds,
      recent: options.cowatchRecent,
      // Keep a few times more than we publish, so pruning only ever touches pairs far from the top.
      keepPerItem: Math.max(300, 3 * options.neighboursPerItem),
    }),
    clickSample: new ClickSample(options.embeddings.maxClickPairs, options.embeddings.seed),
  };
  const segmentCounter = (lists: Map<string, ItemCounter>, clock: DecayClock, segment: string) => {
    let counter = lists.get(segment);
    if (!counter) {
      const created = new ItemCounter();
      clock.onRescale((factor) => created.scale(factor));
      lists.set(segment, created);
      counter = created;
    }
    return counter;
  };

  let sinceTick = 0;
  for await (const row of readRows(path, { format })) {
    const event = readLogEvent(row, options.logColumns, options.timestampUnit);
    const t = event.timestamp;
    const item = items.add(event.item);
    scan.rows += 1;
    scan.impressions.add(item, 1);
    scan.firstSeen.min(item, t);
    if (t < scan.firstTimestamp) scan.firstTimestamp = t;
    if (t > scan.lastTimestamp) scan.lastTimestamp = t;
    const current = event.currentItem === null ? -1 : items.add(event.currentItem);
    if (current >= 0) {
      scan.firstSeen.min(current, t);
      scan.currentItemRows += 1;
    }
    if (event.click) {
      const user = scan.users.add(event.user);
      scan.clicks += 1;
      scan.clicksPerItem.add(item, 1);
      const segments = event.device === null ? [ALL_SEGMENT] : [ALL_SEGMENT, `device:${event.device}`];
      const wPopular = clocks.popular.weight(t);
      const wTrending = clocks.trending.weight(t);
      for (const segment of segments) {
        segmentCounter(scan.popular, clocks.popular, segment).add(item, wPopular);
        segmentCounter(scan.trending, clocks.trending, segment).add(item, wTrending);
      }
      scan.cowatch.click(user, item, t, current);
      scan.clickSample.add(user, item);
    }
    sinceTick += 1;
    if (sinceTick === TICK_ROWS) {
      tick(sinceTick);
      sinceTick = 0;
    }
  }
  if (sinceTick > 0) tick(sinceTick);
  if (scan.rows === 0) throw new DataError({ file: path }, undefined, 'the log has no rows');
  return scan;
}

/**
 * Clicks from the event stream for popular and trending: each impression clicked (a click event,
 * or a watch of more than 0 s: the export's click label) counts once, at the feedback's time, in
 * the device segment of the feedback or else of the impression it follows (the user's latest
 * impression of the item, as the export joins them). Read page by page on the scans connection,
 * resuming after the last entry read, so each refresh reads only what arrived since.
 */
import { ClickCounts, type HalfLives } from '../candidates/live-lists.js';
import type { FeedbackEvent } from '../events/event-types.js';
import { DEFAULT_KEY_PREFIX, readStreamPage } from '../events/redis-stream.js';
import type { RedisClient } from '../storage/redis.js';

/** Impressions remembered for the join (the oldest are forgotten first). */
const IMPRESSIONS_KEPT = 200_000;
const PAGE = 2000;

/** Counts clicks since an index's build, following the event stream. */
export interface ClickFeed {
  /** The counts so far (null before the first `follow`). */
  readonly counts: ClickCounts | null;
  /**
   * Reads the stream up to now into the counts, starting over when the index's half-lives or
   * build end differ from the counts' (another model); resolves with the clicks counted.
   */
  follow(halfLives: HalfLives, since: number): Promise<number>;
}

/** A feed over the stream under `keyPrefix`; `deviceKey` is the context key of the device. */
export function createClickFeed(
  redis: RedisClient,
  deviceKey: string,
  keyPrefix = DEFAULT_KEY_PREFIX,
): ClickFeed {
  let counts: ClickCounts | null = null;
  /** Where the next read starts (an XRANGE start). */
  let next = '-';
  const impressions = new Map<string, { device: string | null; counted: boolean }>();

  const deviceOf = (event: FeedbackEvent): string | null => {
    if (typeof event.device === 'string' && event.device !== '') return event.device;
    const fromContext = event.context?.[deviceKey];
    return typeof fromContext === 'string' && fromContext !== '' ? fromContext : null;
  };

  const read = (event: FeedbackEvent, into: ClickCounts) => {
    const key = `${event.userId}\u0000${event.itemId}`;
    if (event.type === 'impression') {
      impressions.delete(key);
      impressions.set(key, { device: deviceOf(event), counted: false });
      if (impressions.size > IMPRESSIONS_KEPT) impressions.delete(impressions.keys().next().value ?? '');
      return;
    }
    const clicked = event.type === 'click' || (event.type === 'watch' && (event.value ?? 0) > 0);
    if (!clicked) return;
    const shown = impressions.get(key);
    if (shown?.counted) return;
    if (shown) shown.counted = true;
    into.add(event.itemId, deviceOf(event) ?? shown?.device ?? null, event.timestamp / 1000);
  };

  return {
    get counts() {
      return counts;
    },
    async follow(halfLives, since) {
      const same =
        counts !== null &&
        counts.since === since &&
        counts.halfLives.popular === halfLives.popular &&
        counts.halfLives.trending === halfLives.trending;
      let into = counts;
      if (!same || !into) {
        into = new ClickCounts(halfLives, since);
        impressions.clear();
        // Entries are stamped when stored, after the events they carry: nothing stored before the
        // build's end can count, so a new count starts reading there.
        next = `${Math.max(0, Math.floor(since * 1000))}-0`;
      }
      const before = into.clicks;
      for (;;) {
        const page = await readStreamPage(redis, keyPrefix, next, PAGE);
        for (const { event } of page.events) read(event, into);
        if (page.last !== null) next = `(${page.last}`;
        if (page.entries < PAGE) break;
      }
      counts = into;
      return into.clicks - before;
    },
  };
}

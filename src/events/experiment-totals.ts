/**
 * Per-experiment totals kept beside the event stream, so an experiment's report reads one small
 * hash per day instead of every event ever stored.
 *
 * For every event stored with an experimentId, the append script (redis-stream.ts) adds what the
 * event counts to a field of a per-day hash: field `[variant, userId]` (JSON), value
 * `"events impressions clicks likes watchSeconds"`. Days are UTC days of the event's own
 * timestamp, the time the report's window filters on. Only freshly stored events are added (a
 * duplicate is not), so the totals agree with a scan of the stream, and a replayed spool adds its
 * events once replayed. Key sizes grow with users × days, not with events.
 *
 * A window whose bounds are UTC midnights (or open) is answered from these totals; any other
 * window needs the events themselves (src/experiments/report.ts falls back to the scan).
 */
import type { RedisClient } from '../storage/redis.js';
import type { FeedbackEvent } from './event-types.js';

/** One user's totals within a variant, and how many events made them. */
export interface EventTotals {
  events: number;
  impressions: number;
  clicks: number;
  likes: number;
  watchSeconds: number;
}

/** Totals of one experiment: variant (as the events name it; '' for none) → user → totals. */
export type TotalsByVariant = Map<string, Map<string, EventTotals>>;

export const DAY_MS = 86_400_000;

/** How long a day's totals are kept after its last write: past any experiment's life. */
export const TOTALS_RETENTION_SECONDS = 400 * 86_400;

export const emptyTotals = (): EventTotals => ({
  events: 0,
  impressions: 0,
  clicks: 0,
  likes: 0,
  watchSeconds: 0,
});

/** Adds one event to a user's totals: the single definition of what each event type counts. */
export function addToTotals(totals: EventTotals, event: FeedbackEvent): void {
  totals.events++;
  if (event.type === 'impression') totals.impressions++;
  else if (event.type === 'click') totals.clicks++;
  else if (event.type === 'like') totals.likes++;
  else if (event.type === 'watch') totals.watchSeconds += Math.max(0, event.value ?? 0);
}

/** Key names of an experiment's totals (all in the stream's `{events}` slot, for the script on a Cluster). */
export function totalsKeys(
  prefix: string,
  experimentId: string,
): { days: string; day: (day: number) => string } {
  const base = `${prefix}{events}:exp:${experimentId}`;
  return { days: `${base}:days`, day: (day) => `${base}:day:${day}` };
}

/** What the append script adds for one event: the hash field, the UTC day and the packed totals. */
export function totalsUpdate(
  event: FeedbackEvent,
): { field: string; day: number; delta: string } | undefined {
  if (event.experimentId === undefined) return undefined;
  const totals = emptyTotals();
  addToTotals(totals, event);
  return {
    field: JSON.stringify([event.variant ?? '', event.userId]),
    day: Math.floor(event.timestamp / DAY_MS),
    delta: packTotals(totals),
  };
}

function packTotals(t: EventTotals): string {
  return `${t.events} ${t.impressions} ${t.clicks} ${t.likes} ${t.watchSeconds}`;
}

function unpackTotals(packed: string): EventTotals {
  const [events = 0, impressions = 0, clicks = 0, likes = 0, watchSeconds = 0] = packed
    .split(' ')
    .map(Number);
  return { events, impressions, clicks, likes, watchSeconds };
}

/** True when a window can be answered from daily totals: each bound open or a UTC midnight. */
export function isDayAligned(window: { since?: number | undefined; until?: number | undefined }): boolean {
  const aligned = (ms: number | undefined) => ms === undefined || ms % DAY_MS === 0;
  return aligned(window.since) && aligned(window.until);
}

/**
 * Sums an experiment's daily totals over a day-aligned window (isDayAligned), paging each day's
 * hash with HSCAN on `redis` (the scans connection: each page is one command under its timeout).
 */
export async function readExperimentTotals(
  redis: RedisClient,
  prefix: string,
  experimentId: string,
  window: { since?: number | undefined; until?: number | undefined },
): Promise<TotalsByVariant> {
  const keys = totalsKeys(prefix, experimentId);
  const firstDay = window.since === undefined ? -Infinity : window.since / DAY_MS;
  const endDay = window.until === undefined ? Infinity : window.until / DAY_MS;
  const days = (await redis.smembers(keys.days))
    .map(Number)
    .filter((day) => day >= firstDay && day < endDay)
    .sort((a, b) => a - b);
  const byVariant: TotalsByVariant = new Map();
  for (const day of days) {
    let cursor = '0';
    do {
      const [next, entries] = await redis.hscan(keys.day(day), cursor, 'COUNT', 1000);
      for (let i = 0; i + 1 < entries.length; i += 2) {
        const [variant, user] = JSON.parse(entries[i] as string) as [string, string];
        addPacked(byVariant, variant, user, unpackTotals(entries[i + 1] as string));
      }
      cursor = next;
    } while (cursor !== '0');
  }
  return byVariant;
}

function addPacked(byVariant: TotalsByVariant, variant: string, user: string, add: EventTotals): void {
  let users = byVariant.get(variant);
  if (!users) {
    users = new Map();
    byVariant.set(variant, users);
  }
  const totals = users.get(user);
  if (!totals) {
    users.set(user, add);
    return;
  }
  totals.events += add.events;
  totals.impressions += add.impressions;
  totals.clicks += add.clicks;
  totals.likes += add.likes;
  totals.watchSeconds += add.watchSeconds;
}

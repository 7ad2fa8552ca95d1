/**
 * Running label counts and the world.json summary: enough to see at a glance what a run
 * produced (sizes, rates, click-through by position, time range) and to reproduce it (seed,
 * parameters, generator version).
 */
import { VERSION } from '../version.js';
import type { Labels } from './outcomes.js';
import type { SimParams } from './params.js';
import type { World } from './world.js';

/** Label totals of a run. */
export interface Counts {
  requests: number;
  impressions: number;
  clicks: number;
  likes: number;
  dismisses: number;
  ratings: number;
  watchSeconds: number;
  impressionsByPosition: number[];
  clicksByPosition: number[];
  firstTimestamp: number;
  lastTimestamp: number;
}

/** Zero counts for slates of up to `slateSize`. */
export function emptyCounts(slateSize: number): Counts {
  return {
    requests: 0,
    impressions: 0,
    clicks: 0,
    likes: 0,
    dismisses: 0,
    ratings: 0,
    watchSeconds: 0,
    impressionsByPosition: new Array<number>(slateSize).fill(0),
    clicksByPosition: new Array<number>(slateSize).fill(0),
    firstTimestamp: -1,
    lastTimestamp: -1,
  };
}

/** Adds one impression's labels. */
export function countLabels(counts: Counts, position: number, labels: Labels, time: number): void {
  counts.impressions++;
  counts.clicks += labels.click;
  counts.likes += labels.like;
  counts.dismisses += labels.dismiss;
  counts.watchSeconds += labels.watchSeconds;
  if (labels.rating !== null) counts.ratings++;
  counts.impressionsByPosition[position - 1] = (counts.impressionsByPosition[position - 1] ?? 0) + 1;
  counts.clicksByPosition[position - 1] = (counts.clicksByPosition[position - 1] ?? 0) + labels.click;
  if (counts.firstTimestamp < 0) counts.firstTimestamp = time;
  counts.lastTimestamp = time;
}

function ratio(a: number, b: number): number {
  return b > 0 ? Math.round((a / b) * 1e4) / 1e4 : 0;
}

/** What the run was asked for, as recorded in world.json. */
export interface RunSettings {
  seed: number;
  users: number;
  items: number;
  requests: number;
  slateSize: number;
  format: string;
}

/** The content of world.json. */
export type WorldSummary = ReturnType<typeof worldSummary>;

/** Builds the content of world.json (no wall-clock values, so that runs stay byte-identical). */
export function worldSummary(world: World, run: RunSettings, counts: Counts, files: string[]) {
  const iso = (t: number) => new Date(t * 1000).toISOString();
  const creators = new Set(world.items.creator).size;
  return {
    generator: `multirank ${VERSION}`,
    seed: run.seed,
    sizes: {
      users: run.users,
      items: run.items,
      requests: run.requests,
      slateSize: run.slateSize,
      topics: world.params.topics,
      creators,
    },
    format: run.format,
    files,
    timeRange: {
      start: world.start,
      end: world.end,
      startIso: iso(world.start),
      endIso: iso(world.end),
      firstTimestamp: counts.firstTimestamp,
      lastTimestamp: counts.lastTimestamp,
    },
    counts,
    rates: {
      ctr: ratio(counts.clicks, counts.impressions),
      ctrByPosition: counts.clicksByPosition.map((c, k) => ratio(c, counts.impressionsByPosition[k] ?? 0)),
      likesPerClick: ratio(counts.likes, counts.clicks),
      ratingsPerClick: ratio(counts.ratings, counts.clicks),
      dismissRate: ratio(counts.dismisses, counts.impressions),
      meanWatchSecondsPerClick: ratio(counts.watchSeconds, counts.clicks),
    },
    topics: Object.fromEntries(world.topicNames.map((name, t) => [name, ratio(world.topicShare[t] ?? 0, 1)])),
    params: world.params satisfies SimParams,
  };
}

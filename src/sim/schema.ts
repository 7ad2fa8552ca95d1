/**
 * The files `multirank simulate` writes and their columns, in output order.
 * Readers, tests and docs/simulator.md refer to these lists rather than repeating them.
 */

import type { Cell } from '../data/table-writer.js';
import type { Items } from './items.js';
import { round3, round6 } from './math.js';
import type { Labels, Truth } from './outcomes.js';
import { AGE_BUCKETS, DEVICES, REGIONS } from './params.js';
import type { SimRequest } from './session.js';
import type { Users } from './users.js';
import type { World } from './world.js';

/** File names inside the output directory (without extension where two formats exist). */
export const SIM_FILES = {
  interactions: 'interactions',
  items: 'items',
  users: 'users',
  groundTruth: 'ground_truth.jsonl',
  world: 'world.json',
} as const;

/** The item table (observed attributes only). */
export const ITEM_COLUMNS = ['item_id', 'topic', 'creator_id', 'duration_seconds', 'upload_time'] as const;

/** The user table (observed attributes only). */
export const USER_COLUMNS = ['user_id', 'region', 'age_bucket', 'primary_device'] as const;

/**
 * Per impression, the truth behind the labels. p_click, p_like, expected_watch_seconds and
 * p_dismiss are unconditional and free of position bias (as if the item were surely looked at):
 * divide p_like or expected_watch_seconds by p_click for the value given a click.
 * propensity is the chance the shown position was looked at; expected_rating is the mean
 * rating if one is left.
 */
export const GROUND_TRUTH_COLUMNS = [
  'request_id',
  'item_id',
  'p_click',
  'p_like',
  'expected_watch_seconds',
  'quality',
  'clickbait',
  'position',
  'propensity',
  'p_dismiss',
  'expected_rating',
] as const;

/** The item table row of item `i`. */
export function itemRow(items: Items, topicNames: readonly string[], i: number): Cell[] {
  return [
    items.ids[i] ?? '',
    topicNames[items.topic[i] ?? 0] ?? '',
    `c${items.creator[i] ?? 0}`,
    items.durationSeconds[i] ?? 0,
    items.uploadTime[i] ?? 0,
  ];
}

/** The user table row of user `u`. */
export function userRow(users: Users, u: number): Cell[] {
  return [
    users.ids[u] ?? '',
    REGIONS[users.region[u] ?? 0] ?? '',
    AGE_BUCKETS[users.ageBucket[u] ?? 0] ?? '',
    DEVICES[users.primaryDevice[u] ?? 0] ?? '',
  ];
}

/** The interaction log row of the impression at `position` (1-based) of a request. */
export function interactionRow(world: World, req: SimRequest, position: number, labels: Labels): Cell[] {
  const ids = world.items.ids;
  return [
    req.id,
    world.users.ids[req.user] ?? '',
    ids[req.slate[position - 1] ?? 0] ?? '',
    req.time,
    position,
    DEVICES[req.device] ?? '',
    ids[req.current] ?? '',
    req.recent,
    labels.click,
    labels.watchSeconds,
    labels.like,
    labels.dismiss,
    labels.rating,
  ];
}

/** The ground-truth row of the impression at `position` (1-based) of a request. */
export function truthRow(world: World, req: SimRequest, position: number, t: Truth): Cell[] {
  const item = req.slate[position - 1] ?? 0;
  return [
    req.id,
    world.items.ids[item] ?? '',
    round6(t.pClick),
    round6(t.pClick * t.pLikeGivenClick),
    round3(t.pClick * t.expectedWatchGivenClick),
    round6(world.items.quality[item] ?? 0),
    round6(world.items.clickbait[item] ?? 0),
    position,
    round6(t.propensity),
    round6((1 - t.pClick) * t.pDismissGivenSkip),
    round3(t.expectedRating),
  ];
}

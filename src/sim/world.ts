/**
 * The static part of the simulation: topics, the catalogue, the audience and the samplers
 * built on them. Requests and outcomes are drawn against a World.
 *
 * Each part draws from its own forked random stream, so the catalogue for a seed stays the
 * same when only the number of users or requests changes.
 */

import { Rng } from '../util/random.js';
import { AliasTable } from './alias.js';
import { createItems, type Items, zipfWeights } from './items.js';
import { DEFAULT_PARAMS, SIM_EPOCH, type SimParams } from './params.js';
import { createUsers, type Users } from './users.js';

/** Sizes that define a world. */
export interface WorldSize {
  users: number;
  items: number;
}

/** Items of one topic and a popularity sampler over them. */
export interface TopicPool {
  items: Int32Array;
  sampler: AliasTable;
}

/** Everything the session generator needs to know about the world. */
export interface World {
  seed: number;
  params: SimParams;
  /** Topic names "t00".."t31". */
  topicNames: string[];
  /** Relative topic sizes, summing to 1. */
  topicShare: Float64Array;
  items: Items;
  users: Users;
  /** Unix seconds: first and last second of the simulated period. */
  start: number;
  end: number;
  /** Draws an item by global popularity. */
  popular: AliasTable;
  /** Per topic (undefined for topics no item landed in). */
  byTopic: (TopicPool | undefined)[];
  /** Draws a user by activity. */
  activeUser: AliasTable;
}

/** Topic names, zero-padded so they sort: t00, t01, ... */
export function topicNames(n: number): string[] {
  const width = String(n - 1).length < 2 ? 2 : String(n - 1).length;
  return Array.from({ length: n }, (_, t) => `t${String(t).padStart(width, '0')}`);
}

/** Groups items by topic and builds a popularity sampler per topic. */
function topicPools(items: Items, topics: number): (TopicPool | undefined)[] {
  const counts = new Int32Array(topics);
  for (let i = 0; i < items.count; i++) {
    const t = items.topic[i] ?? 0;
    counts[t] = (counts[t] ?? 0) + 1;
  }
  const lists = Array.from(counts, (c) => new Int32Array(c));
  const fill = new Int32Array(topics);
  for (let i = 0; i < items.count; i++) {
    const t = items.topic[i] ?? 0;
    const list = lists[t];
    const at = fill[t] ?? 0;
    if (list) list[at] = i;
    fill[t] = at + 1;
  }
  return lists.map((list) => {
    if (list.length === 0) return undefined;
    const weights = Float64Array.from(list, (i) => items.popularity[i] ?? 0);
    return { items: list, sampler: new AliasTable(weights) };
  });
}

/** Builds the world for a seed and sizes. */
export function createWorld(seed: number, size: WorldSize, params: SimParams = DEFAULT_PARAMS): World {
  const root = new Rng(seed, 'world');
  const topicRng = root.fork('topics');
  // Topic sizes follow a Zipf law, assigned to names in random order.
  const zipf = zipfWeights(params.topics, params.topicZipf);
  const order = topicRng.permutation(params.topics);
  const topicShare = new Float64Array(params.topics);
  let total = 0;
  for (const w of zipf) total += w;
  for (let t = 0; t < params.topics; t++) topicShare[t] = (zipf[order[t] ?? 0] ?? 0) / total;

  const items = createItems(size.items, topicShare, params, root.fork('items'));
  const users = createUsers(size.users, topicShare, params, root.fork('users'));
  return {
    seed,
    params,
    topicNames: topicNames(params.topics),
    topicShare,
    items,
    users,
    start: SIM_EPOCH,
    end: SIM_EPOCH + params.periodDays * 86_400 - 1,
    popular: new AliasTable(items.popularity),
    byTopic: topicPools(items, params.topics),
    activeUser: new AliasTable(users.activity),
  };
}

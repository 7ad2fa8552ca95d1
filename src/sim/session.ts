/**
 * Requests in the watch-next setting: who asks, when, on which device, while watching what,
 * and the slate the logging policy shows them.
 */

import { Rng } from '../util/random.js';
import { ClickHistory } from './history.js';
import { DEVICES } from './params.js';
import { LoggingPolicy } from './policy.js';
import type { World } from './world.js';

/** One request with its slate; the object and its arrays are reused between requests. */
export interface SimRequest {
  index: number;
  id: string;
  user: number;
  time: number;
  device: number;
  current: number;
  /** Ids of the user's recent clicks before this request, newest first. */
  recent: string[];
  /** Item indices in display order; only the first `size` entries are valid. */
  slate: Int32Array;
  size: number;
}

/** Generates the requests of one run in time order. */
export class SessionGenerator {
  /** Clicks remembered per user; the caller records clicks after drawing outcomes. */
  readonly history: ClickHistory;
  private readonly rng: Rng;
  private readonly policy: LoggingPolicy;
  private readonly request: SimRequest;

  /** A generator for `total` requests with slates of `slateSize`, drawing from `seed`. */
  constructor(
    private readonly world: World,
    private readonly total: number,
    slateSize: number,
    seed: number,
  ) {
    const root = new Rng(seed, 'requests');
    this.rng = root.fork('sessions');
    this.history = new ClickHistory(world.users.count, world.params.historyLength);
    this.policy = new LoggingPolicy(world, this.history, root.fork('policy'), slateSize);
    this.request = {
      index: 0,
      id: '',
      user: 0,
      time: 0,
      device: 0,
      current: 0,
      recent: [],
      slate: new Int32Array(slateSize),
      size: 0,
    };
  }

  /** Draws request number `index` (call with 0, 1, 2, ... in order). */
  next(index: number): SimRequest {
    const { world, rng, request: req } = this;
    const { users, items } = world;
    const span = world.end - world.start + 1;
    const user = world.activeUser.sample(rng);
    req.index = index;
    req.id = `r${index}`;
    req.user = user;
    // Spread requests evenly over the period with jitter; the order keeps time non-decreasing.
    req.time = world.start + Math.floor(((index + rng.uniform()) / this.total) * span);
    req.device = rng.categorical(
      users.deviceMix.subarray(user * DEVICES.length, (user + 1) * DEVICES.length),
    );
    const nHistory = this.history.count(user);
    req.recent = new Array<string>(nHistory);
    for (let k = 0; k < nHistory; k++) req.recent[k] = items.ids[this.history.at(user, k)] ?? '';
    req.current =
      nHistory > 0 && rng.bernoulli(world.params.session.continueProb)
        ? this.history.at(user, 0)
        : this.startingItem(user, req.time);
    req.size = this.policy.rank(req, req.slate);
    return req;
  }

  /** A video the user starts from: a topic they like, then a popular video in it. */
  private startingItem(user: number, time: number): number {
    const { world, rng } = this;
    const topics = world.params.topics;
    const interest = world.users.interest.subarray(user * topics, (user + 1) * topics);
    let item = 0;
    for (let tries = 0; tries < 50; tries++) {
      const pool = world.byTopic[rng.categorical(interest)];
      item = pool ? (pool.items[pool.sampler.sample(rng)] ?? 0) : world.popular.sample(rng);
      if ((world.items.uploadTime[item] ?? 0) <= time) return item;
    }
    return item;
  }
}

/**
 * The logging policy: the (imperfect) production recommender whose choices fill the log.
 *
 * It sees only what a real system would see — popularity, the current video's topic, the
 * topics of the user's recent clicks and (optionally, `policy.logDuration`) the video's length —
 * never the latent interests, quality or clickbait.
 * Its slates are therefore biased in the ways real logs are: popular and on-topic items are
 * over-shown and get the top positions, which is what position debiasing has to undo.
 */

import type { Rng } from '../util/random.js';
import type { ClickHistory } from './history.js';
import type { World } from './world.js';

/** What the policy knows about a request. */
export interface PolicyRequest {
  user: number;
  /** Unix seconds; items uploaded later cannot be shown. */
  time: number;
  /** The video being watched. */
  current: number;
}

/** Picks and orders the slate shown next to the current video. */
export class LoggingPolicy {
  private readonly pool: Int32Array;
  private readonly scores: Float64Array;
  private readonly historyTopic: Float64Array;
  private readonly sourceWeights: number[];

  /** A policy for slates of up to `slateSize` items. */
  constructor(
    private readonly world: World,
    private readonly history: ClickHistory,
    private readonly rng: Rng,
    readonly slateSize: number,
  ) {
    const size = slateSize * world.params.policy.poolFactor;
    this.pool = new Int32Array(size);
    this.scores = new Float64Array(size);
    this.historyTopic = new Float64Array(world.params.topics);
    const s = world.params.policy.sourceShare;
    this.sourceWeights = [s.currentTopic, s.historyTopic, s.popular, s.explore];
  }

  /** Writes the slate into `slate` in display order and returns its length (≤ slateSize). */
  rank(req: PolicyRequest, slate: Int32Array): number {
    const n = this.fillPool(req);
    const p = this.world.params.policy;
    const items = this.world.items;
    const currentTopic = items.topic[req.current];
    const logDuration = p.logDuration ?? 0;
    const median = this.world.params.world.durationMedianSeconds;
    for (let j = 0; j < n; j++) {
      const i = this.pool[j] ?? 0;
      const t = items.topic[i] ?? 0;
      this.scores[j] =
        p.popularity * (items.logPopularity[i] ?? 0) +
        (t === currentTopic ? p.sameTopic : 0) +
        p.historyTopic * (this.historyTopic[t] ?? 0) +
        (logDuration ? logDuration * Math.log((items.durationSeconds[i] ?? median) / median) : 0) +
        this.rng.normal(0, p.noiseSd);
    }
    // Selection sort of the best k: the pool is a few dozen items.
    const k = Math.min(n, this.slateSize);
    for (let a = 0; a < k; a++) {
      let best = a;
      for (let b = a + 1; b < n; b++) if ((this.scores[b] ?? 0) > (this.scores[best] ?? 0)) best = b;
      swap(this.scores, a, best);
      swap(this.pool, a, best);
      slate[a] = this.pool[a] ?? 0;
    }
    return k;
  }

  /** Draws distinct eligible candidates from the sources; returns how many it found. */
  private fillPool(req: PolicyRequest): number {
    const { items, byTopic } = this.world;
    const nHistory = this.history.count(req.user);
    this.historyTopic.fill(0);
    for (let k = 0; k < nHistory; k++) {
      const t = items.topic[this.history.at(req.user, k)] ?? 0;
      this.historyTopic[t] = (this.historyTopic[t] ?? 0) + 1 / nHistory;
    }
    let n = 0;
    // Bounded tries: a tiny catalogue may not have enough eligible items.
    for (let tries = 0; n < this.pool.length && tries < this.pool.length * 20; tries++) {
      let item: number;
      const source = this.rng.categorical(this.sourceWeights);
      if (source === 0 || (source === 1 && nHistory > 0)) {
        const anchor = source === 0 ? req.current : this.history.at(req.user, this.rng.int(nHistory));
        const topic = byTopic[items.topic[anchor] ?? 0];
        if (!topic) continue;
        item = topic.items[topic.sampler.sample(this.rng)] ?? 0;
      } else if (source === 3) {
        item = this.rng.int(items.count);
      } else {
        item = this.world.popular.sample(this.rng);
      }
      if (!this.eligible(item, req, n)) continue;
      this.pool[n++] = item;
    }
    return n;
  }

  /** Not the current video, already uploaded, not recently watched, not already in the pool. */
  private eligible(item: number, req: PolicyRequest, poolSize: number): boolean {
    if (item === req.current) return false;
    if ((this.world.items.uploadTime[item] ?? 0) > req.time) return false;
    for (let j = 0; j < poolSize; j++) if (this.pool[j] === item) return false;
    return !this.history.has(req.user, item);
  }
}

function swap(a: Float64Array | Int32Array, i: number, j: number): void {
  const tmp = a[i] ?? 0;
  a[i] = a[j] ?? 0;
  a[j] = tmp;
}

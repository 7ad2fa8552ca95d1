/**
 * The simulated video catalogue: creators, topics, durations, upload times, Zipf popularity,
 * and the latent quality and clickbait appeal that only the ground truth reveals.
 */

import type { Rng } from '../util/random.js';
import { AliasTable } from './alias.js';
import { sigmoid } from './math.js';
import { SIM_EPOCH, type SimParams } from './params.js';

const DAY = 86_400;

/** The catalogue as columns (typed arrays keep 1e6 items in a few tens of MB). */
export interface Items {
  count: number;
  /** Public ids, "i0".."i{n-1}". */
  ids: string[];
  topic: Uint16Array;
  creator: Int32Array;
  durationSeconds: Int32Array;
  uploadTime: Float64Array;
  /** Latent quality in (0, 1). */
  quality: Float64Array;
  /** Latent clickbait appeal in (0, 1). */
  clickbait: Float64Array;
  /** Relative popularity (Zipf by rank, tilted by quality and clickbait). */
  popularity: Float64Array;
  logPopularity: Float64Array;
}

/** Zipf weights 1/rank^s for ranks 1..n. */
export function zipfWeights(n: number, s: number): Float64Array {
  const w = new Float64Array(n);
  for (let r = 0; r < n; r++) w[r] = (r + 1) ** -s;
  return w;
}

/** Creators: a home topic, a quality offset and a clickbait habit shared by their uploads. */
function createCreators(n: number, topicSampler: AliasTable, params: SimParams, rng: Rng) {
  const w = params.world;
  const topic = new Uint16Array(n);
  const quality = new Float64Array(n);
  const clickbait = new Float64Array(n);
  const output = new Float64Array(n);
  for (let c = 0; c < n; c++) {
    topic[c] = topicSampler.sample(rng);
    quality[c] = rng.normal(0, w.creatorQualitySd);
    clickbait[c] = rng.beta(w.creatorClickbait[0] ?? 1, w.creatorClickbait[1] ?? 1);
    // Some creators upload far more than others.
    output[c] = rng.logNormal(0, 1);
  }
  return { topic, quality, clickbait, sampler: new AliasTable(output) };
}

/** Draws the catalogue of `n` items over the topics whose sizes are `topicShare`. */
export function createItems(n: number, topicShare: Float64Array, params: SimParams, rng: Rng): Items {
  const w = params.world;
  const topicSampler = new AliasTable(topicShare);
  const nCreators = Math.max(1, Math.ceil(n / params.itemsPerCreator));
  const creators = createCreators(nCreators, topicSampler, params, rng.fork('creators'));
  // Each topic has its own typical length (music is short, lectures are long).
  const topicLogDuration = new Float64Array(topicShare.length);
  for (let t = 0; t < topicShare.length; t++) {
    topicLogDuration[t] = Math.log(w.durationMedianSeconds) + rng.normal(0, w.topicDurationSd);
  }
  const items: Items = {
    count: n,
    ids: new Array<string>(n),
    topic: new Uint16Array(n),
    creator: new Int32Array(n),
    durationSeconds: new Int32Array(n),
    uploadTime: new Float64Array(n),
    quality: new Float64Array(n),
    clickbait: new Float64Array(n),
    popularity: new Float64Array(n),
    logPopularity: new Float64Array(n),
  };
  const rank = rng.permutation(n);
  const zipf = zipfWeights(n, params.popularityZipf);
  const [minDuration = 10, maxDuration = 10_800] = w.durationRange;
  const periodEnd = SIM_EPOCH + params.periodDays * DAY;
  for (let i = 0; i < n; i++) {
    const c = creators.sampler.sample(rng);
    const t = rng.bernoulli(w.creatorTopicLoyalty) ? (creators.topic[c] ?? 0) : topicSampler.sample(rng);
    const q = sigmoid((creators.quality[c] ?? 0) + rng.normal(0, w.itemQualitySd));
    const mean = creators.clickbait[c] ?? 0.2;
    const cb = rng.beta(mean * w.clickbaitConcentration, (1 - mean) * w.clickbaitConcentration);
    const logDuration = (topicLogDuration[t] ?? 0) + rng.normal(0, w.itemDurationSd);
    const duration = Math.min(maxDuration, Math.max(minDuration, Math.round(Math.exp(logDuration))));
    // Most of the catalogue predates the period; a share arrives during it (fresh content).
    const upload = rng.bernoulli(params.freshItemShare)
      ? SIM_EPOCH + rng.uniform() * (periodEnd - SIM_EPOCH)
      : SIM_EPOCH - rng.uniform() * params.backlogDays * DAY;
    const tilt = w.popularityQuality * (q - 0.5) + w.popularityClickbait * cb;
    const pop = (zipf[rank[i] ?? 0] ?? 0) * Math.exp(tilt);
    items.ids[i] = `i${i}`;
    items.topic[i] = t;
    items.creator[i] = c;
    items.durationSeconds[i] = duration;
    items.uploadTime[i] = Math.floor(upload);
    items.quality[i] = q;
    items.clickbait[i] = cb;
    items.popularity[i] = pop;
    items.logPopularity[i] = Math.log(pop);
  }
  return items;
}

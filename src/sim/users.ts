/**
 * The simulated audience: observed region, age bucket and primary device, and latent topic
 * interests, device mix, activity level and click propensity.
 *
 * Observed attributes are made to carry signal (age shapes topic taste, region shapes the
 * device mix) so that a ranker can learn something from the user table, as in real logs.
 */

import type { Rng } from '../util/random.js';
import { DEVICES, type SimParams } from './params.js';

/** The audience as columns; per-user vectors are flattened row-major. */
export interface Users {
  count: number;
  /** Public ids, "u0".."u{n-1}". */
  ids: string[];
  region: Uint8Array;
  ageBucket: Uint8Array;
  /** The most likely device of the user's mix. */
  primaryDevice: Uint8Array;
  /** Latent device mix, `DEVICES.length` entries per user summing to 1. */
  deviceMix: Float64Array;
  /** Latent topic interests, `topics` entries per user summing to 1 (sparse). */
  interest: Float32Array;
  /** Latent relative activity: how often the user makes a request. */
  activity: Float64Array;
  /** Latent offset on every click logit (some people click more). */
  clickBias: Float64Array;
}

/** A topic taste per age bucket, so that age is predictive of what a user watches. */
function ageTopicTaste(topics: number, buckets: number, rng: Rng): Float64Array[] {
  const taste: Float64Array[] = [];
  const flat = new Float64Array(topics).fill(1);
  for (let a = 0; a < buckets; a++) taste.push(rng.dirichlet(flat));
  return taste;
}

/** Draws `n` users given the topic sizes of the catalogue. */
export function createUsers(n: number, topicShare: Float64Array, params: SimParams, rng: Rng): Users {
  const w = params.world;
  const topics = topicShare.length;
  const nDevices = DEVICES.length;
  const taste = ageTopicTaste(topics, w.ageShare.length, rng.fork('age-taste'));
  const users: Users = {
    count: n,
    ids: new Array<string>(n),
    region: new Uint8Array(n),
    ageBucket: new Uint8Array(n),
    primaryDevice: new Uint8Array(n),
    deviceMix: new Float64Array(n * nDevices),
    interest: new Float32Array(n * topics),
    activity: new Float64Array(n),
    clickBias: new Float64Array(n),
  };
  const alpha = new Float64Array(topics);
  const deviceAlpha = new Float64Array(nDevices);
  for (let u = 0; u < n; u++) {
    const region = rng.categorical(w.regionShare);
    const age = rng.categorical(w.ageShare);
    const regionPrior = w.regionDevice[region] ?? [];
    for (let d = 0; d < nDevices; d++) deviceAlpha[d] = w.deviceConcentration * (regionPrior[d] ?? 1);
    const mix = rng.dirichlet(deviceAlpha);
    let primary = 0;
    for (let d = 0; d < nDevices; d++) {
      users.deviceMix[u * nDevices + d] = mix[d] ?? 0;
      if ((mix[d] ?? 0) > (mix[primary] ?? 0)) primary = d;
    }
    const ageTaste = taste[age] ?? topicShare;
    for (let t = 0; t < topics; t++) {
      const prior = (1 - w.ageTopicWeight) * (topicShare[t] ?? 0) + w.ageTopicWeight * (ageTaste[t] ?? 0);
      alpha[t] = w.interestConcentration * prior;
    }
    users.interest.set(rng.dirichlet(alpha), u * topics);
    users.ids[u] = `u${u}`;
    users.region[u] = region;
    users.ageBucket[u] = age;
    users.primaryDevice[u] = primary;
    users.activity[u] = rng.logNormal(0, w.activitySigma);
    users.clickBias[u] = rng.normal(0, w.userClickSd);
  }
  return users;
}

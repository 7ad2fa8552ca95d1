/**
 * The user's response to one impression: the true probabilities (ground truth) and the
 * labels drawn from them.
 *
 * The model is an examination model: a shown item is looked at with a propensity that decays
 * with position (faster on tv, slower on desktop); a looked-at item is clicked with its true
 * relevance. Clickbait raises the click logit but lowers watch fraction, likes and ratings,
 * so engagement and satisfaction disagree on exactly those items.
 */

import type { Rng } from '../util/random.js';
import { sigmoid } from './math.js';
import type { World } from './world.js';

/** One impression as the outcome model sees it. */
export interface Impression {
  user: number;
  item: number;
  current: number;
  device: number;
  /** 1-based display position. */
  position: number;
  time: number;
}

/** True probabilities of one impression; `pClick` excludes position bias. */
export interface Truth {
  propensity: number;
  pClick: number;
  pLikeGivenClick: number;
  /** Mean watch fraction of the video given a click. */
  watchFraction: number;
  expectedWatchGivenClick: number;
  /** Chance of a dismiss when the item is looked at and not clicked. */
  pDismissGivenSkip: number;
  /** Mean of the ordered-logit rating (1..5) given that a rating is left. */
  expectedRating: number;
  ratingLocation: number;
}

/** Labels of one impression, as written to the log. */
export interface Labels {
  click: number;
  watchSeconds: number;
  like: number;
  dismiss: number;
  rating: number | null;
}

/** A fresh Truth to be filled by OutcomeModel.truth. */
export function emptyTruth(): Truth {
  return {
    propensity: 0,
    pClick: 0,
    pLikeGivenClick: 0,
    watchFraction: 0,
    expectedWatchGivenClick: 0,
    pDismissGivenSkip: 0,
    expectedRating: 0,
    ratingLocation: 0,
  };
}

/** Computes true probabilities and draws labels for impressions of a world. */
export class OutcomeModel {
  /** Binds the model to a world and the random stream labels are drawn from. */
  constructor(
    private readonly world: World,
    private readonly rng: Rng,
  ) {}

  /** Fills `out` with the true probabilities of an impression. */
  truth(imp: Impression, out: Truth): void {
    const { params, items, users } = this.world;
    const topics = params.topics;
    const t = items.topic[imp.item] ?? 0;
    const q = (items.quality[imp.item] ?? 0.5) - 0.5;
    const cb = items.clickbait[imp.item] ?? 0;
    const duration = items.durationSeconds[imp.item] ?? 1;
    const interest = users.interest[imp.user * topics + t] ?? 0;
    // Log of interest relative to uniform: about −3 for a topic the user ignores, up to ~+3.
    const affinity = Math.log(0.05 + topics * interest);
    const logDuration = Math.log(duration / params.world.durationMedianSeconds);
    const ageDays = Math.max(0, (imp.time - (items.uploadTime[imp.item] ?? 0)) / 86_400);
    const sameTopic = t === items.topic[imp.current] ? 1 : 0;
    const sameCreator = items.creator[imp.item] === items.creator[imp.current] ? 1 : 0;

    const c = params.click;
    out.pClick = sigmoid(
      c.bias +
        (users.clickBias[imp.user] ?? 0) +
        c.affinity * affinity +
        c.sameTopic * sameTopic +
        c.sameCreator * sameCreator +
        c.quality * q +
        c.clickbait * cb +
        c.freshness * Math.exp(-ageDays / c.freshnessDays) +
        (c.durationByDevice[imp.device] ?? 0) * logDuration,
    );
    out.propensity = imp.position ** -(params.positionEta[imp.device] ?? 1);

    const w = params.watch;
    out.watchFraction = sigmoid(
      w.bias +
        w.quality * q +
        w.clickbait * cb +
        w.affinity * affinity +
        w.logDuration * logDuration +
        (w.device[imp.device] ?? 0),
    );
    out.expectedWatchGivenClick = duration * out.watchFraction;

    const l = params.like;
    out.pLikeGivenClick = sigmoid(l.bias + l.quality * q + l.clickbait * cb + l.affinity * affinity);
    const d = params.dismiss;
    out.pDismissGivenSkip = sigmoid(d.bias + d.quality * q + d.clickbait * cb + d.affinity * affinity);

    const r = params.rating;
    out.ratingLocation = r.quality * q + r.clickbait * cb + r.affinity * affinity;
    // E[rating] = 5 − Σ_k P(rating ≤ k) for an ordered logit.
    let expected = 5;
    for (const cut of r.cutpoints) expected -= sigmoid(cut - out.ratingLocation);
    out.expectedRating = expected;
  }

  /** Draws the labels of an impression from its truth. */
  sample(imp: Impression, truth: Truth, out: Labels): void {
    const rng = this.rng;
    out.click = 0;
    out.watchSeconds = 0;
    out.like = 0;
    out.dismiss = 0;
    out.rating = null;
    if (!rng.bernoulli(truth.propensity)) return; // never looked at
    if (!rng.bernoulli(truth.pClick)) {
      out.dismiss = rng.bernoulli(truth.pDismissGivenSkip) ? 1 : 0;
      return;
    }
    out.click = 1;
    const kappa = this.world.params.watch.concentration;
    const m = truth.watchFraction;
    const fraction = rng.beta(m * kappa, (1 - m) * kappa);
    const duration = this.world.items.durationSeconds[imp.item] ?? 1;
    out.watchSeconds = Math.max(1, Math.round(duration * fraction));
    out.like = rng.bernoulli(truth.pLikeGivenClick) ? 1 : 0;
    if (rng.bernoulli(this.world.params.rating.share)) {
      // Ordered logit: a logistic draw around the location, cut into five bins.
      const u = rng.uniform();
      const z = truth.ratingLocation + Math.log(u / (1 - u));
      let rating = 1;
      for (const cut of this.world.params.rating.cutpoints) if (z > cut) rating++;
      out.rating = rating;
    }
  }
}

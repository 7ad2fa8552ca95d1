/**
 * Every constant of the simulated world in one place: vocabularies, shapes of the
 * distributions and the coefficients of the outcome model. world.json records this object,
 * and docs/simulator.md explains each group; change a number here and nowhere else.
 */

/** Start of the simulated period: 2024-01-01T00:00:00Z (a fixed date keeps runs reproducible). */
export const SIM_EPOCH = 1_704_067_200;

/** Devices a request can come from; the order is the index used in typed arrays. */
export const DEVICES = ['mobile', 'desktop', 'tv'] as const;

/** A device name. */
export type Device = (typeof DEVICES)[number];

/** Observed user regions. */
export const REGIONS = ['na', 'eu', 'latam', 'apac', 'mea'] as const;

/** Observed user age buckets. */
export const AGE_BUCKETS = ['13-17', '18-24', '25-34', '35-44', '45-54', '55+'] as const;

/** The default parameters of the world and of the outcome model. */
export const DEFAULT_PARAMS = {
  topics: 32,
  /** Zipf exponent of topic sizes and of item popularity ranks. */
  topicZipf: 0.8,
  popularityZipf: 1.0,
  periodDays: 28,
  /** Items uploaded before the period are spread over this many days; the rest during it. */
  backlogDays: 365,
  freshItemShare: 0.1,
  itemsPerCreator: 20,
  historyLength: 20,
  world: {
    regionShare: [0.3, 0.25, 0.15, 0.2, 0.1],
    ageShare: [0.08, 0.22, 0.25, 0.2, 0.15, 0.1],
    /** Device mix prior per region (mobile, desktop, tv) and its concentration. */
    regionDevice: [
      [0.45, 0.3, 0.25],
      [0.5, 0.35, 0.15],
      [0.7, 0.2, 0.1],
      [0.75, 0.15, 0.1],
      [0.75, 0.2, 0.05],
    ],
    deviceConcentration: 4,
    /** Total Dirichlet concentration of a user's topic interests (small = few topics). */
    interestConcentration: 2,
    /** Weight of the age bucket's topic taste against the global topic sizes. */
    ageTopicWeight: 0.5,
    activitySigma: 1,
    userClickSd: 0.4,
    creatorQualitySd: 0.6,
    itemQualitySd: 0.8,
    /** Creators' mean clickbait ~ Beta(a, b); items ~ Beta around it with this concentration. */
    creatorClickbait: [0.6, 2.4],
    clickbaitConcentration: 5,
    creatorTopicLoyalty: 0.8,
    durationMedianSeconds: 300,
    topicDurationSd: 0.5,
    itemDurationSd: 0.8,
    durationRange: [10, 10_800],
    /** Popularity multiplier exp(q·(quality−0.5) + c·clickbait): bait spreads, quality a little. */
    popularityQuality: 0.8,
    popularityClickbait: 1.5,
  },
  session: {
    /** Chance that the current video is the user's last click (watching on) rather than a new start. */
    continueProb: 0.6,
  },
  policy: {
    /** Candidates drawn per slot before the policy ranks them. */
    poolFactor: 3,
    sourceShare: { currentTopic: 0.4, historyTopic: 0.25, popular: 0.2, explore: 0.15 },
    popularity: 0.3,
    sameTopic: 1.5,
    historyTopic: 2,
    noiseSd: 0.8,
    /**
     * Weight of ln(duration / durationMedianSeconds) in the policy score. 0 (the default) leaves
     * the policy as above; > 0 is a production system tuned for watch time that pushes long
     * videos up, which the click model does not reward (it slightly penalises length on mobile).
     * Worlds written before this option existed read it as 0.
     */
    logDuration: 0,
  },
  /**
   * Click logit coefficients (outcomes.ts). Affinity is ln(0.05 + topics × interest[topic]);
   * quality enters as quality − 0.5, duration as ln(duration / durationMedianSeconds).
   */
  click: {
    bias: -3.1,
    affinity: 0.5,
    sameTopic: 0.6,
    sameCreator: 0.5,
    quality: 1.2,
    clickbait: 2.2,
    freshness: 0.4,
    freshnessDays: 14,
    /** Per device slope on ln(duration / median): mobile likes short, tv likes long. */
    durationByDevice: [-0.3, 0, 0.35],
  },
  /** Examination propensity at position p is p^(−eta[device]). */
  positionEta: [1, 0.7, 1.3],
  watch: {
    bias: 0.3,
    quality: 2,
    clickbait: -2.5,
    affinity: 0.25,
    logDuration: -0.35,
    device: [-0.2, 0, 0.3],
    /** Concentration of the Beta around the mean watch fraction. */
    concentration: 6,
  },
  like: { bias: -1.6, quality: 3, clickbait: -3, affinity: 0.3 },
  dismiss: { bias: -3.8, quality: -1, clickbait: 1, affinity: -0.5 },
  rating: {
    /** Share of clicks that leave a rating. */
    share: 0.1,
    quality: 3,
    clickbait: -2.5,
    affinity: 0.3,
    /** Ordered-logit cut points between 1|2, 2|3, 3|4, 4|5. */
    cutpoints: [-2, -0.8, 0.4, 1.6],
  },
};

/** The parameter object's shape. */
export type SimParams = typeof DEFAULT_PARAMS;

/**
 * Weight experiments: each splits a share of users across variants, each variant ranking with its
 * own combination profile. Shared by the experiment store, assignment, the rank route, events
 * and reports.
 */
import type { CombinationProfile } from '../combination/schema.js';

export const EXPERIMENT_STATUSES = ['draft', 'running', 'stopped'] as const;
export type ExperimentStatus = (typeof EXPERIMENT_STATUSES)[number];

/** One arm of an experiment. */
export interface Variant {
  /** Unique within the experiment, e.g. "control", "more-likes". */
  name: string;
  /** Relative share of the experiment's traffic (allocations are normalised over the variants). */
  allocation: number;
  profile: CombinationProfile;
}

/** An experiment definition. */
export interface Experiment {
  id: string;
  /** Mixed into the hash so experiments assign users independently of each other. */
  salt: string;
  status: ExperimentStatus;
  /** Fraction of all users in the experiment, in [0, 1]; the rest get the default profile. */
  traffic: number;
  /** The variant lift is measured against (default: the first). */
  control?: string;
  variants: Variant[];
  /** ISO time of the last change (set by the store). */
  updatedAt?: string;
}

/** Where a user landed for one request. */
export interface Assignment {
  experimentId: string;
  variant: string;
  /** The bucket in [0, 10000) the hash put the user in (for QA). */
  bucket: number;
  /** True when the request forced the variant (QA), so it is not counted as randomised traffic. */
  forced: boolean;
  profile: CombinationProfile;
}

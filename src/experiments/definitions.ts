/**
 * Experiments in the core: full validation of a definition (from the file, Redis or the admin
 * API) and deterministic assignment of users to variants.
 *
 * Assignment: only `running` experiments assign, tried in id order; a user is in at most one
 * experiment, the first whose traffic slice takes them (see bucketing.ts). Inside it, the variant
 * slice's bucket picks the variant that owns it (bucket-ranges.ts). Users no experiment takes get
 * the default profile (null here). Validation errors are MultirankError BAD_REQUEST naming the field.
 */

import { parseProfile } from '../combination/parse.js';
import type { CombinationProfile } from '../combination/schema.js';
import { MultirankError } from '../errors.js';
import { isRecord } from '../util/is-record.js';
import { parseBucketRanges, rangesOf, variantTable } from './bucket-ranges.js';
import { BUCKETS, trafficBucket, trafficCutoff, variantBucket } from './bucketing.js';
import { type Assignment, EXPERIMENT_STATUSES, type Experiment, type Variant } from './types.js';

/** Checks a structurally valid profile against the served model (head names); throws naming `field`. */
export type CheckProfile = (profile: CombinationProfile, field: string) => void;

/** Ids of experiments and names of variants: safe in URLs, Redis fields and metric labels. */
export const NAME_PATTERN = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$/;

/** Most variants one experiment may have. */
export const MAX_VARIANTS = 20;

const bad = (field: string, message: string) => new MultirankError('BAD_REQUEST', `${field}: ${message}`);

/** Rejects keys outside `allowed`, so a typo in a hand-written file ("alocation") is not silently ignored. */
function onlyKeys(value: Record<string, unknown>, allowed: readonly string[], field: string): void {
  const extra = Object.keys(value).find((key) => !allowed.includes(key));
  if (extra !== undefined) throw bad(field, `unknown key "${extra}" (allowed: ${allowed.join(', ')})`);
}

function finite(value: unknown, field: string): number {
  if (typeof value !== 'number' || !Number.isFinite(value))
    throw bad(
      field,
      `must be a finite number, got ${typeof value === 'number' ? value : JSON.stringify(value)}`,
    );
  return value;
}

function name(value: unknown, field: string): string {
  if (typeof value !== 'string' || !NAME_PATTERN.test(value))
    throw bad(field, `must match ${NAME_PATTERN.source}, got ${JSON.stringify(value) ?? String(value)}`);
  return value;
}

function parseVariants(input: unknown, checkProfile: CheckProfile | undefined): Variant[] {
  if (!Array.isArray(input) || input.length === 0 || input.length > MAX_VARIANTS)
    throw bad('variants', `must be a list of 1 to ${MAX_VARIANTS} variants`);
  const seen = new Set<string>();
  const variants = input.map((raw: unknown, i): Variant => {
    const field = `variants[${i}]`;
    if (!isRecord(raw)) throw bad(field, 'must be an object with name, allocation and profile');
    onlyKeys(raw, ['name', 'allocation', 'profile'], field);
    const variantName = name(raw.name, `${field}.name`);
    if (seen.has(variantName)) throw bad(`${field}.name`, `"${variantName}" appears twice`);
    seen.add(variantName);
    const allocation = finite(raw.allocation, `${field}.allocation`);
    if (allocation < 0) throw bad(`${field}.allocation`, `must be >= 0, got ${allocation}`);
    // No model here: the shape now, the served model's heads through checkProfile.
    const profile = parseProfile(raw.profile, null, `${field}.profile`);
    checkProfile?.(profile, `${field}.profile`);
    return { name: variantName, allocation, profile };
  });
  if (!variants.some((v) => v.allocation > 0)) throw bad('variants', 'at least one allocation must be > 0');
  return variants;
}

const EXPERIMENT_KEYS = ['id', 'salt', 'status', 'traffic', 'control', 'variants', 'updatedAt'] as const;

/** Keys of a definition read back from the store: also its bucket ranges. */
const STORED_KEYS = [...EXPERIMENT_KEYS, 'buckets'] as const;

/** Options of `parseExperiment`. */
export interface ParseExperimentOptions {
  /** Checks each variant's profile against the served model (another module owns the head list). */
  checkProfile?: CheckProfile | undefined;
  /**
   * A definition read back from the store: keeps its updatedAt (when a valid ISO time) and its
   * bucket ranges (validated), and takes a `traffic` off the 1/10 000 grid as earlier versions
   * stored it (rounded to the grid, as it always was) instead of refusing it.
   */
  stored?: boolean;
  /** @deprecated The former name of `stored`, which it implies. */
  keepUpdatedAt?: boolean;
}

/** Whether `traffic` lies on the 1/10 000 grid, allowing for binary fractions (0.1, 0.3 are not exact). */
function onTrafficGrid(traffic: number): boolean {
  const steps = traffic * BUCKETS;
  return Math.abs(steps - Math.round(steps)) < 1e-6;
}

/**
 * Validates a definition; `id` comes from the URL or the file entry. `salt` defaults to the id.
 * Throws MultirankError BAD_REQUEST whose message starts with the offending field.
 */
export function parseExperiment(
  id: string,
  input: unknown,
  options: ParseExperimentOptions = {},
): Experiment {
  const stored = options.stored ?? options.keepUpdatedAt ?? false;
  name(id, 'id');
  if (!isRecord(input)) throw bad('experiment', 'must be an object');
  // Bucket ranges come from the store only: a file or a client cannot set them.
  onlyKeys(input, stored ? STORED_KEYS : EXPERIMENT_KEYS, 'experiment');
  if (input.id !== undefined && input.id !== id)
    throw bad('id', `${JSON.stringify(input.id)} does not match the experiment id "${id}"`);
  const salt = input.salt ?? id;
  if (typeof salt !== 'string' || salt.length === 0 || salt.length > 128)
    throw bad('salt', 'must be a string of 1 to 128 characters');
  const status = input.status;
  if (!(EXPERIMENT_STATUSES as readonly unknown[]).includes(status))
    throw bad('status', `must be one of ${EXPERIMENT_STATUSES.join(', ')}, got ${JSON.stringify(status)}`);
  const traffic = finite(input.traffic, 'traffic');
  if (traffic < 0 || traffic > 1) throw bad('traffic', `must be in [0, 1], got ${traffic}`);
  if (!stored && !onTrafficGrid(traffic))
    throw bad('traffic', `must be a multiple of 0.0001, got ${traffic}`);
  const variants = parseVariants(input.variants, options.checkProfile);
  const experiment: Experiment = {
    id,
    salt,
    status: status as Experiment['status'],
    traffic,
    variants,
  };
  if (input.control !== undefined) {
    const control = name(input.control, 'control');
    if (!variants.some((v) => v.name === control)) throw bad('control', `names no variant: "${control}"`);
    experiment.control = control;
  }
  const updatedAt = input.updatedAt;
  if (stored && typeof updatedAt === 'string' && !Number.isNaN(Date.parse(updatedAt)))
    experiment.updatedAt = updatedAt;
  if (stored && input.buckets !== undefined) experiment.buckets = parseBucketRanges(input.buckets, variants);
  return experiment;
}

/**
 * Validates a definitions file's document, `{ experiments: [ {id, ...}, ... ] }`; errors name the
 * entry (`experiments[2].traffic: ...`). Ids must be unique.
 */
export function parseExperimentList(document: unknown, options: ParseExperimentOptions = {}): Experiment[] {
  if (!isRecord(document) || !Array.isArray(document.experiments))
    throw bad('experiments', 'the file must hold an object with an "experiments" list');
  const seen = new Set<string>();
  return document.experiments.map((entry: unknown, i) => {
    const field = `experiments[${i}]`;
    const id = name(isRecord(entry) ? entry.id : undefined, `${field}.id`);
    if (seen.has(id)) throw bad(`${field}.id`, `"${id}" appears twice`);
    seen.add(id);
    try {
      return parseExperiment(id, entry, options);
    } catch (error) {
      if (error instanceof MultirankError)
        throw new MultirankError('BAD_REQUEST', `${field}.${error.message}`);
      throw error;
    }
  });
}

/** Where a user falls in one experiment, whether or not it assigns them (for QA). */
export interface Placement {
  trafficBucket: number;
  /** Whether the traffic slice takes the user (regardless of status and other experiments). */
  inTraffic: boolean;
  /** The variant-slice bucket. */
  bucket: number;
  /** The variant that bucket maps to. */
  variant: string;
}

/** An experiment ready to assign: the variant index of every bucket, and the traffic cutoff. */
interface Prepared {
  experiment: Experiment;
  table: Uint8Array;
  cutoff: number;
}

/** A forced variant (QA): ranks with that variant and marks the assignment `forced`. */
export interface ForcedVariant {
  experimentId: string;
  variant: string;
}

/** Assignment over one set of definitions; rebuilt whenever the set changes. */
export interface Assigner {
  /** The user's assignment, or null for the default profile; a force must name a known experiment and variant. */
  assign(userId: string, force?: ForcedVariant, field?: string): Assignment | null;
  /** Where the user falls in the experiment `id` (undefined when unknown). */
  place(id: string, userId: string): Placement | undefined;
}

function placement(p: Prepared, userId: string): Placement {
  const traffic = trafficBucket(p.experiment.salt, userId);
  const bucket = variantBucket(p.experiment.salt, userId);
  const variant = p.experiment.variants[p.table[bucket]!]!;
  return { trafficBucket: traffic, inTraffic: traffic < p.cutoff, bucket, variant: variant.name };
}

/** Prepares an assigner; only `running` experiments assign, the first (by id) that takes the user wins. */
export function createAssigner(experiments: readonly Experiment[]): Assigner {
  const prepared = new Map<string, Prepared>();
  for (const experiment of [...experiments].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0))) {
    prepared.set(experiment.id, {
      experiment,
      table: variantTable(rangesOf(experiment), experiment.variants),
      cutoff: trafficCutoff(experiment.traffic),
    });
  }
  const running = [...prepared.values()].filter((p) => p.experiment.status === 'running' && p.cutoff > 0);

  const toAssignment = (p: Prepared, variantName: string, bucket: number, forced: boolean): Assignment => ({
    experimentId: p.experiment.id,
    variant: variantName,
    bucket,
    forced,
    profile: p.experiment.variants.find((v) => v.name === variantName)!.profile,
  });

  return {
    assign(userId, force, field = 'force') {
      if (force) {
        const p = prepared.get(force.experimentId);
        if (!p) throw bad(`${field}.experimentId`, `unknown experiment "${force.experimentId}"`);
        if (!p.experiment.variants.some((v) => v.name === force.variant))
          throw bad(
            `${field}.variant`,
            `experiment "${force.experimentId}" has no variant "${force.variant}"`,
          );
        return toAssignment(p, force.variant, variantBucket(p.experiment.salt, userId), true);
      }
      for (const p of running) {
        if (trafficBucket(p.experiment.salt, userId) >= p.cutoff) continue;
        const bucket = variantBucket(p.experiment.salt, userId);
        return toAssignment(p, p.experiment.variants[p.table[bucket]!]!.name, bucket, false);
      }
      return null;
    },
    place(id, userId) {
      const p = prepared.get(id);
      return p ? placement(p, userId) : undefined;
    },
  };
}

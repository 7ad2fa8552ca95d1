/**
 * Weight experiments: each splits a share of users across variants, each variant ranking with its
 * own combination profile. Shared by the experiment store, assignment, the rank route, events
 * and reports.
 *
 * The shapes are TypeBox schemas, written once: the TS types are their Static and the HTTP schemas
 * (src/http/schemas/experiments.ts) build on them, adding only HTTP bits (the name pattern, bounds).
 * The checks themselves are parseExperiment's (definitions.ts), whose messages name the field.
 */
import { type Static, Type } from '@sinclair/typebox';
import { CombinationProfileSchema } from '../combination/schema.js';
import { stringEnum } from '../util/string-enum.js';

/** The lifecycle of a definition; only `running` experiments assign users. */
export const EXPERIMENT_STATUSES = ['draft', 'running', 'stopped'] as const;

/** One of EXPERIMENT_STATUSES. */
export type ExperimentStatus = (typeof EXPERIMENT_STATUSES)[number];

/** One arm of an experiment. */
export const VariantSchema = Type.Object({
  name: Type.String({
    description:
      'Unique within the experiment, e.g. "control", "more-likes"; letters, digits, `_.-`, at most 64.',
  }),
  allocation: Type.Number({
    description: "Relative share of the experiment's traffic; allocations are normalised over the variants.",
  }),
  profile: CombinationProfileSchema,
});

/** One arm of an experiment (see VariantSchema). */
export type Variant = Static<typeof VariantSchema>;

/**
 * Variant-slice bucket ranges [start, end) per variant name, together covering [0, 10000) once.
 * Written by the store, never by a client (see bucket-ranges.ts).
 */
export const BucketRangesSchema = Type.Record(
  Type.String(),
  Type.Array(Type.Tuple([Type.Integer(), Type.Integer()])),
);

/** Bucket ranges per variant (see BucketRangesSchema). */
export type BucketRanges = Static<typeof BucketRangesSchema>;

/** An experiment definition. */
export const ExperimentSchema = Type.Object({
  id: Type.String(),
  salt: Type.String({
    description:
      'Mixed into the hash so experiments assign users independently (default: the id); changing it reshuffles users.',
  }),
  status: stringEnum(EXPERIMENT_STATUSES, 'Only `running` experiments assign users.'),
  traffic: Type.Number({
    description: 'Share of all users in the experiment, in [0, 1]; the rest get the default profile.',
  }),
  control: Type.Optional(
    Type.String({ description: 'The variant lift is measured against; default: the first.' }),
  ),
  variants: Type.Array(VariantSchema),
  updatedAt: Type.Optional(
    Type.String({ description: 'ISO time of the last change, set by the store (absent: file only).' }),
  ),
  /**
   * Which buckets each variant owns, kept by the store so an allocation change moves only the users
   * it must; absent (file only, or stored before ranges were): consecutive ranges in variant order.
   * Internal: the HTTP schemas leave it out.
   */
  buckets: Type.Optional(BucketRangesSchema),
});

/** An experiment definition (see ExperimentSchema). */
export type Experiment = Static<typeof ExperimentSchema>;

/** Where a user landed for one request. */
export const AssignmentSchema = Type.Object({
  experimentId: Type.String(),
  variant: Type.String(),
  bucket: Type.Integer({ description: 'The variant-slice bucket in [0, 10000) the hash put the user in.' }),
  forced: Type.Boolean({
    description: 'The request forced the variant (QA), so it is not counted as randomised traffic.',
  }),
  profile: CombinationProfileSchema,
});

/** Where a user landed for one request (see AssignmentSchema). */
export type Assignment = Static<typeof AssignmentSchema>;

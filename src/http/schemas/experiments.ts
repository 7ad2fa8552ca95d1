/** Experiment definitions, the store's state and assignments (routes in routes/experiments.ts). */
import { type NumberOptions, type Static, type StringOptions, type TSchema, Type } from '@sinclair/typebox';
import { MAX_VARIANTS, NAME_PATTERN } from '../../experiments/definitions.js';
import { AssignmentSchema, ExperimentSchema, VariantSchema } from '../../experiments/types.js';

/**
 * `schema` with HTTP rules added (a pattern, bounds): parseExperiment enforces them too, but here
 * ajv answers a plain mistake early and the OpenAPI document shows the rule.
 */
function withRules<T extends TSchema>(schema: T, rules: StringOptions & NumberOptions): T {
  return { ...schema, ...rules };
}

const Variant = Type.Object({
  name: withRules(VariantSchema.properties.name, { pattern: NAME_PATTERN.source }),
  allocation: withRules(VariantSchema.properties.allocation, { minimum: 0 }),
  profile: VariantSchema.properties.profile,
});

// The bucket ranges are the store's bookkeeping (src/experiments/bucket-ranges.ts): never sent, never taken.
const { buckets: _internal, ...definition } = ExperimentSchema.properties;

/** A definition as served: the core's fields, its variants documented with their rules. */
const served = { ...definition, variants: Type.Array(Variant) };

/** The body of PUT /v1/experiments/:id (the id comes from the URL, updatedAt from the store). */
export const ExperimentBody = Type.Object({
  salt: Type.Optional(withRules(definition.salt, { minLength: 1, maxLength: 128 })),
  status: definition.status,
  traffic: withRules(definition.traffic, { minimum: 0, maximum: 1 }),
  control: definition.control,
  variants: Type.Array(Variant, { minItems: 1, maxItems: MAX_VARIANTS }),
});

/** One definition as the store serves it. */
export const Experiment = Type.Object(served, { $id: 'Experiment', title: 'Experiment' });

const StoreState = Type.Object({
  status: Type.Union([Type.Literal('ok'), Type.Literal('degraded')]),
  source: Type.Union([Type.Literal('redis'), Type.Literal('file')], {
    description: '`redis`: synced from Redis; `file`: the file only (no Redis, or not reached yet).',
  }),
  version: Type.Union([Type.Integer(), Type.Null()], { description: 'Redis version counter of the set.' }),
  syncedAt: Type.Union([Type.String(), Type.Null()], { description: 'Last successful Redis poll.' }),
  detail: Type.Optional(Type.String()),
});

/** GET /v1/experiments: the served definitions and where they came from. */
export const ExperimentList = Type.Object(
  { experiments: Type.Array(Type.Object(served)), store: StoreState },
  { $id: 'ExperimentList', title: 'ExperimentList' },
);

/** The `:id` of /v1/experiments/:id. */
export const ExperimentParams = Type.Object({ id: Type.String({ minLength: 1, maxLength: 64 }) });
/** The route params (see ExperimentParams). */
export type ExperimentParams = Static<typeof ExperimentParams>;

/** The query of GET /v1/experiments/assignment. */
export const AssignmentQuery = Type.Object({
  userId: Type.String({ minLength: 1, maxLength: 256 }),
  experiment: Type.Optional(
    Type.String({ minLength: 1, maxLength: 64, description: 'Also show where the user falls in this one.' }),
  ),
});

/** A user's assignment and, with ?experiment=, their place in that experiment. */
export const AssignmentReply = Type.Object(
  {
    userId: Type.String(),
    assignment: Type.Union([AssignmentSchema, Type.Null()], {
      description: 'What a rank request uses; null: the default profile.',
    }),
    experiment: Type.Optional(
      Type.Object(
        {
          id: Type.String(),
          status: definition.status,
          trafficBucket: Type.Integer({ description: 'Traffic-slice bucket in [0, 10000).' }),
          inTraffic: Type.Boolean({ description: 'Whether the traffic share takes the user.' }),
          bucket: Type.Integer(),
          variant: Type.String({ description: 'The variant the bucket maps to.' }),
        },
        { description: 'Present with ?experiment=: where the user falls in it, whatever the status.' },
      ),
    ),
  },
  { $id: 'AssignmentReply', title: 'AssignmentReply' },
);

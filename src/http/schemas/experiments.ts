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

/** The id the examples use (the first experiment of examples/experiments.yaml). */
const EXAMPLE_ID = 'likes-and-watch-2025-06';

/** A definition as sent: examples/experiments.yaml's first, which the shipped model's heads fit. */
const DEFINITION_EXAMPLE = {
  status: 'running',
  traffic: 0.2,
  control: 'control',
  variants: [
    { name: 'control', allocation: 1, profile: { form: 'sum', weights: { click: 1 } } },
    {
      name: 'more-likes',
      allocation: 1,
      profile: {
        form: 'sum',
        weights: { click: 1, like: 0.5, watch: 0.1, dismiss: -1 },
        transforms: { watch: 'log1p' },
      },
    },
  ],
};

/** That definition as the store serves it. */
const EXPERIMENT_EXAMPLE = {
  id: EXAMPLE_ID,
  salt: EXAMPLE_ID,
  ...DEFINITION_EXAMPLE,
  updatedAt: '2026-11-24T09:12:03.481Z',
};

/** The body of PUT /v1/experiments/:id (the id comes from the URL, updatedAt from the store). */
export const ExperimentBody = Type.Object(
  {
    salt: Type.Optional(withRules(definition.salt, { minLength: 1, maxLength: 128 })),
    status: definition.status,
    traffic: withRules(definition.traffic, { minimum: 0, maximum: 1 }),
    control: definition.control,
    variants: Type.Array(Variant, { minItems: 1, maxItems: MAX_VARIANTS }),
  },
  { examples: [DEFINITION_EXAMPLE] },
);

/** One definition as the store serves it. */
export const Experiment = Type.Object(served, {
  $id: 'Experiment',
  title: 'Experiment',
  description: 'The definition, as stored.',
  examples: [EXPERIMENT_EXAMPLE],
});

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
  {
    $id: 'ExperimentList',
    title: 'ExperimentList',
    description: 'The definitions this replica serves and the state of the store it reads them from.',
    examples: [
      {
        experiments: [EXPERIMENT_EXAMPLE],
        store: { status: 'ok', source: 'redis', version: 7, syncedAt: '2026-11-24T09:12:04.002Z' },
      },
    ],
  },
);

/** The `:id` of /v1/experiments/:id. */
export const ExperimentParams = Type.Object({
  id: Type.String({ minLength: 1, maxLength: 64, examples: [EXAMPLE_ID] }),
});
/** The route params (see ExperimentParams). */
export type ExperimentParams = Static<typeof ExperimentParams>;

/** The query of GET /v1/experiments/assignment. */
export const AssignmentQuery = Type.Object({
  userId: Type.String({ minLength: 1, maxLength: 256, examples: ['u42'] }),
  experiment: Type.Optional(
    Type.String({
      minLength: 1,
      maxLength: 64,
      description: 'Also show where the user falls in this one.',
    }),
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
  {
    $id: 'AssignmentReply',
    title: 'AssignmentReply',
    description: "The user's assignment, and their place in the experiment asked about.",
    examples: [
      {
        userId: 'u42',
        assignment: {
          experimentId: EXAMPLE_ID,
          variant: 'control',
          bucket: 4950,
          forced: false,
          profile: { form: 'sum', weights: { click: 1 } },
        },
        experiment: {
          id: EXAMPLE_ID,
          status: 'running',
          trafficBucket: 1973,
          inTraffic: true,
          bucket: 4950,
          variant: 'control',
        },
      },
    ],
  },
);

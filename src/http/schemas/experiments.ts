/** Experiment definitions, the store's state and assignments (routes in routes/experiments.ts). */
import { type Static, Type } from '@sinclair/typebox';
import type { HeadTransform } from '../../combination/schema.js';
import { NAME_PATTERN } from '../../experiments/definitions.js';
import { EXPERIMENT_STATUSES } from '../../experiments/types.js';

const Name = Type.String({
  pattern: NAME_PATTERN.source,
  description: 'Letters, digits, `_.-`; at most 64.',
});

/** A string enum as `{type: string, enum}`: one clear validation message instead of one per literal. */
function stringEnum<T extends string>(values: readonly T[], description: string) {
  return Type.Unsafe<T>({ type: 'string', enum: [...values], description });
}

// Validated by the service (its message names the field); a union here would give ajv's anyOf noise.
const Transform = Type.Unsafe<HeadTransform>({
  description: '`"identity"`, `"log1p"` or `{"clamp": [min, max]}`.',
});

const CombinationProfile = Type.Object(
  {
    form: stringEnum(['sum', 'product'], '`sum`: Σ w·f(p); `product`: Π f(p)^w.'),
    weights: Type.Record(Type.String(), Type.Number(), {
      description: 'Weight per head of the served model; heads left out weigh 0.',
    }),
    transforms: Type.Optional(
      Type.Record(Type.String(), Transform, {
        description: 'Per-head transform before weighting; heads left out use their training transform.',
      }),
    ),
  },
  { title: 'CombinationProfile' },
);

const Variant = Type.Object({
  name: Name,
  allocation: Type.Number({ minimum: 0, description: 'Relative share; normalised over the variants.' }),
  profile: CombinationProfile,
});

const Status = stringEnum(EXPERIMENT_STATUSES, 'Only `running` experiments assign users.');

/** The body of PUT /v1/experiments/:id (the id comes from the URL, updatedAt from the store). */
export const ExperimentBody = Type.Object({
  salt: Type.Optional(
    Type.String({
      minLength: 1,
      maxLength: 128,
      description: 'Hash salt; default: the id. Changing it reshuffles users.',
    }),
  ),
  status: Status,
  traffic: Type.Number({ minimum: 0, maximum: 1, description: 'Share of all users in the experiment.' }),
  control: Type.Optional(
    Type.String({ description: 'The variant lift is measured against; default: the first.' }),
  ),
  variants: Type.Array(Variant, { minItems: 1, maxItems: 20 }),
});

const experimentProperties = {
  id: Type.String(),
  salt: Type.String(),
  status: Status,
  traffic: Type.Number(),
  control: Type.Optional(Type.String()),
  variants: Type.Array(Variant),
  updatedAt: Type.Optional(Type.String({ description: 'ISO time of the last change (absent: file only).' })),
};

export const Experiment = Type.Object(experimentProperties, { $id: 'Experiment', title: 'Experiment' });

const StoreState = Type.Object({
  status: Type.Union([Type.Literal('ok'), Type.Literal('degraded')]),
  source: Type.Union([Type.Literal('redis'), Type.Literal('file')], {
    description: '`redis`: synced from Redis; `file`: the file only (no Redis, or not reached yet).',
  }),
  version: Type.Union([Type.Integer(), Type.Null()], { description: 'Redis version counter of the set.' }),
  syncedAt: Type.Union([Type.String(), Type.Null()], { description: 'Last successful Redis poll.' }),
  detail: Type.Optional(Type.String()),
});

export const ExperimentList = Type.Object(
  { experiments: Type.Array(Type.Object(experimentProperties)), store: StoreState },
  { $id: 'ExperimentList', title: 'ExperimentList' },
);

export const ExperimentParams = Type.Object({ id: Type.String({ minLength: 1, maxLength: 64 }) });
export type ExperimentParams = Static<typeof ExperimentParams>;

export const AssignmentQuery = Type.Object({
  userId: Type.String({ minLength: 1, maxLength: 256 }),
  experiment: Type.Optional(
    Type.String({ minLength: 1, maxLength: 64, description: 'Also show where the user falls in this one.' }),
  ),
});

const Assignment = Type.Object({
  experimentId: Type.String(),
  variant: Type.String(),
  bucket: Type.Integer({ description: 'Variant-slice bucket in [0, 10000).' }),
  forced: Type.Boolean(),
  profile: CombinationProfile,
});

export const AssignmentReply = Type.Object(
  {
    userId: Type.String(),
    assignment: Type.Union([Assignment, Type.Null()], {
      description: 'What a rank request uses; null: the default profile.',
    }),
    experiment: Type.Optional(
      Type.Object(
        {
          id: Type.String(),
          status: Status,
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

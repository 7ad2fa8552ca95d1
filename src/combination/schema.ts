/**
 * Combination profiles: how a model's heads become one ranking score. A profile names its form,
 * its weights and per-head transforms; experiments give each variant one, and the default profile
 * applies outside experiments. Shared by the ranker, offline evaluation and experiments.
 *
 * The shape is written once, here, as TypeBox: the TS types are its Static, the HTTP schemas embed
 * CombinationProfileSchema, and parseProfile (parse.ts) is the one validator, whose messages name
 * the field. test/combination/profile-schema.test.ts keeps the schema and parseProfile in step.
 */
import { type Static, type TSchema, Type } from '@sinclair/typebox';
import { stringEnum } from '../util/string-enum.js';

/**
 * What a head's prediction (in label units: probabilities, watch seconds, rating) goes through
 * before weighting. `identity`; `log1p` (the natural scale of watch time); `clamp` to [min, max].
 * A head without a transform uses its training transform (log1p for a head trained with
 * `transform: log1p`, identity otherwise), which reproduces the model-space combination.
 */
export const HeadTransformSchema = Type.Union([
  Type.Literal('identity'),
  Type.Literal('log1p'),
  Type.Object(
    { clamp: Type.Tuple([Type.Number(), Type.Number()], { description: '[min, max] with min <= max' }) },
    { additionalProperties: false },
  ),
]);

/** A head's transform: `identity`, `log1p` or `{clamp: [min, max]}` (see HeadTransformSchema). */
export type HeadTransform = Static<typeof HeadTransformSchema>;

/** `sum`: Σ w_k · f_k(p_k). `product`: Π f_k(p_k)^w_k (the paper's weighted multiplication). */
export const COMBINATION_FORMS = ['sum', 'product'] as const;

/** One of COMBINATION_FORMS. */
export type CombinationForm = (typeof COMBINATION_FORMS)[number];

/** The profile's object around a form and a transform schema (the two variants below differ only there). */
function profileSchema<F extends TSchema, T extends TSchema>(form: F, transform: T, title?: string) {
  return Type.Object(
    {
      form,
      weights: Type.Record(Type.String(), Type.Number(), {
        description:
          'Weight per head of the served model; heads left out weigh 0 (sum) or 0 as exponent, i.e. factor 1 (product).',
      }),
      transforms: Type.Optional(
        Type.Record(Type.String(), transform, {
          description: 'Per-head transform before weighting; heads left out use their training transform.',
        }),
      ),
    },
    { additionalProperties: false, ...(title === undefined ? {} : { title }) },
  );
}

/** The exact profile, every part a checkable union: for Value.Check and the agreement test. */
export const ExactCombinationProfileSchema = profileSchema(
  Type.Union(COMBINATION_FORMS.map((form) => Type.Literal(form))),
  HeadTransformSchema,
);

/** A named way of combining heads. */
export type CombinationProfile = Static<typeof ExactCombinationProfileSchema>;

/**
 * The profile as the HTTP routes validate and document it. The transform is left to the service:
 * parseProfile's message names the field (`…transforms.watch.clamp: min 3 is greater than max 1`),
 * where ajv would answer a union with one anyOf error per branch. Its TS type is still the exact
 * union's (HeadTransformSchema above is the definition; this is its documented, unchecked stand-in),
 * and the form is an enum for the same reason (one message listing the choices).
 */
export const CombinationProfileSchema = profileSchema(
  stringEnum(COMBINATION_FORMS, '`sum`: Σ w·f(p); `product`: Π f(p)^w.'),
  Type.Unsafe<HeadTransform>({ description: '`"identity"`, `"log1p"` or `{"clamp": [min, max]}`.' }),
  'CombinationProfile',
);

/** Pushed user features (routes in routes/users.ts): PUT|GET /v1/users/:userId. */
import { Type } from '@sinclair/typebox';

export const UserParams = Type.Object({
  userId: Type.String({ minLength: 1, maxLength: 256, examples: ['u42'] }),
});

const FeatureValues = Type.Record(Type.String(), Type.Unknown(), {
  description:
    'User attributes by column, as in the user table: strings, finite numbers, booleans, null, or lists of strings and numbers; columns the served model reads are checked as training read them.',
});

/** The body of PUT /v1/users/:userId. */
export const UserBody = Type.Object(
  { features: FeatureValues },
  {
    $id: 'UserRequest',
    title: 'UserRequest',
    examples: [{ features: { region: 'eu', age_bucket: '25-34', primary_device: 'tv' } }],
  },
);

/** A user's features as ranking uses them. */
export const User = Type.Object(
  {
    userId: Type.String(),
    features: FeatureValues,
    source: Type.Union(
      [Type.Literal('pushed'), Type.Literal('redis'), Type.Literal('origin'), Type.Literal('default')],
      {
        description:
          '`pushed`: PUT /v1/users (authoritative, no expiry); `redis`: the cached copy of the origin; `origin`: the user table or feature service; `default`: unknown, defaults.',
      },
    ),
  },
  {
    $id: 'User',
    title: 'User',
    description: "The user's features and where they came from.",
    examples: [
      {
        userId: 'u42',
        features: { region: 'eu', age_bucket: '25-34', primary_device: 'tv' },
        source: 'pushed',
      },
    ],
  },
);

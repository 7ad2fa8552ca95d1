/** GET /v1/models and POST /v1/models/:version/activate. */
import { Type } from '@sinclair/typebox';

const ModelListing = Type.Object({
  version: Type.String({ description: 'Folder name under the models directory.' }),
  active: Type.Boolean(),
  name: Type.Optional(Type.String()),
  createdAt: Type.Optional(Type.String()),
  contentHash: Type.Optional(Type.String()),
  heads: Type.Optional(Type.Array(Type.String())),
  error: Type.Optional(Type.String({ description: 'Why the folder is not a readable bundle.' })),
});

const CONTENT_HASH = 'sha256:94993491a3ab8480f4a942c8928c5e97e85476b992304a2014da1b8e14d49fe5';

/** GET /v1/models: the bundles under the models directory. */
export const ModelList = Type.Object(
  { active: Type.String(), models: Type.Array(ModelListing) },
  {
    $id: 'ModelList',
    title: 'ModelList',
    description: 'The bundles, the served one marked `active`.',
    examples: [
      {
        active: 'default',
        models: [
          {
            version: 'default',
            active: true,
            name: 'default',
            createdAt: '2026-11-23T17:31:48.982Z',
            contentHash: CONTENT_HASH,
            heads: ['click', 'watch', 'like', 'dismiss', 'rating'],
          },
        ],
      },
    ],
  },
);

/** The `:version` of POST /v1/models/:version/activate: a folder under the models directory. */
export const ActivateParams = Type.Object({
  version: Type.String({ minLength: 1, maxLength: 128, examples: ['default'] }),
});

export const Activated = Type.Object(
  {
    active: Type.String(),
    previous: Type.String(),
    contentHash: Type.String(),
    loadMs: Type.Number({ description: 'Load, validation and warm-up time of the new bundle.' }),
    warnings: Type.Array(Type.String(), { description: 'What the bundle lacks and how serving copes.' }),
  },
  {
    $id: 'Activated',
    title: 'Activated',
    description: 'The bundle now served, and the one it replaced.',
    examples: [
      { active: 'default', previous: 'default', contentHash: CONTENT_HASH, loadMs: 412, warnings: [] },
    ],
  },
);

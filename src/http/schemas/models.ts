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

export const ModelList = Type.Object(
  { active: Type.String(), models: Type.Array(ModelListing) },
  { $id: 'ModelList', title: 'ModelList' },
);

export const ActivateParams = Type.Object({ version: Type.String({ minLength: 1, maxLength: 128 }) });

export const Activated = Type.Object(
  {
    active: Type.String(),
    previous: Type.String(),
    contentHash: Type.String(),
    loadMs: Type.Number({ description: 'Load, validation and warm-up time of the new bundle.' }),
    warnings: Type.Array(Type.String(), { description: 'What the bundle lacks and how serving copes.' }),
  },
  { $id: 'Activated', title: 'Activated' },
);

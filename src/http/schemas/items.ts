/** The live catalog's items (routes in routes/items.ts): PUT /v1/items, GET|DELETE /v1/items/:itemId. */
import { type Static, Type } from '@sinclair/typebox';

const FeatureValues = Type.Record(Type.String(), Type.Unknown(), {
  description:
    'Item attributes by column, as in the item table: strings, finite numbers, booleans, null, or lists of strings and numbers. ' +
    'Columns the served model reads are checked as training read them; `upload_time` (unix seconds or ms, or an ISO date) orders the fresh generator; other columns are kept.',
});

/** What PUT /v1/items takes; `maxBatch` comes from MULTIRANK_ITEMS_MAX_BATCH. */
export function itemsBody(maxBatch: number) {
  return Type.Object(
    {
      items: Type.Array(
        Type.Object({
          itemId: Type.String({ minLength: 1, maxLength: 256 }),
          features: FeatureValues,
        }),
        {
          minItems: 1,
          maxItems: maxBatch,
          description: `Items to add or replace (at most ${maxBatch}); a PUT replaces an item's features whole.`,
        },
      ),
    },
    {
      $id: 'ItemsRequest',
      title: 'ItemsRequest',
      examples: [
        {
          items: [
            { itemId: 'v-new-1', features: { topic: 't03', duration_seconds: 245, upload_time: 1767225600 } },
          ],
        },
      ],
    },
  );
}
export type ItemsBody = Static<ReturnType<typeof itemsBody>>;

/** What a PUT stored and which entries it refused. */
export const ItemsReply = Type.Object(
  {
    stored: Type.Integer({ description: 'Items stored by this call.' }),
    rejected: Type.Array(
      Type.Object({
        index: Type.Integer({ description: 'Place of the entry in `items`.' }),
        itemId: Type.String(),
        message: Type.String({
          description: 'Names the entry and the column, e.g. items[2].features.duration_seconds: ...',
        }),
      }),
      { description: 'Entries not stored, each with its problem; the others were stored.' },
    ),
    version: Type.Union([Type.Integer(), Type.Null()], {
      description: 'Catalog version of the write (null when nothing was stored).',
    }),
  },
  {
    $id: 'ItemsReply',
    title: 'ItemsReply',
    description: 'What was stored and which entries were refused.',
    examples: [{ stored: 1, rejected: [], version: 12 }],
  },
);

export const ItemParams = Type.Object({
  itemId: Type.String({ minLength: 1, maxLength: 256, examples: ['v-new-1'] }),
});

/** One item as ranking sees it. */
export const Item = Type.Object(
  {
    itemId: Type.String(),
    source: Type.Union([Type.Literal('api'), Type.Literal('bundle')], {
      description: "`api`: pushed or taken down through this API; `bundle`: the served model's items.jsonl.",
    }),
    available: Type.Boolean({ description: 'False once taken down: never returned by ranking.' }),
    features: Type.Union([FeatureValues, Type.Null()], {
      description: "As pushed, or the bundle's record (the columns the model reads); null when taken down.",
    }),
    uploadTime: Type.Optional(
      Type.Number({
        description: 'Unix seconds the fresh generator orders by: `upload_time`, else the first push.',
      }),
    ),
    createdAt: Type.Optional(Type.String({ description: 'First pushed (or taken down).' })),
    updatedAt: Type.Optional(Type.String({ description: 'Last changed.' })),
  },
  {
    $id: 'Item',
    title: 'Item',
    description: 'The item as ranking sees it.',
    examples: [
      {
        itemId: 'v-new-1',
        source: 'api',
        available: true,
        features: { topic: 't03', duration_seconds: 245, upload_time: 1767225600 },
        uploadTime: 1767225600,
        createdAt: '2026-11-24T09:30:12.204Z',
        updatedAt: '2026-11-24T09:30:12.204Z',
      },
    ],
  },
);

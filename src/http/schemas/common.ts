/** Schema building blocks shared by every route. */
import { type Static, Type } from '@sinclair/typebox';
import { ERROR_STATUS } from '../../errors.js';

/** The one error body every route answers with on failure. */
export const ErrorBody = Type.Object(
  {
    error: Type.Object({
      code: Type.Union(
        Object.keys(ERROR_STATUS).map((code) => Type.Literal(code)),
        { description: 'Stable machine-readable code.' },
      ),
      message: Type.String({ description: 'What went wrong; names the offending field for bad input.' }),
    }),
  },
  { $id: 'ErrorBody', title: 'ErrorBody' },
);
export type ErrorBody = Static<typeof ErrorBody>;

/** Response entries for the error statuses a route may produce. */
export function errorResponses(...statuses: number[]): Record<number, typeof ErrorBody> {
  return Object.fromEntries(statuses.map((status) => [status, ErrorBody]));
}

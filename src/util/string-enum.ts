/** A TypeBox string enum, shared by the core's schemas (combination forms, experiment statuses). */
import { type TUnsafe, Type } from '@sinclair/typebox';

/**
 * `{type: 'string', enum}` typed as the union of `values`: ajv answers a bad value with one message
 * listing the choices, where a union of literals gives one anyOf error per literal.
 */
export function stringEnum<T extends string>(values: readonly T[], description: string): TUnsafe<T> {
  return Type.Unsafe<T>({ type: 'string', enum: [...values], description });
}

/** Short descriptions of unknown values for error messages. */

/** Describes a value for a message: `number 3`, `string "x"`, `a list`, `null`. */
export function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'a list';
  // Long cells (a whole mis-split CSV line) are cut so the message stays readable.
  if (typeof value === 'string') return `string "${value.length > 60 ? `${value.slice(0, 57)}...` : value}"`;
  if (typeof value === 'object') return 'an object';
  return `${typeof value} ${String(value)}`;
}

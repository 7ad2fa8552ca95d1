/**
 * What an event's `context` may hold: what the interaction log `multirank events export` writes
 * can carry. Each value is a string, a finite number, a boolean, null, or a flat list of strings
 * and finite numbers; `current_item_id` (an export column) is a string, a number or null, and
 * `recent_items` (an export column) a list or null. POST /v1/events answers 400 for anything
 * else, naming the value (`context.recent_items[0]: ...`); the export skips and counts impressions
 * stored before this rule whose columns cannot be made from their context.
 */

/** A value a context may hold. */
export type ContextValue = string | number | boolean | null | (string | number)[];

const isItem = (value: unknown): value is string | number =>
  typeof value === 'string' || (typeof value === 'number' && Number.isFinite(value));

/** The first value of the context that breaks the rule, as `key: problem`, or undefined when none does. */
export function contextProblem(context: Record<string, unknown>): string | undefined {
  for (const [key, value] of Object.entries(context)) {
    const problem = valueProblem(key, value);
    if (problem) return problem;
  }
  return undefined;
}

function valueProblem(key: string, value: unknown): string | undefined {
  if (Array.isArray(value)) {
    const bad = value.findIndex((item) => !isItem(item));
    if (bad >= 0) return `${key}[${bad}]: must be a string or a finite number, got ${kind(value[bad])}`;
    return undefined;
  }
  if (key === 'recent_items' && value !== null)
    return `${key}: must be a list of item ids, got ${kind(value)}`;
  if (key === 'current_item_id' && typeof value === 'boolean') {
    return `${key}: must be an item id (a string or a number), got a boolean`;
  }
  if (value === null || typeof value === 'boolean' || isItem(value)) return undefined;
  return `${key}: must be a string, a finite number, a boolean, null or a list of strings and numbers, got ${kind(value)}`;
}

/** The export columns of an impression's context, or why they cannot be made. */
export function contextColumns(
  context: Record<string, unknown> | undefined,
): { currentItemId: string | null; recentItems: string[] } | { problem: string } {
  const current = context?.current_item_id ?? null;
  const recent = context?.recent_items ?? null;
  if (current !== null && !isItem(current)) {
    return { problem: `current_item_id: must be a string or a finite number, got ${kind(current)}` };
  }
  if (recent !== null) {
    const problem = Array.isArray(recent)
      ? valueProblem('recent_items', recent)
      : `recent_items: must be a list of item ids, got ${kind(recent)}`;
    if (problem) return { problem };
  }
  return {
    currentItemId: current === null ? null : String(current),
    recentItems: Array.isArray(recent) ? recent.map(String) : [],
  };
}

/** `an object`, `a list`, `a string`, ... for messages. */
function kind(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'number') return Number.isFinite(value) ? 'a number' : String(value);
  if (typeof value === 'object') return 'an object';
  return `a ${typeof value}`;
}

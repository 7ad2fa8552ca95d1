/**
 * The interaction log's columns, in output order: what the simulator writes, what
 * `multirank events export` writes, and what the shipped training configs read. Kept in data/ so
 * production export does not depend on the simulator.
 */

/** One impression per row. */
export const INTERACTION_COLUMNS = [
  'request_id',
  'user_id',
  'item_id',
  'timestamp',
  'position',
  'device',
  'current_item_id',
  'recent_items',
  'click',
  'watch_seconds',
  'like',
  'dismiss',
  'rating',
] as const;

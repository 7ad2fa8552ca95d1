/**
 * The event store's settings, shared by the server wiring and the CLI so both find events in the
 * same place. The variables live in src/config.ts with the rest, which maps them onto this.
 */
export interface EventSettings {
  /** File mode's event log (MULTIRANK_EVENTS_FILE). */
  file: string;
  /** Redis mode's outage spool (MULTIRANK_EVENTS_SPOOL). */
  spoolFile: string;
  /** Approximate stream cap, 0 = untrimmed (MULTIRANK_EVENTS_STREAM_MAXLEN). */
  streamMaxLength: number;
  /** How long an eventId is remembered in Redis for dedupe (MULTIRANK_EVENTS_DEDUPE_TTL_SECONDS). */
  dedupeTtlSeconds: number;
  /** Most events in one POST /v1/events (MULTIRANK_EVENTS_MAX_BATCH). */
  maxBatch: number;
}

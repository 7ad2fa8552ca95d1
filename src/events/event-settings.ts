/**
 * The event store's settings, shared by the server wiring and the CLI so both find events in the
 * same place. The variables live in src/config.ts with the rest.
 */
import { type Config, loadConfig } from '../config.js';

/** Event store settings. */
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

/** Reads the settings from the environment through the service's config (names the bad variable). */
export function eventSettingsFromEnv(env: NodeJS.ProcessEnv = process.env): EventSettings {
  return eventSettings(loadConfig(env));
}

/** The event settings part of a loaded config. */
export function eventSettings(config: Config): EventSettings {
  return {
    file: config.eventsFile,
    spoolFile: config.eventsSpool,
    streamMaxLength: config.eventsStreamMaxLength,
    dedupeTtlSeconds: config.eventsDedupeTtlSeconds,
    maxBatch: config.eventsMaxBatch,
  };
}

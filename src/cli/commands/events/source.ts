/** What the events and experiments commands share: the event source from the environment, and time flags. */
import { InvalidArgumentError } from 'commander';
import { eventSettings, loadConfig } from '../../../config.js';
import { type EventSource, openEventSource } from '../../../events/event-reader.js';

/** Opens the events the server stores: `--events FILE`, else REDIS_URL (+ spool), else MULTIRANK_EVENTS_FILE. */
export function eventSourceFromEnv(
  file: string | undefined,
  env: NodeJS.ProcessEnv = process.env,
): Promise<EventSource> {
  const config = loadConfig(env);
  return openEventSource({
    settings: eventSettings(config),
    redisUrl: config.redisUrl,
    file,
    scanTimeoutMs: config.redisScanTimeoutMs,
  });
}

/** An option parser for ISO times (or Unix milliseconds), naming the flag. */
export function isoTime(flag: string): (value: string) => number {
  return (value) => {
    const ms = /^\d+$/.test(value) ? Number(value) : Date.parse(value);
    if (Number.isNaN(ms))
      throw new InvalidArgumentError(`${flag} must be an ISO time, e.g. 2025-01-31T00:00:00Z.`);
    return ms;
  };
}

/** What the events and experiments commands share: the event source from the environment, and time flags. */
import { InvalidArgumentError } from 'commander';
import { eventSettings, loadConfig } from '../../../config.js';
import { type EventSource, openEventSource } from '../../../events/event-reader.js';
import { parseEventTime, windowProblem } from '../../../events/event-time.js';

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

/** An option parser for window bounds (ISO times or Unix milliseconds, src/events/event-time.ts), naming the flag. */
export function isoTime(flag: string): (value: string) => number {
  return (value) => {
    const parsed = parseEventTime(value);
    if ('problem' in parsed) throw new InvalidArgumentError(`${flag}: ${parsed.problem}.`);
    return parsed.ms;
  };
}

/** Why `--since`/`--until` make no window (a message naming the flags), if they do not. */
export function windowFlagsProblem(since: number | undefined, until: number | undefined): string | undefined {
  const problem = windowProblem(since, until);
  return problem && `--since ${problem.replace('before until', 'before --until')}`;
}

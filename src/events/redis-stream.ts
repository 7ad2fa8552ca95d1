/**
 * The Redis side of the event store: one Lua script that stores a batch idempotently, and paged
 * reads of the stream.
 *
 * Every key carries the hash tag `{events}`, so the stream and all dedupe keys live in one slot:
 * the script may touch them all on a Redis Cluster (all keys are passed in KEYS, as Cluster
 * requires). The price is that the whole event stream lives on one shard.
 */
import type { RedisClient } from '../storage/redis.js';
import type { FeedbackEvent } from './event-types.js';

/** The key prefix unless configured otherwise. */
export const DEFAULT_KEY_PREFIX = 'mr:';

/** Key names under a prefix; exported for tests and operators (`redis-cli XLEN`). */
export function eventKeys(prefix: string): { stream: string; dedupe: (eventId: string) => string } {
  return {
    stream: `${prefix}{events}:stream`,
    dedupe: (eventId) => `${prefix}{events}:id:${eventId}`,
  };
}

/**
 * KEYS[1] the stream, KEYS[2..] one dedupe key per event; ARGV[1] dedupe TTL (s), ARGV[2] stream
 * max length (0: untrimmed), ARGV[3..] each event's JSON. Returns one flag per event: 1 stored,
 * 0 already there. The event is added before its dedupe key is set, so a failing XADD leaves no
 * key behind that would turn the retry into a "duplicate" of an event that was never stored.
 */
const APPEND_SCRIPT = `
local flags = {}
for i = 2, #KEYS do
  if redis.call('EXISTS', KEYS[i]) == 0 then
    if ARGV[2] == '0' then
      redis.call('XADD', KEYS[1], '*', 'e', ARGV[i + 1])
    else
      redis.call('XADD', KEYS[1], 'MAXLEN', '~', ARGV[2], '*', 'e', ARGV[i + 1])
    end
    redis.call('SET', KEYS[i], '1', 'EX', ARGV[1])
    flags[#flags + 1] = 1
  else
    flags[#flags + 1] = 0
  end
end
return flags
`;

const COMMAND = 'multirankAppendEvents';
type ScriptClient = { [COMMAND](...args: (string | number)[]): Promise<number[]> };

/** Settings of the stream. */
export interface StreamSettings {
  keyPrefix: string;
  dedupeTtlSeconds: number;
  /** Approximate cap (XADD MAXLEN ~); 0 keeps everything. */
  maxLength: number;
}

/** Stores events (ids unique within the call) in one script; resolves with a flag per event. */
export async function appendToStream(
  redis: RedisClient,
  settings: StreamSettings,
  events: readonly FeedbackEvent[],
): Promise<boolean[]> {
  if (events.length === 0) return [];
  // defineCommand loads the script once (EVALSHA, falling back to EVAL after a restart).
  if (!(COMMAND in redis)) redis.defineCommand(COMMAND, { lua: APPEND_SCRIPT });
  const keys = eventKeys(settings.keyPrefix);
  const flags = await (redis as unknown as ScriptClient)[COMMAND](
    events.length + 1,
    keys.stream,
    ...events.map((event) => keys.dedupe(event.eventId)),
    settings.dedupeTtlSeconds,
    settings.maxLength,
    ...events.map((event) => JSON.stringify(event)),
  );
  return flags.map((flag) => flag === 1);
}

/** Streams every event in the stream, oldest first, `pageSize` entries per XRANGE. */
export async function* readStream(
  redis: RedisClient,
  keyPrefix: string,
  pageSize = 1000,
): AsyncGenerator<FeedbackEvent> {
  const { stream } = eventKeys(keyPrefix);
  let start = '-';
  for (;;) {
    const page = await redis.xrange(stream, start, '+', 'COUNT', pageSize);
    for (const [, fields] of page) {
      const at = fields.indexOf('e');
      const json = at >= 0 ? fields[at + 1] : undefined;
      if (json !== undefined) yield JSON.parse(json) as FeedbackEvent;
    }
    const last = page.at(-1);
    if (!last || page.length < pageSize) return;
    start = `(${last[0]}`;
  }
}

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
import { TOTALS_RETENTION_SECONDS, totalsKeys, totalsUpdate } from './experiment-totals.js';

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
 * KEYS[1] the stream, KEYS[2..n+1] one dedupe key per event, then two keys (day hash, days set;
 * experiment-totals.ts) per event that belongs to an experiment, in event order.
 * ARGV[1] dedupe TTL (s), ARGV[2] stream max length (0: untrimmed), ARGV[3] retention of the
 * totals (s), ARGV[4] n, then per event: its JSON, its totals field ('' when it has no
 * experiment), its UTC day and its packed totals. Returns one flag per event: 1 stored, 0 already
 * there. The event is added before its dedupe key is set, so a failing XADD leaves no key behind
 * that would turn the retry into a "duplicate" of an event that was never stored; its totals are
 * added in the same script, so they count exactly the events in the stream.
 */
const APPEND_SCRIPT = `
local function parse(packed, into)
  local j = 0
  for v in string.gmatch(packed, '%S+') do
    j = j + 1
    into[j] = (into[j] or 0) + tonumber(v)
  end
  return into
end
local n = tonumber(ARGV[4])
local nextKey = n + 2
local flags = {}
-- Totals are summed here first, so a session's events cost one HGET/HSET per user and day.
local days, order = {}, {}
for i = 1, n do
  local at = 5 + (i - 1) * 4
  local field = ARGV[at + 1]
  local dayKey, daysKey
  if field ~= '' then
    dayKey, daysKey = KEYS[nextKey], KEYS[nextKey + 1]
    nextKey = nextKey + 2
  end
  if redis.call('EXISTS', KEYS[i + 1]) == 0 then
    if ARGV[2] == '0' then
      redis.call('XADD', KEYS[1], '*', 'e', ARGV[at])
    else
      redis.call('XADD', KEYS[1], 'MAXLEN', '~', ARGV[2], '*', 'e', ARGV[at])
    end
    redis.call('SET', KEYS[i + 1], '1', 'EX', ARGV[1])
    if dayKey then
      local day = days[dayKey]
      if not day then
        day = { daysKey = daysKey, number = ARGV[at + 2], fields = {} }
        days[dayKey] = day
        order[#order + 1] = dayKey
      end
      day.fields[field] = parse(ARGV[at + 3], day.fields[field] or {})
    end
    flags[#flags + 1] = 1
  else
    flags[#flags + 1] = 0
  end
end
for _, dayKey in ipairs(order) do
  local day = days[dayKey]
  for field, sums in pairs(day.fields) do
    local old = redis.call('HGET', dayKey, field)
    if old then parse(old, sums) end
    for j = 1, #sums do sums[j] = tostring(sums[j]) end
    redis.call('HSET', dayKey, field, table.concat(sums, ' '))
  end
  redis.call('SADD', day.daysKey, day.number)
  redis.call('EXPIRE', dayKey, ARGV[3])
  redis.call('EXPIRE', day.daysKey, ARGV[3])
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
  const totalsKeyNames: string[] = [];
  const perEvent: (string | number)[] = [];
  for (const event of events) {
    const update = totalsUpdate(event);
    perEvent.push(JSON.stringify(event), update?.field ?? '', update?.day ?? 0, update?.delta ?? '');
    if (update) {
      const totals = totalsKeys(settings.keyPrefix, event.experimentId as string);
      totalsKeyNames.push(totals.day(update.day), totals.days);
    }
  }
  const flags = await (redis as unknown as ScriptClient)[COMMAND](
    1 + events.length + totalsKeyNames.length,
    keys.stream,
    ...events.map((event) => keys.dedupe(event.eventId)),
    ...totalsKeyNames,
    settings.dedupeTtlSeconds,
    settings.maxLength,
    TOTALS_RETENTION_SECONDS,
    events.length,
    ...perEvent,
  );
  return flags.map((flag) => flag === 1);
}

/** Streams every event in the stream, oldest first, `pageSize` entries per XRANGE. */
export async function* readStream(
  redis: RedisClient,
  keyPrefix: string,
  pageSize = 1000,
): AsyncGenerator<FeedbackEvent> {
  let start = '-';
  for (;;) {
    const page = await readStreamPage(redis, keyPrefix, start, pageSize);
    for (const { event } of page.events) yield event;
    if (page.last === null || page.entries < pageSize) return;
    start = `(${page.last}`;
  }
}

/**
 * Up to `count` entries from `start` (an XRANGE start: `-`, an entry id, `(id` for after it),
 * oldest first, with the id of the last entry read (null when none), so a follower can resume.
 */
export async function readStreamPage(
  redis: RedisClient,
  keyPrefix: string,
  start: string,
  count: number,
): Promise<{ events: { id: string; event: FeedbackEvent }[]; entries: number; last: string | null }> {
  const page = await redis.xrange(eventKeys(keyPrefix).stream, start, '+', 'COUNT', count);
  const events: { id: string; event: FeedbackEvent }[] = [];
  for (const [id, fields] of page) {
    const at = fields.indexOf('e');
    const json = at >= 0 ? fields[at + 1] : undefined;
    if (json !== undefined) events.push({ id, event: JSON.parse(json) as FeedbackEvent });
  }
  return { events, entries: page.length, last: page.at(-1)?.[0] ?? null };
}

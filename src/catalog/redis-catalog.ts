/**
 * The live catalog in Redis, shared by every replica:
 *   {catalog}:items    hash, item id → stored item (records.ts): its features, or a takedown
 *   {catalog}:changes  stream, one entry per write: `v` (the version) and `items` (the stored
 *                      values written, one a line) or `users` (user ids whose pushed features changed)
 *   {catalog}:version  counter bumped by every write
 * All three share the hash tag `{catalog}`, so one script writes the hash, bumps the counter and
 * appends to the stream atomically, on a Cluster too (the catalog lives on one shard, as the event
 * stream does). Replicas follow the stream: an entry whose version is not the one after the last
 * they applied means they missed some (trimmed, or Redis lost its data), and they reload the hash.
 */
import type { RedisClient } from '../storage/redis.js';
import { type LiveItem, parseStoredItem } from './records.js';

/** The key prefix unless configured otherwise (the event store's too). */
export const DEFAULT_CATALOG_PREFIX = 'mr:';

/** Entries kept in the change stream (approximately): a replica further behind reloads the hash. */
export const CHANGES_MAX_LENGTH = 10_000;

/** Key names under a prefix; exported for tests and operators (`redis-cli HLEN`). */
export function catalogKeys(prefix = DEFAULT_CATALOG_PREFIX) {
  return {
    items: `${prefix}{catalog}:items`,
    changes: `${prefix}{catalog}:changes`,
    version: `${prefix}{catalog}:version`,
  };
}

/**
 * KEYS: items, changes, version. ARGV[1] now (ms), ARGV[2] stream cap, then id and JSON per item.
 * Keeps each item's first time, stores `<created> <now> <json>`, appends the values as one entry.
 * A new counter starts at the clock, so after a wipe it never repeats a version a replica holds.
 */
const WRITE_ITEMS = `
redis.call('SET', KEYS[3], ARGV[1], 'NX')
local version = redis.call('INCR', KEYS[3])
local lines = {}
for i = 3, #ARGV, 2 do
  local old = redis.call('HGET', KEYS[1], ARGV[i])
  local created = old and string.match(old, '^(%d+) ') or ARGV[1]
  local value = created .. ' ' .. ARGV[1] .. ' ' .. ARGV[i + 1]
  redis.call('HSET', KEYS[1], ARGV[i], value)
  lines[#lines + 1] = value
end
redis.call('XADD', KEYS[2], 'MAXLEN', '~', ARGV[2], '*', 'v', version, 'items', table.concat(lines, '\\n'))
return version`;

/** KEYS: changes, version. ARGV: now, stream cap, user ids as a JSON list. */
const NOTE_USERS = `
redis.call('SET', KEYS[2], ARGV[1], 'NX')
local version = redis.call('INCR', KEYS[2])
redis.call('XADD', KEYS[1], 'MAXLEN', '~', ARGV[2], '*', 'v', version, 'users', ARGV[3])
return version`;

/** KEYS: changes, version. ARGV[1] the last entry read ('' for the head). Returns [version, entries]. */
const READ_CHANGES = `
local version = redis.call('GET', KEYS[2]) or ''
if ARGV[1] == '' then
  local last = redis.call('XREVRANGE', KEYS[1], '+', '-', 'COUNT', 1)
  return {version, last[1] and last[1][1] or '0-0'}
end
return {version, redis.call('XRANGE', KEYS[1], '(' .. ARGV[1], '+', 'COUNT', ARGV[2])}`;

/** One entry of the change stream. */
export interface CatalogChangeEntry {
  id: string;
  version: number;
  /** The items written (parsed on the first call: a replica skips its own writes unread). */
  items(): LiveItem[];
  users: string[];
}

type Scripted = {
  multirankCatalogWrite(...args: (string | number)[]): Promise<number>;
  multirankCatalogUsers(...args: (string | number)[]): Promise<number>;
  multirankCatalogRead(...args: (string | number)[]): Promise<[string, unknown]>;
};

function scripted(redis: RedisClient): Scripted {
  // defineCommand loads each script once (EVALSHA, falling back to EVAL after a Redis restart).
  if (!('multirankCatalogWrite' in redis)) {
    redis.defineCommand('multirankCatalogWrite', { lua: WRITE_ITEMS, numberOfKeys: 3 });
    redis.defineCommand('multirankCatalogUsers', { lua: NOTE_USERS, numberOfKeys: 2 });
    redis.defineCommand('multirankCatalogRead', { lua: READ_CHANGES, numberOfKeys: 2 });
  }
  return redis as unknown as Scripted;
}

/**
 * Stores items (id and stored JSON, records.itemJson) in one script, stamped `now` (their
 * updatedAt, and createdAt for items new to the catalog); resolves with the write's version.
 */
export async function writeItems(
  redis: RedisClient,
  items: readonly (readonly [string, string])[],
  now = Date.now(),
  prefix = DEFAULT_CATALOG_PREFIX,
): Promise<number> {
  const k = catalogKeys(prefix);
  return scripted(redis).multirankCatalogWrite(
    k.items,
    k.changes,
    k.version,
    now,
    CHANGES_MAX_LENGTH,
    ...items.flat(),
  );
}

/** Announces users whose pushed features changed, so replicas forget their cached copies. */
export async function noteUsers(
  redis: RedisClient,
  userIds: readonly string[],
  prefix = DEFAULT_CATALOG_PREFIX,
): Promise<number> {
  const k = catalogKeys(prefix);
  const ids = JSON.stringify(userIds);
  return scripted(redis).multirankCatalogUsers(k.changes, k.version, Date.now(), CHANGES_MAX_LENGTH, ids);
}

/** One stored item, or null when Redis has none under that id. */
export async function readItem(
  redis: RedisClient,
  itemId: string,
  prefix = DEFAULT_CATALOG_PREFIX,
): Promise<LiveItem | null> {
  const value = await redis.hget(catalogKeys(prefix).items, itemId);
  return value === null ? null : parseStoredItem(value);
}

/** The version and the id of the stream's last entry ('0-0' when empty): where a full load starts following. */
export async function readHead(
  redis: RedisClient,
  prefix = DEFAULT_CATALOG_PREFIX,
): Promise<{ version: number | null; last: string }> {
  const k = catalogKeys(prefix);
  const [version, last] = await scripted(redis).multirankCatalogRead(k.changes, k.version, '', 0);
  return { version: version === '' ? null : Number(version), last: String(last) };
}

/** The version now and up to `count` entries after `after`, oldest first. */
export async function readChanges(
  redis: RedisClient,
  after: string,
  count: number,
  prefix = DEFAULT_CATALOG_PREFIX,
): Promise<{ version: number | null; entries: CatalogChangeEntry[] }> {
  const k = catalogKeys(prefix);
  const [version, raw] = await scripted(redis).multirankCatalogRead(k.changes, k.version, after, count);
  const entries = (raw as [string, string[]][]).map(([id, fields]) => parseEntry(id, fields));
  return { version: version === '' ? null : Number(version), entries };
}

function parseEntry(id: string, fields: string[]): CatalogChangeEntry {
  const field = (name: string) => {
    const at = fields.indexOf(name);
    return at >= 0 && at % 2 === 0 ? fields[at + 1] : undefined;
  };
  const version = Number(field('v'));
  const items = () =>
    (field('items') ?? '')
      .split('\n')
      .filter((line) => line !== '')
      .map(parseStoredItem)
      .filter((item): item is LiveItem => item !== null)
      .map((item) => ({ ...item, version }));
  const users = field('users');
  return { id, version, items, users: users ? (JSON.parse(users) as string[]) : [] };
}

/** Every stored item, `count` hash fields per HSCAN page (values that do not parse are skipped). */
export async function* scanItems(
  redis: RedisClient,
  prefix = DEFAULT_CATALOG_PREFIX,
  count = 2000,
): AsyncGenerator<LiveItem[]> {
  const key = catalogKeys(prefix).items;
  let cursor = '0';
  do {
    const [next, flat] = await redis.hscan(key, cursor, 'COUNT', count);
    const page: LiveItem[] = [];
    for (let i = 1; i < flat.length; i += 2) {
      const item = parseStoredItem(flat[i]!);
      if (item) page.push(item);
    }
    yield page;
    cursor = next;
  } while (cursor !== '0');
}

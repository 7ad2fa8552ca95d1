/**
 * A Redis that stops answering for a while, without sleeping in the test: `CLIENT PAUSE ms ALL`
 * holds every connection's commands for `ms`, as a Redis too busy to answer would (DEBUG SLEEP
 * does the same but Redis 7 refuses DEBUG unless started with --enable-debug-command).
 *
 * The pause is sent on `client`, so the commands issued on that same connection right after it
 * (in the same tick) reach Redis behind it and are certain to wait out the whole stall, however
 * loaded the machine: no race between connections decides the test. Use a Redis of the suite's
 * own (spawnRedisServer), never a shared REDIS_URL: the pause stops every client of the server.
 */
import type { RedisClient } from '../../src/storage/redis.js';

/** Stalls the Redis behind `client` for `ms`; the returned promise settles when the pause is answered. */
export function stallRedis(client: RedisClient, ms: number): Promise<void> {
  // The pause's own reply may miss a short command timeout; Redis pauses all the same.
  return client.call('CLIENT', 'PAUSE', String(ms), 'ALL').then(
    () => undefined,
    () => undefined,
  );
}

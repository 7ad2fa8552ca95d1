/**
 * Two `multirank serve` processes on one redis-server, as two replicas behind a load balancer:
 * one scoring in worker threads, one on its event loop. An item pushed to one is ranked with its
 * features and proposed by `fresh` on both; an item taken down on one (a pushed item and one of
 * the bundle's candidate index) is never returned again by either once the change reached it,
 * sent as a candidate or generated. The time each change took to reach the other replica is
 * printed (bench/README.md has the measured figures); the test asserts behaviour only.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { type RunningProcess, spawnCli, waitForOutput } from '../helpers/process.js';
import { type SpawnedRedis, spawnRedisServer } from '../helpers/redis.js';
import { until, WAIT_DEADLINE_MS } from '../helpers/wait.js';

const ADMIN_KEY = 'replica-test-admin-key-0123456789';
const LISTENING = /Server listening at (http:\/\/127\.0\.0\.1:\d+)/;

interface Ranked {
  itemId: string;
  score: number;
  unknown?: boolean;
  sources?: string[];
}

async function call(
  base: string,
  method: string,
  path: string,
  body?: unknown,
): Promise<{ status: number; json: unknown }> {
  const res = await fetch(`${base}${path}`, {
    method,
    headers: { 'x-api-key': ADMIN_KEY, ...(body ? { 'content-type': 'application/json' } : {}) },
    ...(body ? { body: JSON.stringify(body) } : {}),
  });
  const text = await res.text();
  return { status: res.status, json: text ? JSON.parse(text) : null };
}

async function rank(base: string, body: object): Promise<Ranked[]> {
  const { status, json } = await call(base, 'POST', '/v1/rank', { limit: 1000, ...body });
  expect(status, JSON.stringify(json)).toBe(200);
  return (json as { items: Ranked[] }).items;
}

let redis: SpawnedRedis | undefined;
const dirs: string[] = [];
afterEach(async () => {
  await redis?.stop();
  redis = undefined;
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

async function replica(url: string, workers: string): Promise<{ base: string; process: RunningProcess }> {
  const dir = mkdtempSync(join(tmpdir(), 'multirank-replica-'));
  dirs.push(dir);
  const process = spawnCli(['serve'], {
    REDIS_URL: url,
    PORT: '0',
    HOST: '127.0.0.1',
    MULTIRANK_TF_BACKEND: 'cpu',
    MULTIRANK_WORKERS: workers,
    MULTIRANK_ADMIN_KEY: ADMIN_KEY,
    MULTIRANK_RATE_LIMIT_PER_MINUTE: '0',
    MULTIRANK_MAX_EVENT_LOOP_DELAY_MS: '0',
    MULTIRANK_EVENTS_FILE: join(dir, 'events.jsonl'),
    MULTIRANK_EVENTS_SPOOL: join(dir, 'spool.jsonl'),
  });
  const [, base] = await waitForOutput(process, LISTENING);
  return { base: base!, process };
}

describe('two replicas on one Redis', () => {
  it(
    'both rank a pushed item with its features and propose it as fresh; neither returns a taken-down item again',
    async () => {
      redis = await spawnRedisServer();
      const url = `redis://127.0.0.1:${redis.port}`;
      const [a, b] = await Promise.all([replica(url, '2'), replica(url, '1')]);
      const id = `upload-${Date.now()}`;
      const features = { topic: 't05', duration_seconds: 420, upload_time: Math.floor(Date.now() / 1000) };

      const pushedAt = performance.now();
      const put = await call(a.base, 'PUT', '/v1/items', { items: [{ itemId: id, features }] });
      expect(put).toMatchObject({ status: 200, json: { stored: 1, rejected: [] } });
      const seen: Record<string, number> = {};
      await Promise.all(
        [a, b].map(async ({ base }, r) => {
          await until(async () => {
            const [sent] = await rank(base, { userId: 'u9', candidates: [{ itemId: id }] });
            const generated = await rank(base, { userId: 'u9', context: { device: 'mobile' } });
            const fresh = generated.find((item) => item.itemId === id)?.sources?.includes('fresh');
            return sent?.unknown === undefined && fresh === true;
          }, `item ${id} rankable and fresh on replica ${r}`);
          seen[r === 0 ? 'writer' : 'other'] = Math.round(performance.now() - pushedAt);
          // Scored with its own features (in the workers too): as if the request carried them.
          const [own] = await rank(base, { userId: 'u9', candidates: [{ itemId: id }] });
          const [carried] = await rank(base, { userId: 'u9', candidates: [{ itemId: id, features }] });
          expect(own?.score).toBe(carried?.score);
        }),
      );
      console.info(
        `new item rankable and fresh after (ms, PUT sent to both answers seen): ${JSON.stringify(seen)}`,
      );

      // One of the bundle's index items that generation proposes, and the pushed item, taken down.
      const generated = await rank(b.base, { userId: 'u9', context: { device: 'mobile' } });
      const indexed = generated.find((item) => item.sources?.includes('popular'))!.itemId;
      const takenAt = performance.now();
      for (const item of [indexed, id])
        expect((await call(a.base, 'DELETE', `/v1/items/${item}`)).status).toBe(204);
      const gone = (items: Ranked[]) => items.every((item) => item.itemId !== indexed && item.itemId !== id);
      const sent = [{ itemId: indexed }, { itemId: id }, { itemId: 'i7' }];
      for (const { base } of [a, b]) {
        await until(
          async () => gone(await rank(base, { userId: 'u9', candidates: sent })),
          'takedown applied',
        );
      }
      console.info(`takedown reached both replicas after ${Math.round(performance.now() - takenAt)} ms`);
      // From then on, never again: as a candidate, generated, in a batch, on either replica.
      for (let round = 0; round < 10; round++) {
        for (const { base } of [a, b]) {
          expect(gone(await rank(base, { userId: `u${round}`, candidates: sent }))).toBe(true);
          expect(gone(await rank(base, { userId: `u${round}`, context: { device: 'tv' } }))).toBe(true);
        }
      }
      for (const { process } of [a, b]) {
        process.child.kill('SIGTERM');
        expect(await process.exited).toBe(0);
      }
    },
    WAIT_DEADLINE_MS * 2,
  );
});

/**
 * docs/catalog.md's walk-through, run as written: each `sh` block of "The life of an item" is
 * run with bash against a listening `multirank serve` (its own redis-server), `localhost:8080`
 * pointed at it, and its output checked against the block that follows: JSON where `…` matches
 * anything and a list matches when each entry shown matches one of the list's, or text as is.
 * A step is repeated until it matches (the trending step waits for a candidates refresh).
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterEach, describe, expect, it } from 'vitest';
import { spawnCli, waitForOutput } from '../helpers/process.js';
import { type SpawnedRedis, spawnRedisServer } from '../helpers/redis.js';
import { until, WAIT_DEADLINE_MS } from '../helpers/wait.js';

const run = promisify(execFile);
const DOC = readFileSync(new URL('../../docs/catalog.md', import.meta.url), 'utf8');
const ADMIN_KEY = 'walkthrough-admin-key-0123456789abcdef';

/** The (command, expected output) pairs of the walk-through, in order. */
function steps(): { command: string; expected: string; json: boolean }[] {
  const section = DOC.slice(DOC.indexOf('## The life of an item'), DOC.indexOf('## Settings'));
  const blocks = [...section.matchAll(/```(\w*)\n([\s\S]*?)```/g)].map(([, lang, body]) => ({
    lang: lang ?? '',
    body: body ?? '',
  }));
  const pairs: { command: string; expected: string; json: boolean }[] = [];
  blocks.forEach((block, i) => {
    const next = blocks[i + 1];
    if (block.lang === 'sh' && next)
      pairs.push({ command: block.body, expected: next.body.trim(), json: next.lang === 'json' });
  });
  return pairs;
}

/** Whether `actual` has what `expected` shows (see the file comment). */
function shows(actual: unknown, expected: unknown): boolean {
  if (expected === '…') return true;
  if (Array.isArray(expected)) {
    if (!Array.isArray(actual)) return false;
    return expected.every((entry) => actual.some((candidate) => shows(candidate, entry)));
  }
  if (typeof expected === 'object' && expected !== null) {
    if (typeof actual !== 'object' || actual === null) return false;
    const record = actual as Record<string, unknown>;
    return Object.entries(expected).every(([key, value]) => key in record && shows(record[key], value));
  }
  return actual === expected;
}

let redis: SpawnedRedis | undefined;
let dir: string | undefined;
afterEach(async () => {
  await redis?.stop();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe('docs/catalog.md, the life of an item', () => {
  it(
    'runs as written against a listening service',
    async () => {
      const pairs = steps();
      expect(pairs.length).toBeGreaterThanOrEqual(10);
      redis = await spawnRedisServer();
      dir = mkdtempSync(join(tmpdir(), 'multirank-walkthrough-'));
      const service = spawnCli(['serve'], {
        REDIS_URL: `redis://127.0.0.1:${redis.port}`,
        PORT: '0',
        HOST: '127.0.0.1',
        MULTIRANK_TF_BACKEND: 'cpu',
        MULTIRANK_WORKERS: '1',
        MULTIRANK_ADMIN_KEY: ADMIN_KEY,
        MULTIRANK_CANDIDATES_REFRESH_SECONDS: '1',
        MULTIRANK_EVENTS_FILE: join(dir, 'events.jsonl'),
        MULTIRANK_EVENTS_SPOOL: join(dir, 'spool.jsonl'),
      });
      const [, address] = await waitForOutput(service, /Server listening at http:\/\/(127\.0\.0\.1:\d+)/);
      for (const { command, expected, json } of pairs) {
        const script = command.replaceAll('localhost:8080', address!);
        let last = '';
        await until(
          async () => {
            const { stdout } = await run('bash', ['-c', script], {
              env: { ...process.env, MULTIRANK_ADMIN_KEY: ADMIN_KEY },
            });
            last = stdout;
            return json ? shows(JSON.parse(stdout), JSON.parse(expected)) : stdout.trim() === expected;
          },
          `showing ${expected.slice(0, 80)} for ${command.slice(0, 80)} (last: ${last.slice(0, 300)})`,
          250,
        );
      }
      service.child.kill('SIGTERM');
      expect(await service.exited).toBe(0);
    },
    WAIT_DEADLINE_MS * 2,
  );
});

/**
 * docker-compose.yml and .env.example, checked statically (no Docker engine runs here): the
 * compose file is validated against the Compose Specification's JSON schema and linted by dclint
 * (which bundles both), and what the stack promises is checked against the service: settings
 * that src/config.ts knows, a Redis that never evicts and whose stream cap fits its memory, an
 * init, restart policies, a grace period longer than the shutdown timeout, no committed secret.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { DCLinter } from 'dclint';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { CONFIG_VARIABLES, loadConfig } from '../../src/config.js';

const root = fileURLToPath(new URL('../../', import.meta.url));
const read = (path: string) => readFileSync(join(root, path), 'utf8');

interface Service {
  image?: string;
  build?: string;
  command?: string[];
  environment?: Record<string, string>;
  env_file?: { path: string; required?: boolean }[];
  volumes?: string[];
  depends_on?: Record<string, { condition: string }>;
  restart?: string;
  init?: boolean;
  healthcheck?: { test: string[] };
  stop_grace_period?: string;
}

const compose = parse(read('docker-compose.yml')) as { services: Record<string, Service> };
const { multirank, redis } = compose.services as { multirank: Service; redis: Service };
const settings = new Set(CONFIG_VARIABLES.map((spec) => spec.variable));

/** Compose durations as used here (`15s`, `1m30s`), in milliseconds. */
function durationMs(text: string): number {
  let total = 0;
  for (const [, amount, unit] of text.matchAll(/(\d+)(ms|s|m|h)/g)) {
    total += Number(amount) * { ms: 1, s: 1_000, m: 60_000, h: 3_600_000 }[unit as 'ms' | 's' | 'm' | 'h'];
  }
  return total;
}

/** Redis memory sizes as redis.conf writes them (`1gb`, `512mb`), in bytes. */
function bytes(text: string): number {
  const match = /^(\d+)(b|kb|mb|gb)?$/i.exec(text);
  if (!match) throw new Error(`not a size: ${text}`);
  const unit = (match[2] ?? 'b').toLowerCase() as 'b' | 'kb' | 'mb' | 'gb';
  return Number(match[1]) * { b: 1, kb: 1024, mb: 1024 ** 2, gb: 1024 ** 3 }[unit];
}

/** The value after a redis-server flag. */
const redisFlag = (flag: string) => {
  const command = redis.command ?? [];
  return command[command.indexOf(`--${flag}`) + 1];
};

describe('docker-compose.yml', () => {
  it('is valid Compose and passes dclint with no errors or warnings', () => {
    const linter = new DCLinter({
      rules: { 'require-quotes-in-ports': [1, { quoteType: 'double' }] },
      quiet: false,
      debug: false,
      exclude: [],
    });
    // dclint's declarations import their types without extensions, which NodeNext cannot resolve.
    const results: { messages: { line: number; rule: string; message: string }[] }[] = linter.lintFiles(
      [join(root, 'docker-compose.yml')],
      false,
    );
    const [result] = results;
    expect(result?.messages.map((m) => `${m.line}: ${m.rule}: ${m.message}`)).toEqual([]);
  });

  it('sets only settings that src/config.ts reads, with values it accepts', () => {
    const environment = multirank.environment ?? {};
    expect(Object.keys(environment).filter((name) => !settings.has(name))).toEqual([]);
    expect(() => loadConfig(environment)).not.toThrow();
    expect(environment.REDIS_URL).toMatch(/^redis:\/\/redis:6379\b/);
  });

  it('reads secrets and settings from an optional .env, never from the file itself', () => {
    expect(multirank.env_file).toEqual([{ path: '.env', required: false }]);
    expect(multirank.environment).not.toHaveProperty('MULTIRANK_ADMIN_KEY');
    // .env stays out of git (and out of the build context: docker.test.ts).
    expect(() => execFileSync('git', ['check-ignore', '-q', '.env'], { cwd: root })).not.toThrow();
  });

  it('restarts both services, runs the service under an init, and waits for a healthy Redis', () => {
    for (const service of [multirank, redis]) expect(service.restart).toBe('unless-stopped');
    expect(multirank.init).toBe(true);
    expect(multirank.depends_on).toEqual({ redis: { condition: 'service_healthy' } });
    expect(redis.healthcheck?.test).toEqual(['CMD', 'redis-cli', 'ping']);
  });

  it('gives shutdown longer than MULTIRANK_SHUTDOWN_TIMEOUT_MS before Docker kills it', () => {
    const timeoutMs = loadConfig(multirank.environment ?? {}).shutdownTimeoutMs;
    expect(durationMs(multirank.stop_grace_period ?? '10s')).toBeGreaterThan(timeoutMs);
  });

  it('keeps the event spool on a volume at the folder the image puts it in', () => {
    const spool = /MULTIRANK_EVENTS_SPOOL=(\S+)/.exec(read('Dockerfile'))?.[1] ?? '';
    const folder = spool.slice(0, spool.lastIndexOf('/'));
    expect(multirank.volumes).toContain(`multirank-data:${folder}`);
  });

  it('runs a pinned Redis that never evicts, persists with AOF every second, and fits the stream cap', () => {
    expect(redis.image).toMatch(/^redis:\d+\.\d+/);
    expect(redisFlag('maxmemory-policy')).toBe('noeviction');
    expect(redisFlag('appendonly')).toBe('yes');
    expect(redisFlag('appendfsync')).toBe('everysec');
    expect(redis.volumes).toContain('redis-data:/data');
    // With noeviction a full Redis refuses the writes that would trim the stream, so the cap
    // (~300 bytes an event, measured) must fit in maxmemory with room for the rest.
    const maxLength = loadConfig(multirank.environment ?? {}).eventsStreamMaxLength;
    expect(maxLength).toBeGreaterThan(0);
    expect(maxLength * 300).toBeLessThan(bytes(redisFlag('maxmemory') ?? '0') / 2);
  });
});

describe('.env.example', () => {
  const lines = read('.env.example').split('\n');
  const assignments = lines
    .map((line) => /^#?\s*([A-Z][A-Z0-9_]*)=(.*)$/.exec(line.trim()))
    .filter((match): match is RegExpExecArray => match !== null);

  it('names only settings of src/config.ts, each with a value it accepts', () => {
    expect(assignments.length).toBeGreaterThan(3);
    for (const [, name = '', value = ''] of assignments) {
      expect(settings.has(name), name).toBe(true);
      expect(() => loadConfig({ [name]: value }), `${name}=${value}`).not.toThrow();
    }
  });

  it('ships no admin key: empty leaves the admin API off', () => {
    const key = assignments.find(([, name]) => name === 'MULTIRANK_ADMIN_KEY');
    expect(key?.[0]).toBe('MULTIRANK_ADMIN_KEY=');
  });
});

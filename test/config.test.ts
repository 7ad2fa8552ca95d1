import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { CONFIG_VARIABLES, ConfigError, loadConfig } from '../src/config.js';

describe('loadConfig', () => {
  it('gives defaults for an empty environment', () => {
    const config = loadConfig({});
    expect(config.port).toBe(8080);
    expect(config.host).toBe('0.0.0.0');
    expect(config.redisUrl).toBeUndefined();
    expect(config.tfBackend).toBe('auto');
    expect(config.bodyLimitBytes).toBe(1_048_576);
  });

  it('gives each Redis purpose its own timeout: short for serving reads, longer for writes and scans', () => {
    expect(loadConfig({})).toMatchObject({
      redisCommandTimeoutMs: 50,
      redisWriteTimeoutMs: 1_000,
      redisScanTimeoutMs: 10_000,
    });
    expect(
      loadConfig({ MULTIRANK_REDIS_WRITE_TIMEOUT_MS: '2500', MULTIRANK_REDIS_SCAN_TIMEOUT_MS: '60000' }),
    ).toMatchObject({ redisCommandTimeoutMs: 50, redisWriteTimeoutMs: 2_500, redisScanTimeoutMs: 60_000 });
  });

  it('parses given values', () => {
    const config = loadConfig({
      PORT: '9000',
      REDIS_URL: 'redis+cluster://a:7000,b:7001',
      MULTIRANK_TF_BACKEND: 'cpu',
    });
    expect(config.port).toBe(9000);
    expect(config.redisUrl).toBe('redis+cluster://a:7000,b:7001');
    expect(config.tfBackend).toBe('cpu');
  });

  it.each([
    ['PORT', 'abc', /PORT: expected an integer/],
    ['PORT', '70000', /PORT: expected an integer in \[0, 65535\]/],
    ['LOG_LEVEL', 'loud', /LOG_LEVEL: expected one of fatal/],
    ['REDIS_URL', 'localhost:6379', /REDIS_URL: expected redis:\/\//],
    ['MULTIRANK_TF_BACKEND', 'gpu', /MULTIRANK_TF_BACKEND: expected one of auto, node, wasm, cpu/],
    [
      'MULTIRANK_REDIS_WRITE_TIMEOUT_MS',
      '0',
      /MULTIRANK_REDIS_WRITE_TIMEOUT_MS: expected an integer in \[1, /,
    ],
    ['MULTIRANK_REDIS_SCAN_TIMEOUT_MS', '10s', /MULTIRANK_REDIS_SCAN_TIMEOUT_MS: expected an integer/],
  ])('rejects %s=%s with a message naming the variable', (variable, value, message) => {
    expect(() => loadConfig({ [variable]: value })).toThrow(ConfigError);
    expect(() => loadConfig({ [variable]: value })).toThrow(message);
  });

  it('refuses an admin key shorter than 16 characters without echoing it, and takes a long one or none', () => {
    const short = () => loadConfig({ MULTIRANK_ADMIN_KEY: 'change-me' });
    expect(short).toThrow(ConfigError);
    expect(short).toThrow(/^MULTIRANK_ADMIN_KEY: at least 16 characters required, got 9;/);
    expect(short).not.toThrow(/change-me/);
    expect(loadConfig({ MULTIRANK_ADMIN_KEY: '0123456789abcdef' }).adminKey).toBe('0123456789abcdef');
    expect(loadConfig({}).adminKey).toBe('');
    expect(loadConfig({ MULTIRANK_ADMIN_KEY: '' }).adminKey).toBe('');
  });

  it('documents every variable in the README configuration table', () => {
    const readme = readFileSync(new URL('../README.md', import.meta.url), 'utf8');
    for (const spec of CONFIG_VARIABLES) expect(readme).toContain(`\`${spec.variable}\``);
  });
});

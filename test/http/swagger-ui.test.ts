/**
 * Swagger UI as a person uses it: headless Chromium opens /docs on the real service (startServer,
 * shipped model, no Redis), expands POST /v1/rank, presses "Try it out" and "Execute" with the
 * body the page fills in, and the service answers 200. Needs Debian's chromium (.ci/run installs
 * it; playwright-core downloads no browser).
 */
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pino } from 'pino';
import { chromium } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.js';
import { startServer } from '../../src/server.js';

const CHROMIUM = '/usr/bin/chromium';

describe('Swagger UI at /docs (needs chromium)', () => {
  it('"Try it out" on POST /v1/rank with the default body answers 200', async () => {
    // Not skipped where the browser is missing: say how to get it (README, Tests).
    expect(existsSync(CHROMIUM), `${CHROMIUM} is missing: apt-get install -y chromium`).toBe(true);
    const dir = mkdtempSync(join(tmpdir(), 'multirank-swagger-ui-'));
    const config = loadConfig({
      PORT: '0',
      HOST: '127.0.0.1',
      MULTIRANK_TF_BACKEND: 'wasm',
      MULTIRANK_WORKERS: '1',
      MULTIRANK_EVENTS_FILE: join(dir, 'events.jsonl'),
      MULTIRANK_EVENTS_SPOOL: join(dir, 'spool.jsonl'),
      MULTIRANK_MAX_EVENT_LOOP_DELAY_MS: '0',
    });
    const server = await startServer(config, pino({ level: 'silent' }));
    // Root runs Chromium only without its sandbox.
    const browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox'] });
    try {
      const page = await browser.newPage();
      await page.goto(`${server.address}/docs/static/index.html`);
      // Swagger UI names each operation's block by tag and operationId.
      const operation = page.locator('#operations-rank-rank');
      await operation.locator('.opblock-summary').click();
      await operation.locator('button.try-out__btn').click();
      const body = JSON.parse(await operation.locator('textarea.body-param__text').inputValue());
      expect(body).toMatchObject({ userId: 'u42', candidates: expect.any(Array) });
      await operation.locator('button.execute').click();
      const status = operation.locator('.live-responses-table tbody .response-col_status').first();
      await status.waitFor();
      const answer = operation.locator('.live-responses-table tbody .response-col_description').first();
      expect(await status.innerText(), await answer.innerText()).toBe('200');
      // Sent to the service that served the page (the document's relative server).
      expect(await operation.locator('.request-url pre').innerText()).toBe(`${server.address}/v1/rank`);
    } finally {
      await browser.close();
      await server.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

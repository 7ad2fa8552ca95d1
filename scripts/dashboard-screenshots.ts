/**
 * Regenerates the screenshots of docs/dashboard.md: `npx tsx scripts/dashboard-screenshots.ts`.
 * Starts Redis (REDIS_URL, else a spawned redis-server) and the service over the shipped model
 * with its sweep and evaluation reports (carried by models/default), creates an experiment and sends
 * its events, ranks a little for the live view, then takes each view at 1280×800 with Debian's
 * headless chromium into docs/dashboard/. Fails on any console error of the page.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Browser } from 'playwright-core';
import { consoleErrors, launchBrowser } from '../test/dashboard/harness.js';
import { type SeededService, startSeededService } from '../test/dashboard/seeded-service.js';

const OUT = fileURLToPath(new URL('../docs/dashboard/', import.meta.url));
const EXPERIMENT = 'likes-and-watch';

/** Rank requests one after another until `done` resolves: traffic for the live view's rates. */
async function rankUntil(base: string, done: Promise<unknown>): Promise<void> {
  let finished = false;
  void done.finally(() => {
    finished = true;
  });
  for (let k = 0; !finished; k++) {
    const rank = await fetch(`${base}/v1/rank`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ userId: `u${k % 500}`, context: { device: 'tv' }, limit: 10 }),
    });
    if (!rank.ok) throw new Error(`POST /v1/rank: ${rank.status}`);
  }
}

/** Each view: its hash, the selector that says it rendered, and an optional step before the shot. */
const VIEWS: { name: string; hash: string; ready: string }[] = [
  { name: 'experiments', hash: '#/experiments', ready: 'table.variants' },
  { name: 'experiment', hash: `#/experiments/${EXPERIMENT}`, ready: 'figure svg.chart' },
  { name: 'models', hash: '#/models', ready: 'table.models' },
  { name: 'model-card', hash: '#/models/default', ready: 'table.validation' },
  { name: 'tradeoff', hash: '#/tradeoff', ready: 'svg circle' },
  { name: 'live', hash: '#/live', ready: 'caption:has-text("the last")' },
];

let service: SeededService | undefined;
let browser: Browser | undefined;
try {
  service = await startSeededService(EXPERIMENT);
  browser = await launchBrowser();
  const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
  const errors = consoleErrors(page);
  mkdirSync(OUT, { recursive: true });
  for (const view of VIEWS) {
    await page.goto(`${service.base}/dashboard${view.hash}`);
    const rendered = page.waitForSelector(view.ready);
    await (view.name === 'live' ? Promise.all([rendered, rankUntil(service.base, rendered)]) : rendered);
    if (view.name === 'tradeoff') await page.hover('svg circle.s1');
    await page.screenshot({ path: join(OUT, `${view.name}.png`) });
    console.log(`docs/dashboard/${view.name}.png`);
  }
  if (errors.length > 0) throw new Error(`console errors:\n${errors.join('\n')}`);
} finally {
  await browser?.close();
  await service?.stop();
}

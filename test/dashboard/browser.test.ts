/**
 * The dashboard in a real browser: Debian's headless chromium (`apt-get install -y chromium`;
 * CHROMIUM_PATH elsewhere) driven by playwright-core, against `multirank serve` as a process with
 * a test Redis (experiment writes need one). Through the page it creates an experiment, then the
 * test sends that experiment's events and the page shows the variant figures; it changes the
 * traffic and stops the experiment through the page; it opens the card
 * of models/default and finds its click AUC; it activates a second bundle from the models view.
 * Any console error or uncaught exception fails it.
 * The service and the browser are ended after the test whatever happened; every wait is on a
 * selector or an answer, never a sleep.
 */
import { mkdirSync, readdirSync, readFileSync, realpathSync, symlinkSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { num, pct } from '../../src/dashboard/app/format.js';
import { killAtWorkerExit } from '../helpers/process.js';
import { type RedisHandle, startRedis } from '../helpers/redis.js';
import {
  ADMIN_KEY,
  consoleErrors,
  experimentEvents,
  launchBrowser,
  modelsWithReports,
  type Service,
  sendEvents,
  startService,
} from './harness.js';

const EXPERIMENT = `dashboard-e2e-${process.pid}`;
const VARIANTS = ['control', 'more-likes'];
const USERS = 30;

/** CTR of a variant among the events the test sends, as the page formats it. */
function expectedCtr(events: object[], variant: string): string {
  const of = (type: string) =>
    (events as { type: string; variant: string }[]).filter((e) => e.variant === variant && e.type === type)
      .length;
  return pct(of('click') / of('impression'));
}

describe('the dashboard in headless chromium', () => {
  let redis: RedisHandle;
  let service: Service | undefined;
  let browser: Browser | undefined;

  beforeAll(async () => {
    redis = await startRedis();
  });
  afterAll(async () => {
    await redis?.stop();
  });
  afterEach(async () => {
    await browser?.close();
    await service?.stop();
    browser = undefined;
    service = undefined;
  });

  /** The service over the bundles in `modelsDir` (serving `default`), and a page at `route`. */
  async function openDashboard(modelsDir: string, route: string) {
    service = await startService({
      REDIS_URL: redis.url,
      MULTIRANK_MODELS_DIR: modelsDir,
      MULTIRANK_MODEL: join(modelsDir, 'default'),
    });
    killAtWorkerExit(service.child); // should afterEach never run
    browser = await launchBrowser();
    const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    const errors = consoleErrors(page);
    await page.goto(`${service.base}/dashboard${route}`);
    return { page, errors, base: service.base };
  }

  it('creates an experiment through the page, shows its figures once events arrive, and the default model card', async () => {
    service = await startService({ REDIS_URL: redis.url });
    killAtWorkerExit(service.child); // should afterEach never run
    browser = await launchBrowser();
    const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    const errors = consoleErrors(page);
    await page.goto(`${service.base}/dashboard`);

    // The admin key, typed into the page, then the new experiment through its form.
    await page.fill('#admin-key', ADMIN_KEY);
    await page.press('#admin-key', 'Enter');
    const form = page.locator('#new-experiment');
    await form.locator('input[name="id"]').fill(EXPERIMENT);
    await form.getByRole('button', { name: 'Add variant' }).click();
    const second = form.locator('[data-variant]').nth(1);
    await second.locator('input[name="name"]').fill('more-likes');
    await second.locator('input[name="weights"]').fill('click=1, like=2');
    await form.getByRole('button', { name: 'Create experiment' }).click();
    await page.waitForURL(`**/dashboard#/experiments/${EXPERIMENT}`);
    await page.locator('table.variants').waitFor();

    // It went through PUT /v1/experiments/:id: the service has it as the form said.
    const stored = await (await fetch(`${service.base}/v1/experiments/${EXPERIMENT}`)).json();
    expect(stored).toMatchObject({
      status: 'running',
      traffic: 1,
      variants: [{ name: 'control' }, { name: 'more-likes' }],
    });

    // Events from the test; the page's figures follow on refresh.
    const events = experimentEvents(EXPERIMENT, VARIANTS, USERS);
    expect(await sendEvents(service.base, events)).toBe(events.length);
    await page.click('#refresh');
    const row = page.locator('table.variants tbody tr', { hasText: 'more-likes' }).filter({ hasText: '120' });
    await row.waitFor();
    const cells = await row.locator('td').allInnerTexts();
    expect(cells.slice(2, 4)).toEqual([String(USERS), String(USERS * 4)]);
    expect(cells[4]).toContain(expectedCtr(events, 'more-likes'));
    await page.locator('table.lifts tbody tr', { hasText: 'more-likes' }).waitFor();
    await page.locator('svg[aria-label^="CTR per variant by UTC day"]').waitFor();
    const reportLink = await page.getAttribute('a:has-text("report JSON")', 'href');
    expect(reportLink).toBe(`/v1/experiments/${EXPERIMENT}/report`);

    // Admin actions: traffic changed through the edit form, then the experiment stopped.
    const edit = page.locator('#edit-experiment');
    await edit.locator('input[name="traffic"]').fill('40');
    await edit.getByRole('button', { name: 'Save changes' }).click();
    await page.locator('h2', { hasText: 'traffic 40%' }).waitFor();
    await page.getByRole('button', { name: 'Stop experiment' }).click();
    await page.locator('h2 .status', { hasText: 'stopped' }).waitFor();
    const changed = await (await fetch(`${service.base}/v1/experiments/${EXPERIMENT}`)).json();
    expect(changed).toMatchObject({ status: 'stopped', traffic: 0.4 });

    // The model card of models/default, reached by keyboard from the navigation.
    await page.focus('nav a[href="#/models"]');
    await page.keyboard.press('Enter');
    await page.locator('table.models a', { hasText: 'default' }).click();
    const auc = page.locator('table.validation [data-head="click"][data-metric="auc"]');
    await auc.waitFor();
    const metrics = JSON.parse(
      readFileSync(new URL('../../models/default/metrics.json', import.meta.url), 'utf8'),
    );
    const clickAuc = metrics.validation.heads.find((h: { name: string }) => h.name === 'click').model.auc;
    expect(await auc.innerText()).toBe(num(clickAuc));

    expect(errors).toEqual([]);
  }, 240_000);

  it('copies a profile from the trade-off chart into a new experiment, and shows the live figures', async () => {
    const models = modelsWithReports();
    try {
      const { page, errors } = await openDashboard(models.dir, '#/tradeoff');

      // A Pareto point, by keyboard: focus shows its weights, Enter copies it.
      const point = page.locator('svg circle.s1').first();
      await point.focus();
      const label = String(await point.getAttribute('aria-label'));
      const name = label.slice(0, label.indexOf(' ('));
      await page.locator('p.tooltip', { hasText: name }).waitFor();
      await page.keyboard.press('Enter');
      await page.locator('p[role="status"]', { hasText: `Copied ${name}` }).waitFor();

      // The New experiment form has it as a variant, with the sweep's weights.
      await page.click('nav a[href="#/experiments"]');
      const variants = page.locator('#new-experiment [data-variant]');
      await variants.nth(1).waitFor();
      const weights = await variants.nth(1).locator('input[name="weights"]').inputValue();
      const sweep = JSON.parse(readFileSync(join(models.dir, 'default/sweep.json'), 'utf8'));
      const profile = sweep.profiles.find((p: { name: string }) => p.name === name).profile;
      expect(weights).toBe(
        Object.entries(profile.weights)
          .map(([h, w]) => `${h}=${w}`)
          .join(', '),
      );

      // Live: the routes the page itself called, from the service's /metrics.
      await page.click('nav a[href="#/live"]');
      await page.locator('table.routes tr', { hasText: '/v1/models/:version/card' }).waitFor();
      await page
        .locator('table.components')
        .getByRole('row', { name: /^redis ok/ })
        .waitFor();

      expect(errors).toEqual([]);
    } finally {
      await models.remove();
    }
  }, 240_000);
  it('activates another bundle from the models view, with the admin key typed into the page', async () => {
    const models = modelsWithReports();
    try {
      // A second version of the shipped bundle beside it: same files, its own folder name.
      const second = join(models.dir, 'second');
      mkdirSync(second);
      for (const name of readdirSync(join(models.dir, 'default')))
        symlinkSync(realpathSync(join(models.dir, 'default', name)), join(second, name));
      const { page, errors, base } = await openDashboard(models.dir, '#/models');
      await page.fill('#admin-key', ADMIN_KEY);
      await page.press('#admin-key', 'Enter');

      await page.getByRole('button', { name: 'Activate second' }).click();
      // After the swap the view is drawn again: the served mark moves to the second bundle.
      await page
        .locator('table.models tr', { hasText: 'second' })
        .locator('.status', { hasText: 'served' })
        .waitFor();
      const listed = (await (await fetch(`${base}/v1/models`)).json()) as { active: string };
      expect(listed.active).toBe('second');
      await expect(page.getByRole('button', { name: 'Activate default' }).count()).resolves.toBe(1);

      expect(errors).toEqual([]);
    } finally {
      await models.remove();
    }
  }, 240_000);
});

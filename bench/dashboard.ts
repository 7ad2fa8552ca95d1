/**
 * The dashboard's page weight and first render: `npx tsx bench/dashboard.ts` (RUNS=5 per view).
 * Starts Redis (REDIS_URL, else a spawned redis-server) and the service over the shipped model
 * with its sweep and evaluation (as the screenshots do), creates an experiment with a week of
 * events, then opens each view in a fresh browser context (empty cache) of Debian's headless
 * chromium and reads the Performance API:
 *   - transferred: bytes over the wire (headers included) of the page, its stylesheet and modules,
 *     and of the JSON the view fetched;
 *   - first paint: first-contentful-paint (the header, drawn before any module runs);
 *   - first view: navigation start to the `dashboard:first-view` mark, set when the view's content,
 *     with its data, is in the page.
 * The service runs from the sources, so its first request transpiles the modules (the compiled
 * service reads them from dist): one request before measuring keeps that out of the figures.
 * Prints the medians, targets (≤ 300 KB, ≤ 1 s) and the load average; writes bench/results/dashboard.json.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import type { Browser } from 'playwright-core';
import { launchBrowser } from '../test/dashboard/harness.js';
import { type SeededService, startSeededService } from '../test/dashboard/seeded-service.js';

const RUNS = Number(process.env.RUNS ?? 5);
const EXPERIMENT = 'likes-and-watch';
const VIEWS = [
  ['experiments', '#/experiments'],
  ['experiment', `#/experiments/${EXPERIMENT}`],
  ['models', '#/models'],
  ['model card', '#/models/default'],
  ['trade-off', '#/tradeoff'],
  ['live', '#/live'],
] as const;

interface Measure {
  assetsBytes: number;
  dataBytes: number;
  firstPaintMs: number;
  firstViewMs: number;
}

const median = (values: number[]) =>
  [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? Number.NaN;

/** Reads the figures in the page from its Performance entries. */
const READ_TIMINGS = `(() => {
  const nav = performance.getEntriesByType('navigation')[0];
  const resources = performance.getEntriesByType('resource');
  let assets = nav.transferSize;
  let data = 0;
  for (const r of resources) {
    if (r.initiatorType === 'fetch') data += r.transferSize;
    else assets += r.transferSize;
  }
  const paint = performance.getEntriesByName('first-contentful-paint')[0];
  const view = performance.getEntriesByName('dashboard:first-view')[0];
  return { assetsBytes: assets, dataBytes: data, firstPaintMs: paint ? paint.startTime : NaN, firstViewMs: view ? view.startTime : NaN };
})()`;

async function measure(browser: Browser, url: string): Promise<Measure> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  try {
    const page = await context.newPage();
    await page.goto(url);
    await page.waitForFunction(() => performance.getEntriesByName('dashboard:first-view').length > 0);
    // A string, not a function: tsx's transform would add helpers the page does not have.
    return (await page.evaluate(READ_TIMINGS)) as Measure;
  } finally {
    await context.close();
  }
}

let service: SeededService | undefined;
let browser: Browser | undefined;
try {
  service = await startSeededService(EXPERIMENT);
  await (await fetch(`${service.base}/dashboard`)).text(); // transpiles the modules (sources only)
  browser = await launchBrowser();
  const rows: (Measure & { view: string })[] = [];
  for (const [view, hash] of VIEWS) {
    const runs: Measure[] = [];
    for (let k = 0; k < RUNS; k++) runs.push(await measure(browser, `${service.base}/dashboard${hash}`));
    const pick = (key: keyof Measure) => median(runs.map((r) => r[key]));
    rows.push({
      view,
      assetsBytes: pick('assetsBytes'),
      dataBytes: pick('dataBytes'),
      firstPaintMs: pick('firstPaintMs'),
      firstViewMs: pick('firstViewMs'),
    });
  }
  const load = loadavg().map((v) => v.toFixed(2));
  console.log(
    `dashboard: median of ${RUNS} cold loads per view (fresh browser context), load average ${load.join(' ')}`,
  );
  console.log('| view | page + assets KB | data KB | total KB | first paint ms | first view ms |');
  console.log('| --- | --- | --- | --- | --- | --- |');
  for (const r of rows) {
    const kb = (bytes: number) => (bytes / 1024).toFixed(1);
    console.log(
      `| ${r.view} | ${kb(r.assetsBytes)} | ${kb(r.dataBytes)} | ${kb(r.assetsBytes + r.dataBytes)} | ${r.firstPaintMs.toFixed(0)} | ${r.firstViewMs.toFixed(0)} |`,
    );
  }
  const worstKb = Math.max(...rows.map((r) => r.assetsBytes + r.dataBytes)) / 1024;
  const worstMs = Math.max(...rows.map((r) => r.firstViewMs));
  console.log(
    `largest view ${worstKb.toFixed(1)} KB (target ≤ 300), slowest first view ${worstMs.toFixed(0)} ms (target ≤ 1000)`,
  );
  const dir = new URL('./results/', import.meta.url);
  mkdirSync(dir, { recursive: true });
  writeFileSync(
    new URL('dashboard.json', dir),
    `${JSON.stringify({ runs: RUNS, loadavg: loadavg(), views: rows }, null, 2)}\n`,
  );
} finally {
  await browser?.close();
  await service?.stop();
}

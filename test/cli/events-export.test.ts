/**
 * The real `multirank` binary on a stored event file: `events export` → a log `multirank train`
 * trains on, and `experiments report` on the hand-made events of test/http/experiment-report.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { INTERACTION_COLUMNS } from '../../src/data/log-schema.js';
import type { FeedbackEvent } from '../../src/events/event-types.js';
import { openFileEventStore } from '../../src/events/file-event-store.js';
import { tempDir } from '../events/helpers.js';
import { EXPERIMENT, handMadeEvents } from '../events/report-fixture.js';
import { spawnCli } from '../helpers/process.js';

const dir = tempDir('events-cli');
const eventsFile = join(dir, 'events.jsonl');
const env = { MULTIRANK_EVENTS_FILE: eventsFile, REDIS_URL: '' };
const T = Date.parse('2025-01-01T00:00:00Z');

/** 30 requests of 3 items by 6 users; clicks with requestId, watches without (window join). */
function traffic(): FeedbackEvent[] {
  const out: FeedbackEvent[] = [];
  for (let r = 0; r < 30; r++) {
    const userId = `u${r % 6}`;
    const at = T + r * 60_000;
    for (let p = 1; p <= 3; p++) {
      const itemId = `v${(r * 7 + p) % 20}`;
      out.push({
        eventId: `imp-${r}-${p}`,
        type: 'impression',
        userId,
        itemId,
        requestId: `r${r}`,
        timestamp: at,
        position: p,
        device: r % 2 ? 'tv' : 'mobile',
        context: { current_item_id: `v${r % 20}`, recent_items: [`v${(r + 1) % 20}`] },
      });
      if ((r + p) % 3 === 0)
        out.push({
          eventId: `clk-${r}-${p}`,
          type: 'click',
          userId,
          itemId,
          requestId: `r${r}`,
          timestamp: at + 1_000,
        });
      if ((r + p) % 3 === 0)
        out.push({
          eventId: `wat-${r}-${p}`,
          type: 'watch',
          userId,
          itemId,
          timestamp: at + 2_000,
          value: 10 + r,
        });
      if ((r + p) % 5 === 0)
        out.push({
          eventId: `dis-${r}-${p}`,
          type: 'dismiss',
          userId,
          itemId,
          requestId: `r${r}`,
          timestamp: at + 500,
        });
      if (r % 7 === 0 && p === 1)
        out.push({
          eventId: `rat-${r}`,
          type: 'rating',
          userId,
          itemId,
          requestId: `r${r}`,
          timestamp: at + 3_000,
          value: 4,
        });
      if (r % 4 === 0 && p === 2)
        out.push({
          eventId: `lik-${r}`,
          type: 'like',
          userId,
          itemId,
          requestId: `r${r}`,
          timestamp: at + 3_000,
        });
    }
  }
  return out;
}

beforeAll(async () => {
  const store = await openFileEventStore(eventsFile);
  await store.append([...traffic(), ...handMadeEvents()]);
  await store.close();
});

const TRAIN_CONFIG = `
data:
  log: LOG
  keys: { request: request_id, user: user_id, item: item_id, timestamp: timestamp }
  validation: { lastFraction: 0.2 }
features:
  - { name: user_id, source: user, type: hashed, buckets: 50 }
  - { name: item_id, source: item, type: hashed, buckets: 50 }
  - { name: device, source: context, type: categorical }
  - { name: current_item_id, source: context, type: hashed, buckets: 50 }
  - { name: recent_items, source: context, type: bag, maxLength: 2, buckets: 50 }
tasks:
  - { name: click, kind: binary, biasTower: true }
  - { name: watch, column: watch_seconds, kind: regression, transform: log1p }
  - { name: like, kind: binary }
  - { name: dismiss, kind: binary }
  - { name: rating, kind: regression, missingLabel: mask }
bias: { position: position, device: device, maxPosition: 3 }
model: { experts: 2, expertUnits: [8], towerUnits: [4] }
training: { epochs: 1, batchSize: 16, shuffleBuffer: 0 }
`;

describe('multirank events export', () => {
  it('exports the window as an interaction log that multirank train trains on', async () => {
    const out = join(dir, 'log.jsonl');
    const cli = spawnCli(['events', 'export', '--out', out, '--since', '2025-01-01T00:00:00Z'], env);
    expect(await cli.exited, cli.output()).toBe(0);
    expect(cli.output()).toMatch(/wrote 90 impressions to .*log\.jsonl \(jsonl\)/);
    expect(cli.output()).toMatch(/export: [\d,]+ events in/); // the progress summary (stderr is not a TTY)

    const rows = readFileSync(out, 'utf8')
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line));
    expect(rows).toHaveLength(90); // the report fixture's impressions (2023) are before --since
    expect(Object.keys(rows[0])).toEqual([...INTERACTION_COLUMNS]);
    expect(rows[0]).toMatchObject({
      request_id: 'r0',
      position: 1,
      timestamp: T / 1000,
      recent_items: ['v1'],
    });
    const clicked = rows.filter((r) => r.click === 1);
    expect(clicked).toHaveLength(30);
    expect(clicked.every((r) => r.watch_seconds > 0)).toBe(true); // watches joined without requestId
    expect(rows.filter((r) => r.rating === 4)).toHaveLength(5);

    const config = join(dir, 'train.yaml');
    writeFileSync(config, TRAIN_CONFIG.replace('LOG', out));
    const bundle = join(dir, 'model');
    const train = spawnCli(['train', '--config', config, '--out', bundle, '--no-progress'], {
      ...env,
      MULTIRANK_TF_BACKEND: 'cpu',
    });
    expect(await train.exited, train.output()).toBe(0);
    expect(train.output()).toContain('best epoch 1 of 1');
    expect(existsSync(join(bundle, 'manifest.json'))).toBe(true);
  }, 120_000);

  it('writes CSV with the header of the training columns, and names a bad --since', async () => {
    const out = join(dir, 'log.csv');
    const cli = spawnCli(
      ['events', 'export', '--out', out, '--until', '2024-01-01T00:00:00Z', '--no-progress'],
      env,
    );
    expect(await cli.exited, cli.output()).toBe(0);
    const lines = readFileSync(out, 'utf8').trim().split('\n');
    expect(lines[0]).toBe(INTERACTION_COLUMNS.join(','));
    expect(lines).toHaveLength(1 + 81); // only the report fixture's impressions (80 + 1 of x2) are before 2024

    const bad = spawnCli(['events', 'export', '--out', out, '--since', 'yesterday'], env);
    expect(await bad.exited).toBe(1);
    expect(bad.output()).toContain(
      '--since: expected an ISO time (e.g. 2025-01-31T00:00:00Z) or Unix milliseconds, got "yesterday"',
    );
  }, 180_000);

  it('skips and counts an event stored before ingest checked contexts, and exports the rest', async () => {
    // The hardening issue's poison event, written straight into the store (no ingest check).
    const file = join(dir, 'poisoned.jsonl');
    const store = await openFileEventStore(file);
    const poison = {
      eventId: 'poison-1',
      type: 'impression',
      userId: 'u1',
      itemId: 'i1',
      position: 1,
      timestamp: T,
      context: { recent_items: [{ toString: 1 }] },
    } as unknown as FeedbackEvent;
    await store.append([poison, ...traffic().slice(0, 20)]);
    await store.close();
    const good = traffic()
      .slice(0, 20)
      .filter((e) => e.type === 'impression').length;

    const out = join(dir, 'poisoned-log.jsonl');
    const cli = spawnCli(['events', 'export', '--out', out, '--no-progress'], {
      ...env,
      MULTIRANK_EVENTS_FILE: file,
    });
    expect(await cli.exited, cli.output()).toBe(0);
    expect(cli.output()).toContain(`wrote ${good} impressions to ${out} (jsonl)`);
    expect(cli.output()).toContain('skipped 1 impression whose context the log cannot hold');
    expect(cli.output()).toContain(
      'poison-1 (recent_items[0]: must be a string or a finite number, got an object)',
    );
    const rows = readFileSync(out, 'utf8').trim().split('\n');
    expect(rows).toHaveLength(good);
    expect(rows.some((line) => line.includes('poison-1') || line.includes('"i1"'))).toBe(false);
  }, 180_000);

  it.each([
    [['--since=-1'], '--since: expected an ISO time'],
    [['--until', '8640000000000001'], '--until: expected a time from 1970-01-01T00:00:00Z'],
    [['--since', '99999999999999999999'], '--since: expected a time from 1970-01-01T00:00:00Z'],
    [
      ['--since', '2025-02-01T00:00:00Z', '--until', '2025-01-01T00:00:00Z'],
      'error: --since must be before --until, got 2025-02-01T00:00:00.000Z and 2025-01-01T00:00:00.000Z',
    ],
  ])('rejects a window it cannot read, naming the flag (%s)', async (window, message) => {
    const out = join(dir, 'never.jsonl');
    const cli = spawnCli(['events', 'export', '--out', out, '--no-progress', ...window], env);
    expect(await cli.exited, cli.output()).toBe(1);
    expect(cli.output()).toContain(message);
    expect(existsSync(out)).toBe(false);
  });
});

describe('multirank experiments report', () => {
  it('prints the per-variant table and, with --json, the route body', async () => {
    const defs = join(dir, 'experiments.json');
    writeFileSync(defs, JSON.stringify({ experiments: [EXPERIMENT] }));
    const table = spawnCli(['experiments', 'report', 'x1', '--experiments', defs], env);
    expect(await table.exited, table.output()).toBe(0);
    const text = table.output();
    expect(text).toContain('experiment x1 (running)');
    expect(text).toMatch(
      /treatment\s+3\s+60\s+CTR\s+13\.33% \[6\.53%, 20\.13%\]\s+-11\.1% \[-61\.2%, \+103\.6%\], p=0\.781/,
    );
    expect(text).toMatch(/control \(control\)\s+2\s+20\s+CTR\s+15\.00%/);
    expect(text).toContain('sample ratio: users 2 / 3 for allocation 50 / 50: chi2=0.20, df=1, p=0.655, ok');
    expect(text).toContain('2 events without a variant of this experiment left out');

    const json = spawnCli(['experiments', 'report', 'x1', '--experiments', defs, '--json'], env);
    expect(await json.exited).toBe(0);
    const report = JSON.parse(json.output());
    expect(report.variants[1].vsControl.ctr.pValue).toBeCloseTo(0.781, 3);

    const missing = spawnCli(['experiments', 'report', 'x9', '--experiments', defs], env);
    expect(await missing.exited).toBe(1);
    expect(missing.output()).toContain(`error: no experiment "x9" in ${defs}`);
  }, 120_000);

  it.each([
    [['--since', '99999999999999999999'], '--since: expected a time from 1970-01-01T00:00:00Z'],
    [['--until', '8640000000000001'], '--until: expected a time from 1970-01-01T00:00:00Z'],
    [['--since=-1'], '--since: expected an ISO time'],
    [
      ['--since', '1735776000000', '--until', '2025-01-01T00:00:00Z'],
      'error: --since must be before --until, got 2025-01-02T00:00:00.000Z and 2025-01-01T00:00:00.000Z',
    ],
  ])('rejects a window it cannot read, naming the flag (%s)', async (window, message) => {
    const defs = join(dir, 'experiments-window.json');
    writeFileSync(defs, JSON.stringify({ experiments: [EXPERIMENT] }));
    const cli = spawnCli(['experiments', 'report', 'x1', '--experiments', defs, ...window], env);
    expect(await cli.exited, cli.output()).toBe(1);
    expect(cli.output()).toContain(message);
    expect(cli.output()).not.toContain('RangeError');
  });
});

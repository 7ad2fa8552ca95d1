import { describe, expect, it } from 'vitest';
import { SkipReport } from '../../src/data/skip-report.js';
import { encodeRows } from '../../src/features/encode.js';
import { fitFeatureStats } from '../../src/features/fit.js';
import { parseConfigText } from '../../src/features/parse-config.js';
import { openTrainingData, trainingRows } from '../../src/training/training-data.js';
import { collect, FIXTURES, tempFiles } from '../data/helpers.js';
import { list } from './helpers.js';

const files = tempFiles();
const log = files.write(
  'log.jsonl',
  [
    { user_id: 'u1', item_id: 'v1', click: 1 },
    { user_id: 'u1', item_id: 'v9', click: 0 },
    { user_id: null, item_id: 'v2', click: 1 },
    { user_id: 'u2', item_id: 'v3', click: 0 },
  ]
    .map((r) => JSON.stringify(r))
    .join('\n'),
);

function open(policy: string) {
  const config = parseConfigText(
    `
data:
  log: ${log}
  items: items.jsonl
  users: users.jsonl
  keys: { user: user_id, item: item_id }
  validation: none
  unknownIds: ${policy}
features:
  - { name: item_id, source: item, type: categorical }
  - { name: topic, source: item, type: categorical }
  - { name: duration, source: item, column: duration_seconds, type: numeric, missing: { indicator: true } }
  - { name: region, source: user, type: categorical }
tasks: [{ name: click, kind: binary }]`,
    { baseDir: FIXTURES },
  );
  return openTrainingData(config);
}

describe('unknown-id policy', () => {
  it('default: keeps the row with the id known and the table attributes missing', async () => {
    const data = await open('default');
    const report = new SkipReport();
    const rows = await collect(trainingRows(data, 'train', report));
    expect(rows).toHaveLength(4);
    expect(report.total).toBe(0);
    expect(rows[1]?.item).toEqual({ item_id: 'v9' });
    const fitted = await fitFeatureStats(data.spec, rows);
    const batch = encodeRows(fitted, rows, { labels: true });
    const [itemId, topic, duration, region] = batch.features;
    // v9 is in the vocabulary (it was seen in training), its topic is the missing index 0.
    expect(itemId?.kind === 'index' && list(itemId.indices)[1]).not.toBe(0);
    expect(topic?.kind === 'index' && list(topic.indices)).toEqual([1, 0, 2, 1]);
    expect(duration?.kind === 'numeric' && list(duration.missing)).toEqual([0, 1, 0, 0]);
    // The row without a user id gets no user attributes.
    expect(region?.kind === 'index' && list(region.indices)[2]).toBe(0);
  });

  it('skip: leaves the rows out and counts them by reason', async () => {
    const report = new SkipReport();
    const rows = await collect(trainingRows(await open('skip'), 'train', report));
    expect(rows.map((r) => r.context.item_id)).toEqual(['v1', 'v3']);
    expect(report.summary()).toBe(
      `skipped 2 rows: 1 × missing user id (first at ${log}:3), 1 × unknown item id (first at ${log}:2)`,
    );
  });

  it('error: stops at the first unknown id, naming file, line and column', async () => {
    const data = await open('error');
    await expect(collect(trainingRows(data, 'train', new SkipReport()))).rejects.toThrow(
      `${log}:2: column "item_id": unknown item id "v9" (set data.unknownIds: default or skip to accept it)`,
    );
  });
});

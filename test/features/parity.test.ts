/**
 * Training/serving parity: a logged impression, turned into a row by the training path
 * (log ⋈ user table ⋈ item table) and by the serving path (request context + user store +
 * item catalog), must encode to exactly the same model inputs.
 */
import { readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { readRows } from '../../src/data/read-rows.js';
import type { RawRecord, SourceRow } from '../../src/data/records.js';
import { SkipReport } from '../../src/data/skip-report.js';
import { loadTable } from '../../src/data/tables.js';
import { encodeRows } from '../../src/features/encode.js';
import { fitFeatureStats } from '../../src/features/fit.js';
import type { FittedFeatures } from '../../src/features/fitted.js';
import { loadTrainingConfig, parseConfigText } from '../../src/features/parse-config.js';
import { type CandidateView, type RawRow, rowFromLog, rowFromRequest } from '../../src/features/rows.js';
import { openTrainingData, type TrainingData, trainingRows } from '../../src/training/training-data.js';
import { collect, FIXTURES } from '../data/helpers.js';
import { list } from './helpers.js';

const REQUEST_CONTEXT = ['device', 'current_item_id', 'recent_items', 'timestamp'];

/** What a ranking request for this impression would carry: ids and request context, no labels, no position. */
function servingRow(
  fitted: FittedFeatures,
  logged: SourceRow,
  stores: Stores,
  index: number,
  candidate?: Partial<CandidateView>,
): RawRow {
  const { record } = logged;
  const context = Object.fromEntries(REQUEST_CONTEXT.map((c) => [c, record[c]]));
  const userId = String(record.user_id);
  const itemId = String(record.item_id);
  return rowFromRequest(
    fitted.layout,
    { userId, context, user: stores.users.get(userId) },
    { itemId, item: stores.items.get(itemId), ...candidate },
    index,
  );
}

interface Stores {
  users: ReadonlyMap<string, RawRecord>;
  items: ReadonlyMap<string, RawRecord>;
}

async function fitOn(data: TrainingData): Promise<FittedFeatures> {
  return fitFeatureStats(data.spec, trainingRows(data, 'train', new SkipReport()));
}

function trainingSide(data: TrainingData, logged: SourceRow[]): RawRow[] {
  return logged.map(
    (row) => rowFromLog(row, data.spec.layout, data.tables, 'error', new SkipReport()) as RawRow,
  );
}

describe('training/serving parity on the fixture world', () => {
  let data: TrainingData;
  let fitted: FittedFeatures;
  let logged: SourceRow[];
  // The serving stores hold JSON records, as a feature store or catalog would return them.
  const stores = {} as Stores;

  beforeAll(async () => {
    data = await openTrainingData(await loadTrainingConfig(`${FIXTURES}sim.yaml`));
    fitted = await fitOn(data);
    logged = await collect(readRows(`${FIXTURES}interactions.jsonl`));
    stores.users = await loadTable(`${FIXTURES}users.jsonl`, 'user_id');
    stores.items = await loadTable(`${FIXTURES}items.jsonl`, 'item_id');
  });

  it('encodes every logged impression to exactly the same inputs by both paths', () => {
    const train = encodeRows(fitted, trainingSide(data, logged), { labels: true });
    const serve = encodeRows(
      fitted,
      logged.map((row, i) => servingRow(fitted, row, stores, i)),
      { labels: false },
    );
    expect(train.size).toBe(10);
    expect(serve.size).toBe(10);
    expect(serve.features).toEqual(train.features);
    expect(serve.device).toEqual(train.device);
    // Guard against a vacuous pass: every input carries information.
    const informative = (values: Int32Array | Float32Array) => values.some((v) => v !== 0);
    expect(train.features.every((f) => informative(f.kind === 'numeric' ? f.values : f.indices))).toBe(true);
    expect(informative(train.device)).toBe(true);
    // The bias tower sees positions in training only; serving leaves them at 0.
    expect(list(train.position)).toEqual([1, 2, 3, 1, 2, 1, 2, 1, 3, 1]);
    expect(list(serve.position)).toEqual(new Array(10).fill(0));
  });

  it('masks the sparse rating label instead of dropping rows', () => {
    const train = encodeRows(fitted, trainingSide(data, logged), { labels: true });
    const rating = train.labels?.find((l) => l.task === 'rating');
    expect(list(rating?.mask)).toEqual([1, 0, 0, 1, 0, 0, 1, 1, 0, 1]);
    expect(list(rating?.values)).toEqual([5, 0, 0, 3, 0, 0, 4, 5, 0, 1]);
    const watch = train.labels?.find((l) => l.task === 'watch');
    expect(watch?.values[0]).toBeCloseTo(Math.log1p(200.5), 5);
  });

  it('gives the same fit and the same inputs from the CSV files, and CSV-trained rows match JSON serving rows', async () => {
    const text = readFileSync(`${FIXTURES}sim.yaml`, 'utf8').replaceAll('.jsonl', '.csv');
    const csvData = await openTrainingData(parseConfigText(text, { baseDir: FIXTURES }));
    const csvFitted = await fitOn(csvData);
    expect(csvFitted).toEqual(fitted);
    const csvLogged = await collect(readRows(`${FIXTURES}interactions.csv`));
    const fromCsv = encodeRows(csvFitted, trainingSide(csvData, csvLogged), { labels: true });
    expect(fromCsv).toEqual(encodeRows(fitted, trainingSide(data, logged), { labels: true }));
    const serve = encodeRows(
      csvFitted,
      logged.map((row, i) => servingRow(csvFitted, row, stores, i)),
      { labels: false },
    );
    expect(serve.features).toEqual(fromCsv.features);
  });

  it('treats caller-supplied candidate features like catalog attributes', () => {
    const row = logged[3] as SourceRow;
    const attributes = stores.items.get('v2');
    const fromCatalog = encodeRows(fitted, [servingRow(fitted, row, stores, 0)], { labels: false });
    const noCatalog = { users: stores.users, items: new Map<string, RawRecord>() };
    const fromCaller = encodeRows(fitted, [servingRow(fitted, row, noCatalog, 0, { features: attributes })], {
      labels: false,
    });
    expect(fromCaller.features).toEqual(fromCatalog.features);
  });

  it('encodes an item unknown at serving like an unknown item under the default policy in training', () => {
    const row: SourceRow = {
      ...(logged[0] as SourceRow),
      record: { ...logged[0]?.record, item_id: 'v-new' },
    };
    const train = rowFromLog(row, data.spec.layout, data.tables, 'default', new SkipReport()) as RawRow;
    const serve = servingRow(fitted, row, stores, 0);
    expect(encodeRows(fitted, [serve], { labels: false }).features).toEqual(
      encodeRows(fitted, [train], { labels: true }).features,
    );
  });
});

describe('lookup rule without tables', () => {
  it('reads user and item features from the log row at training and from the request at serving', async () => {
    const config = parseConfigText(
      `
data: { log: interactions.jsonl, keys: { user: user_id, item: item_id } }
features:
  - { name: user_id, source: user, type: categorical }
  - { name: item_id, source: item, type: hashed, buckets: 64 }
  - { name: device, source: user, type: categorical }
tasks: [{ name: click, kind: binary }]`,
      { baseDir: FIXTURES },
    );
    const data = await openTrainingData(config);
    const fitted = await fitOn(data);
    const logged = await collect(readRows(`${FIXTURES}interactions.jsonl`));
    const empty = { users: new Map(), items: new Map() };
    const train = encodeRows(fitted, trainingSide(data, logged), { labels: true });
    const serve = encodeRows(
      fitted,
      logged.map((row, i) => servingRow(fitted, row, empty, i)),
      { labels: false },
    );
    expect(serve.features).toEqual(train.features);
  });
});

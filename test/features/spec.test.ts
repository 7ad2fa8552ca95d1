import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { TrainingConfigError } from '../../src/features/config-check.js';
import { loadTrainingConfig, parseConfigText } from '../../src/features/parse-config.js';
import { featureSpec } from '../../src/features/training-config.js';

const EXAMPLES = new URL('../../examples/', import.meta.url).pathname;
const BASE = '/data';

/** The issues a config text raises, as `path: message` lines. */
function issuesOf(text: string): string[] {
  try {
    parseConfigText(text, { baseDir: BASE });
  } catch (error) {
    if (error instanceof TrainingConfigError) return error.issues.map((i) => `${i.path}: ${i.message}`);
    throw error;
  }
  throw new Error('expected the config to be rejected');
}

const MINIMAL = `
data: { log: log.csv }
features: [{ name: age, source: context, type: numeric }]
tasks: [{ name: click, kind: binary }]
`;

describe('example configs', () => {
  it('loads examples/simulator.yaml with paths resolved against the file', async () => {
    const config = await loadTrainingConfig(`${EXAMPLES}simulator.yaml`);
    expect(config.data.log.path).toBe(resolve(EXAMPLES, '../data/sim/interactions.jsonl'));
    expect(config.data.items).toMatchObject({ key: 'item_id', format: null });
    expect(config.features.map((f) => f.name)).toContain('recent_items');
    const bag = config.features.find((f) => f.name === 'recent_items');
    expect(bag).toMatchObject({
      type: 'bag',
      ids: { encoding: 'hashed', buckets: 4000, seed: 0 },
      maxLength: 20,
    });
    expect(config.tasks.find((t) => t.name === 'rating')).toMatchObject({
      missingLabel: 'mask',
      weight: 0.1,
    });
    expect(config.bias).toEqual({ positionColumn: 'position', deviceColumn: 'device', maxPosition: 20 });
    expect(config.model.wide).toEqual(['item_id']);
  });

  it('loads examples/census.yaml: no tables, all features from the row, two binary tasks', async () => {
    const config = await loadTrainingConfig(`${EXAMPLES}census.yaml`);
    expect(config.data.users).toBeNull();
    expect(config.data.items).toBeNull();
    expect(config.features.every((f) => f.source === 'context')).toBe(true);
    expect(config.tasks.map((t) => [t.name, t.column, t.kind])).toEqual([
      ['income', 'income_over_50k', 'binary'],
      ['married', 'married', 'binary'],
    ]);
    expect(featureSpec(config).layout).toEqual({
      userKey: null,
      itemKey: null,
      userTable: null,
      itemTable: null,
    });
  });
});

describe('defaults', () => {
  it('fills every default in a minimal config', () => {
    const config = parseConfigText(MINIMAL, { baseDir: BASE });
    expect(config.features[0]).toEqual({
      name: 'age',
      source: 'context',
      column: 'age',
      type: 'numeric',
      normalize: 'zscore',
      missing: { fill: 'mean', value: 0, indicator: false },
    });
    expect(config.tasks[0]).toEqual({
      name: 'click',
      column: 'click',
      kind: 'binary',
      weight: 1,
      group: 'engagement',
      biasTower: false,
      missingLabel: 'error',
      transform: 'none',
      loss: 'squared',
      huberDelta: 1,
    });
    expect(config.data).toMatchObject({
      log: { path: '/data/log.csv', format: null },
      validation: { kind: 'lastFraction', fraction: 0.1 },
      unknownIds: 'default',
      badValues: 'error',
    });
    expect(config.model).toEqual({
      architecture: 'mmoe',
      levels: 1,
      sharedExperts: 2,
      taskExperts: 1,
      bottomUnits: [],
      experts: 4,
      expertUnits: [64],
      towerUnits: [32],
      biasUnits: [],
      gateDropout: 0,
      inputDropout: 0,
      sharedEmbeddings: [],
      interactions: [],
      wide: [],
      wideL2: 0,
    });
    expect(config.training).toMatchObject({
      epochs: 5,
      batchSize: 512,
      learningRate: 0.001,
      positionDropout: 0.1,
      earlyStopping: 'relative',
      headPatience: 0,
      taskWeighting: 'fixed',
      gradnormAlpha: 1.5,
    });
    expect(config.data.keys.timestampUnit).toBe('auto');
  });

  it('reads JSON as well as YAML, and shorthand forms', () => {
    const json = JSON.stringify({
      data: { log: { path: 'x.txt', format: 'csv' }, validation: 'none' },
      features: [{ name: 'n', source: 'context', type: 'numeric', missing: 'zero' }],
      tasks: [{ name: 't', kind: 'regression' }],
    });
    const config = parseConfigText(json, { baseDir: BASE });
    expect(config.data.log).toEqual({ path: '/data/x.txt', format: 'csv' });
    expect(config.data.validation).toEqual({ kind: 'none' });
    expect(config.features[0]).toMatchObject({ missing: { fill: 'zero' } });
  });
});

describe('validation messages', () => {
  const features = (entry: string) => MINIMAL.replace(/features: .*/, `features: [${entry}]`);
  const tasks = (entries: string) => MINIMAL.replace(/tasks: .*/, `tasks: [${entries}]`);

  it.each([
    [
      features('{ name: a, source: context, type: categorial }'),
      'features[0].type: unknown type "categorial" (expected categorical | hashed | numeric | bag)',
    ],
    [
      features('{ name: a, source: log, type: hashed, buckets: 8 }'),
      'features[0].source: unknown source "log" (expected user | item | context)',
    ],
    [
      features('{ name: a, source: user, type: categorical, minCont: 3 }'),
      'features[0].minCont: unknown field for type "categorical" (did you mean "minCount"?)',
    ],
    [features('{ name: a, source: user, type: hashed }'), 'features[0].buckets: required'],
    [
      features('{ name: a, source: user, type: hashed, buckets: 0 }'),
      'features[0].buckets: expected an integer >= 1 and <= 10000000, got 0',
    ],
    [
      features('{ name: a, source: user, type: bag, buckets: 9, maxLength: 5, minCount: 2 }'),
      'features[0].minCount: not used with encoding "hashed"',
    ],
    [
      features('{ name: a, source: user, type: bag, maxLength: 0 }'),
      'features[0].maxLength: expected an integer >= 1 and <= 1024, got 0',
    ],
    [
      features('{ name: a, source: user, type: numeric, missing: { fill: mean, value: 3 } }'),
      'features[0].missing.value: only used with fill: constant',
    ],
    [
      features('{ name: a, source: user, type: numeric, normalize: log }'),
      'features[0].normalize: unknown value "log" (expected zscore | minmax | log1p+zscore | none)',
    ],
    [features('{ source: user, type: numeric }'), 'features[0].name: required'],
    [
      tasks('{ name: click, kind: binary }, { name: x, kind: binary }, { kind: binary }'),
      'tasks[2].name: required',
    ],
    [tasks('{ name: click }'), 'tasks[0].kind: required (expected binary | regression)'],
    [
      tasks('{ name: click, kind: binary, transform: log1p }'),
      'tasks[0].transform: only regression labels can be transformed',
    ],
    [
      tasks('{ name: click, kind: binary, missingLabel: drop }'),
      'tasks[0].missingLabel: unknown policy "drop" (expected error | skip | mask)',
    ],
    [tasks('{ name: click, kind: binary, weight: -1 }'), 'tasks[0].weight: expected a number >= 0, got -1'],
    [
      tasks('{ name: click, kind: binary, loss: huber }'),
      'tasks[0].loss: binary heads always use cross-entropy',
    ],
    [
      tasks('{ name: watch, kind: regression, loss: absolute }'),
      'tasks[0].loss: unknown loss "absolute" (expected squared | huber)',
    ],
    [
      `${MINIMAL}model: { architecture: moe }`,
      'model.architecture: unknown architecture "moe" (expected mmoe | shared-bottom | ple)',
    ],
    [`${MINIMAL}model: { experts: 0 }`, 'model.experts: expected an integer >= 1 and <= 64, got 0'],
    [`${MINIMAL}model: { towerUnits: [16, 2.5] }`, 'model.towerUnits[1]: expected an integer, got 2.5'],
    [
      `${MINIMAL}model: { towerUnits: [16, 0] }`,
      'model.towerUnits[1]: expected an integer >= 1 and <= 4096, got 0',
    ],
    [`${MINIMAL}model: { expertUnits: [] }`, 'model.expertUnits: expected 1 to 8 entries, got 0'],
    [
      `${MINIMAL}training: { learningRate: 0 }`,
      'training.learningRate: expected a number > 0 and <= 1, got 0',
    ],
    [`${MINIMAL}training: { batchSize: "big" }`, 'training.batchSize: expected an integer, got string "big"'],
    [`${MINIMAL}featurs: []`, 'featurs: unknown field (did you mean "features"?)'],
    [MINIMAL.replace('data: { log: log.csv }', ''), 'data: required'],
    [
      MINIMAL.replace('{ log: log.csv }', '{ log: log.csv, users: users.csv }'),
      'data.keys.user: required when data.users is set (the user id joins the log to it)',
    ],
    [
      MINIMAL.replace('{ log: log.csv }', '{ log: log.csv, validation: { after: 5 } }'),
      'data.keys.timestamp: required by validation.after',
    ],
    [
      MINIMAL.replace('{ log: log.csv }', '{ log: log.csv, validation: { lastFraction: 0.1, after: 5 } }'),
      'data.validation: set exactly one of lastFraction, after (or write validation: none)',
    ],
    [
      MINIMAL.replace('{ log: log.csv }', '{ log: { path: a, format: tsv } }'),
      'data.log.format: unknown format "tsv" (expected jsonl | csv)',
    ],
  ])('%#: reports %s', (text, expected) => {
    expect(issuesOf(text)).toContain(expected);
  });

  it('checks across fields once each field is valid', () => {
    const text = `
data: { log: log.jsonl, users: users.jsonl, keys: { user: user_id } }
features:
  - { name: age, source: context, type: numeric }
  - { name: age, source: user, column: age_years, type: numeric }
  - { name: clicked, source: context, column: click, type: categorical }
  - { name: click_rate, source: user, column: click, type: numeric }
tasks:
  - { name: click, kind: binary, biasTower: true }
  - { name: click, column: watch, kind: regression }
`;
    expect(issuesOf(text)).toEqual([
      'features[1].name: duplicate name "age" (also features[0])',
      'tasks[1].name: duplicate name "click" (also tasks[0])',
      // features[3] reads "click" from the user table, not the log row, so it is allowed.
      'features[2].column: "click" is the label column of tasks[0]; a label cannot also be an input',
      'tasks[0].biasTower: needs the bias section with bias.position',
    ]);
  });

  it('checks shared embedding tables and interactions against the features', () => {
    const text = `
data: { log: log.jsonl }
features:
  - { name: item_id, source: item, type: hashed, buckets: 1000, embeddingDim: 16 }
  - { name: current_item_id, source: context, type: hashed, buckets: 500 }
  - { name: recent_items, source: context, type: bag, buckets: 1000, maxLength: 5, embeddingDim: 8 }
  - { name: topic, source: item, type: categorical }
  - { name: duration, source: item, type: numeric }
tasks: [{ name: click, kind: binary }]
model:
  sharedEmbeddings: [[item_id, current_item_id, recent_items, topic], [item_id, itme]]
  interactions: [[item_id, duration], [item_id], [item_id, nope]]
  wide: [item_id, recent_items, 3]
`;
    expect(issuesOf(text)).toEqual([
      'model.interactions[1]: expected 2 names, got 1',
      'model.wide[2]: expected a feature name, got number 3',
    ]);
    const crossOnly = text.replace('[item_id], ', '').replace(', 3]', ']');
    expect(issuesOf(crossOnly)).toEqual([
      'model.sharedEmbeddings[0]: "current_item_id" hashes into 500 buckets with seed 0, "item_id" into 1000 with seed 0; a shared table needs the same',
      'model.sharedEmbeddings[0]: "recent_items" and "item_id" declare different embeddingDim',
      'model.sharedEmbeddings[0]: "topic" must be hashed (type hashed, or a bag with buckets)',
      'model.sharedEmbeddings[1]: no feature named "itme"',
      'model.interactions[0]: "duration" is numeric; only embedded features interact',
      'model.interactions[1]: no feature named "nope"',
      'model.wide[1]: "recent_items" is bag; wide inputs are single ids (categorical or hashed)',
    ]);
  });

  it('refuses a bias tower that would never see a missing position, and repeated model references', () => {
    const text = `
data: { log: log.jsonl }
features:
  - { name: item_id, source: item, type: hashed, buckets: 100, embeddingDim: 8 }
  - { name: recent_items, source: context, type: bag, buckets: 100, maxLength: 5, embeddingDim: 8 }
tasks: [{ name: click, kind: binary, biasTower: true }]
bias: { position: position }
model:
  interactions: [[item_id, recent_items], [recent_items, item_id]]
  wide: [item_id, item_id]
training: { positionDropout: 0 }
`;
    expect(issuesOf(text)).toEqual([
      'training.positionDropout: must be > 0 when a task has biasTower',
      'model.interactions[1]: listed twice',
      'model.wide[1]: "item_id" listed twice',
    ]);
  });

  it('rejects bias columns that are labels', () => {
    const text = `${MINIMAL}bias: { position: click }`;
    expect(issuesOf(text)).toEqual([
      'bias.position: "click" is the label column of tasks[0]; a label cannot also be an input',
    ]);
  });

  it('reports every field-level problem in one error message', () => {
    const text = MINIMAL.replace('kind: binary', 'kind: binar').replace('type: numeric', 'type: number');
    const error = (() => {
      try {
        parseConfigText(text, { baseDir: BASE, where: 'train.yaml' });
      } catch (e) {
        return e as Error;
      }
      return undefined;
    })();
    expect(error?.message).toBe(
      [
        'invalid training config train.yaml:',
        '  features[0].type: unknown type "number" (expected categorical | hashed | numeric | bag)',
        '  tasks[0].kind: unknown kind "binar" (expected binary | regression)',
      ].join('\n'),
    );
  });

  it('names the line and column of a YAML syntax error', () => {
    expect(issuesOf('data:\n  log: [a, b\nfeatures: []')[0]).toMatch(/^line \d+, column \d+: /);
    expect(issuesOf('a: 1\na: 2\n')[0]).toMatch(/^line 2, column 1: Map keys must be unique/);
  });
});

/** The config format fits any tabular multi-task data: a census-like table, no item or user table. */
import { describe, expect, it } from 'vitest';
import { SkipReport } from '../../src/data/skip-report.js';
import { encodeBatches } from '../../src/features/encode.js';
import { fitFeatureStats } from '../../src/features/fit.js';
import { describeInputs } from '../../src/features/fitted.js';
import { parseConfigText } from '../../src/features/parse-config.js';
import { openTrainingData, trainingRows } from '../../src/training/training-data.js';
import { FIXTURES } from '../data/helpers.js';
import { list } from './helpers.js';

const CONFIG = `
data:
  log: census.csv
  validation: { lastFraction: 0.2 }
features:
  - { name: age, source: context, type: numeric }
  - { name: hours_per_week, source: user, type: numeric, normalize: minmax }
  - { name: education, source: context, type: categorical }
  - { name: occupation, source: context, type: categorical, minCount: 2 }
  - { name: sex, source: user, type: categorical, embeddingDim: 2 }
tasks:
  - { name: income, column: income_over_50k, kind: binary }
  - { name: married, kind: binary, group: satisfaction }
`;

describe('census-like data', () => {
  it('splits by file order, fits on the training rows and encodes both tasks', async () => {
    const data = await openTrainingData(parseConfigText(CONFIG, { baseDir: FIXTURES }));
    expect(data.plan).toEqual({ kind: 'order', trainRows: 10 });
    const report = new SkipReport();
    const fitted = await fitFeatureStats(data.spec, trainingRows(data, 'train', report));
    expect(fitted.rows).toBe(10);
    expect(fitted.features.find((f) => f.spec.name === 'occupation')).toMatchObject({
      vocabulary: ['Exec-managerial', 'Handlers-cleaners', 'Prof-specialty'],
    });
    expect(describeInputs(fitted).map((i) => i.kind)).toEqual([
      'numeric',
      'numeric',
      'index',
      'index',
      'index',
    ]);
    expect(fitted.labels.map((l) => [l.task, l.mean])).toEqual([
      ['income', 0.3],
      ['married', 0.6],
    ]);

    const batches = [];
    for await (const batch of encodeBatches(fitted, trainingRows(data, 'validation', report), 64, {
      labels: true,
    })) {
      batches.push(batch);
    }
    expect(batches).toHaveLength(1);
    const [validation] = batches;
    expect(validation?.size).toBe(2);
    const occupation = validation?.features[3];
    // Row 11 has no occupation: index 0. Row 12 is Prof-specialty.
    expect(occupation?.kind === 'index' && list(occupation.indices)).toEqual([0, 3]);
    expect(validation?.labels?.map((l) => [l.task, list(l.values)])).toEqual([
      ['income', [1, 1]],
      ['married', [1, 1]],
    ]);
    expect(list(validation?.position)).toEqual([0, 0]);
    expect(report.total).toBe(0);
  });
});

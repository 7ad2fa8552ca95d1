/** The compare table: a transfer that rounds to zero is "none", not "-0.0000 negative". */
import { describe, expect, it } from 'vitest';
import { comparisonTable } from '../../src/cli/commands/compare/table.js';
import type { ComparisonReport } from '../../src/training/compare.js';

const report: ComparisonReport = {
  seed: 1,
  models: [
    { architecture: 'single', tasks: ['like'], parameters: 10, bestEpoch: 1, seconds: 1, heads: {} },
    { architecture: 'mmoe', tasks: ['like'], parameters: 20, bestEpoch: 2, seconds: 2, heads: {} },
  ],
  transfer: [
    {
      head: 'like',
      metric: 'auc',
      single: 0.68,
      byArchitecture: { mmoe: { value: 0.68000001, transfer: -0.00000001 } },
    },
    { head: 'click', metric: 'auc', single: 0.6, byArchitecture: { mmoe: { value: 0.61, transfer: 0.01 } } },
    {
      head: 'watch',
      metric: 'rmse',
      single: 1.2,
      byArchitecture: { mmoe: { value: 1.25, transfer: -0.05 } },
    },
  ],
};

describe('comparisonTable', () => {
  it('signs transfers, and calls one that rounds to zero none', () => {
    const table = comparisonTable(report);
    expect(table).toMatch(/like\s+AUC ↑\s+0\.6800\s+0\.6800\s+0\.0000 none/);
    expect(table).toMatch(/click\s+AUC ↑\s+0\.6000\s+0\.6100\s+\+0\.0100 positive/);
    expect(table).toMatch(/watch\s+RMSE ↓\s+1\.2000\s+1\.2500\s+-0\.0500 negative/);
  });
});

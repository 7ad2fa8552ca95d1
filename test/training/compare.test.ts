/**
 * `multirank compare` on a small simulated world: one single-task model per task and each
 * multi-task architecture, trained on the same split and seed; the transfer of each head is the
 * multi-task metric against its single-task model, signed so positive is better; table, JSON and
 * SVG come out of the CLI.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { selectBackend } from '../../src/engine/tfjs-backend.js';
import { simulate } from '../../src/sim/simulate.js';
import type { ComparisonReport } from '../../src/training/compare.js';
import { runCliInProcess } from '../helpers/cli-in-process.js';

const CONFIG = `
data:
  log: interactions.jsonl
  items: items.jsonl
  keys: { request: request_id, user: user_id, item: item_id, timestamp: timestamp }
  validation: { lastFraction: 0.2 }
features:
  - { name: item_id, source: item, type: categorical, embeddingDim: 4 }
  - { name: topic, source: item, type: categorical, embeddingDim: 4 }
  - { name: device, source: context, type: categorical }
tasks:
  - { name: click, kind: binary }
  - { name: watch, column: watch_seconds, kind: regression, transform: log1p }
model: { experts: 2, expertUnits: [8], towerUnits: [4] }
training: { epochs: 1, batchSize: 256, learningRate: 0.01, seed: 5 }
`;

let dir: string;
beforeAll(async () => {
  await selectBackend('wasm');
  dir = mkdtempSync(join(tmpdir(), 'multirank-compare-'));
  await simulate({ outDir: dir, users: 200, items: 100, requests: 500, seed: 4, format: 'jsonl' });
  writeFileSync(join(dir, 'config.yaml'), CONFIG);
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('multirank compare', () => {
  it('trains each task alone and each architecture, and signs the transfer so positive is better', async () => {
    const out = join(dir, 'compare.json');
    const svg = join(dir, 'compare.svg');
    const result = await runCliInProcess([
      'compare',
      '--config',
      join(dir, 'config.yaml'),
      '--out',
      out,
      '--svg',
      svg,
    ]);
    expect(result.error).toBeUndefined();
    const report = JSON.parse(readFileSync(out, 'utf8')) as ComparisonReport;
    expect(report.models.map((m) => [m.architecture, m.tasks])).toEqual([
      ['single', ['click']],
      ['single', ['watch']],
      ['shared-bottom', ['click', 'watch']],
      ['mmoe', ['click', 'watch']],
      ['ple', ['click', 'watch']],
    ]);
    for (const model of report.models) expect(model.parameters).toBeGreaterThan(0);
    const [click, watch] = report.transfer;
    expect(click).toMatchObject({ head: 'click', metric: 'auc' });
    expect(watch).toMatchObject({ head: 'watch', metric: 'rmse' });
    const mmoe = report.models.find((m) => m.architecture === 'mmoe')!;
    expect(click!.byArchitecture.mmoe!.transfer).toBeCloseTo(mmoe.heads.click!.value! - click!.single!, 12);
    // RMSE: a lower multi-task error is a positive transfer.
    expect(watch!.byArchitecture.mmoe!.transfer).toBeCloseTo(watch!.single! - mmoe.heads.watch!.value!, 12);
    expect(result.stdout).toContain('transfer (mmoe)');
    expect(result.stdout).toContain('transfer (ple)');
    expect(result.stdout).toMatch(/click\s+AUC ↑/);
    expect(readFileSync(svg, 'utf8')).toMatch(
      /^<svg[^>]*>[\s\S]*<title>mmoe click: [-0-9.]+<\/title>[\s\S]*<\/svg>\n$/,
    );
  });

  it('refuses an unknown architecture naming the flag', async () => {
    const result = await runCliInProcess([
      'compare',
      '--config',
      join(dir, 'config.yaml'),
      '--architectures',
      'moe',
    ]);
    expect(result.error?.message).toContain('--architectures: unknown "moe"');
  });
});

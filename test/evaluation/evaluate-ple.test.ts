/**
 * PLE end to end: `train` on a small simulated world writes a bundle whose ONNX graph serving
 * accepts (it checks it against TF.js within 1e-4), with gate diagnostics in metrics.json, and
 * `evaluate` reads each head's gate over its own and the shared experts.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { evaluationSvg } from '../../src/cli/commands/evaluate/plot-svg.js';
import { evaluationTable } from '../../src/cli/commands/evaluate/table.js';
import { selectBackend } from '../../src/engine/tfjs-backend.js';
import { openEvaluationInputs, openEvaluationModel } from '../../src/evaluation/evaluate-inputs.js';
import { evaluateModel } from '../../src/evaluation/evaluate-model.js';
import type { SplitEvaluation } from '../../src/evaluation/evaluate-split.js';
import { loadServedModel } from '../../src/ranking/served-model.js';
import { type TrainingReport, train } from '../../src/training/trainer.js';
import { makeWorld, worldConfig } from './evaluate-fixture.js';

let dir: string;
let report: TrainingReport;

beforeAll(async () => {
  await selectBackend('wasm');
  dir = mkdtempSync(join(tmpdir(), 'multirank-ple-'));
  await makeWorld(dir, 300);
  const config = worldConfig(dir, {
    architecture: 'ple',
    epochs: 1,
    model: 'levels: 2, sharedExperts: 2, taskExperts: 1, gateDropout: 0.1',
  });
  report = await train(config, { outDir: join(dir, 'ple') });
}, 180_000);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('a PLE bundle', () => {
  it('is served on ONNX Runtime, which agreed with TF.js on the warm-up rows', async () => {
    const served = await loadServedModel(join(dir, 'ple'));
    try {
      expect(served.engine).toBe('onnx');
    } finally {
      served.dispose();
    }
  });

  it('reports each head gate over its own expert and the two shared ones, in metrics.json too', () => {
    const gates = report.validation.gates!;
    expect(gates.heads.map((h) => h.name)).toEqual(['click', 'watch', 'like']);
    for (const head of gates.heads) {
      expect(head.utilisation).toHaveLength(3);
      expect(head.utilisation.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 4);
      expect(head.entropy).toBeGreaterThan(0);
      expect(head.entropy).toBeLessThanOrEqual(1);
    }
    expect(Array.isArray(gates.warnings)).toBe(true);
    const metrics = JSON.parse(readFileSync(join(dir, 'ple', 'metrics.json'), 'utf8')) as {
      validation: SplitEvaluation;
    };
    expect(metrics.validation.gates).toEqual(gates);
  });

  it('shows the gate diagnostics in `evaluate`, telling own experts from shared ones', async () => {
    const model = await openEvaluationModel(join(dir, 'ple'), { engine: 'onnx', onnxThreads: 1 });
    try {
      const evaluation = await evaluateModel(
        model,
        await openEvaluationInputs(model, { data: join(dir, 'interactions.jsonl'), groundTruth: false }),
      );
      expect(evaluation.model.architecture).toBe('ple');
      expect(evaluation.gates).toMatchObject({ experts: 3, ownExperts: 1 });
      const table = evaluationTable(evaluation);
      expect(table).toMatch(/gate utilisation \(mean weight per expert\) and entropy/);
      expect(table).toMatch(/\n {2}click\s+entropy 0\.\d\d {2}0\.\d\d 0\.\d\d 0\.\d\d\n/);
      expect(table).toContain("(PLE: expert 0 is each head's own, experts 1–2 are shared)");
      const svg = evaluationSvg(evaluation);
      expect(svg).toContain('>own 0<');
      expect(svg).toContain('>shared 1<');
    } finally {
      await model.engine.dispose();
    }
  });
});

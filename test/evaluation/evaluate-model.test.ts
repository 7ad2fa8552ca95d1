import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { evaluationSvg } from '../../src/cli/commands/evaluate/plot-svg.js';
import { describeProfile } from '../../src/combination/compile.js';
import { parseWeights } from '../../src/combination/head-weights.js';
import type { EngineChoice } from '../../src/engine/names.js';
import { selectBackend } from '../../src/engine/tfjs-backend.js';
import {
  type EvaluationFiles,
  openEvaluationInputs,
  openEvaluationModel,
} from '../../src/evaluation/evaluate-inputs.js';
import {
  type EvaluateModelOptions,
  evaluateModel,
  type ModelEvaluation,
} from '../../src/evaluation/evaluate-model.js';
import { train } from '../../src/training/trainer.js';
import { makeWorld, untrainedBundle, worldConfig } from './evaluate-fixture.js';

let dir: string;
let log: Record<string, unknown>[];
let truth: Record<string, unknown>[];
let trained: ModelEvaluation;
let constant: ModelEvaluation;

const readJsonl = (file: string) =>
  readFileSync(file, 'utf8')
    .split('\n')
    .filter((line) => line !== '')
    .map((line) => JSON.parse(line) as Record<string, unknown>);

async function evaluate(
  model: string,
  files: EvaluationFiles,
  options: EvaluateModelOptions = {},
  engine: EngineChoice = 'auto',
) {
  const opened = await openEvaluationModel(join(dir, model), { engine, onnxThreads: 1 });
  try {
    return await evaluateModel(opened, await openEvaluationInputs(opened, files), options);
  } finally {
    await opened.engine.dispose();
  }
}

/** NDCG@10 of the logged order (file order within each request), counted by hand. */
function loggedNdcg(gain: (i: number) => number): number {
  const groups = new Map<string, number[]>();
  log.forEach((row, i) => {
    const id = String(row.request_id);
    groups.set(id, [...(groups.get(id) ?? []), gain(i)]);
  });
  const dcg = (gains: number[]) =>
    gains.slice(0, 10).reduce((sum, g, rank) => sum + (2 ** g - 1) / Math.log2(rank + 2), 0);
  const values = [...groups.values()]
    .filter((gains) => gains.some((g) => g > 0))
    .map((gains) => dcg(gains) / dcg([...gains].sort((a, b) => b - a)));
  return values.reduce((a, b) => a + b, 0) / values.length;
}

beforeAll(async () => {
  await selectBackend('wasm');
  dir = mkdtempSync(join(tmpdir(), 'multirank-evaluate-'));
  await makeWorld(dir, 600);
  log = readJsonl(join(dir, 'interactions.jsonl'));
  truth = readJsonl(join(dir, 'ground_truth.jsonl'));
  await train(worldConfig(dir), { outDir: join(dir, 'trained') });
  await untrainedBundle(join(dir, 'zero'), worldConfig(dir), true);
  await untrainedBundle(join(dir, 'shared'), worldConfig(dir, { architecture: 'shared-bottom' }), false);
  const data = join(dir, 'interactions.jsonl');
  trained = await evaluate(
    'trained',
    { data, baselineLog: data },
    { profile: { form: 'sum', weights: { click: 1, like: 0.5 } } },
  );
  constant = await evaluate('zero', { data });
}, 180_000);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('evaluateModel', () => {
  it('measures every head in the label space it was trained in, on every row', () => {
    expect(trained.data.rows).toBe(log.length);
    const [click, watch, like] = trained.heads;
    expect(trained.heads.map((h) => [h.name, h.kind, h.labelSpace])).toEqual([
      ['click', 'binary', 'raw'],
      ['watch', 'regression', 'log1p'],
      ['like', 'binary', 'raw'],
    ]);
    const mean = (f: (row: Record<string, unknown>) => number) =>
      log.reduce((s, r) => s + f(r), 0) / log.length;
    expect(click!.meanLabel).toBeCloseTo(
      mean((r) => Number(r.click)),
      10,
    );
    expect(watch!.meanLabel).toBeCloseTo(
      mean((r) => Math.log1p(Number(r.watch_seconds))),
      4,
    );
    expect(click!.model.auc).toBeGreaterThan(0.5);
    expect(watch!.model.rmse).toBeGreaterThan(0);
    expect(watch!.calibration).toBeNull();
    // Calibration: quantile bins holding every row, and the ECE is their count-weighted gap.
    const bins = like!.calibration!.bins;
    expect(bins.length).toBeGreaterThan(1);
    expect(bins.length).toBeLessThanOrEqual(10);
    expect(bins.reduce((s, b) => s + b.count, 0)).toBe(log.length);
    const gap = bins.reduce((s, b) => s + b.count * Math.abs(b.meanPredicted - b.observedRate), 0);
    expect(like!.calibration!.expectedCalibrationError).toBeCloseTo(gap / log.length, 10);
    expect(click!.baseline?.auc).toBeGreaterThan(0.5);
  });

  it('scores on ONNX Runtime as serving does, with the same figures as TF.js', async () => {
    const data = join(dir, 'interactions.jsonl');
    const profile = { form: 'sum' as const, weights: { click: 1, like: 0.5 } };
    const onTfjs = await evaluate('trained', { data, baselineLog: data }, { profile }, 'tfjs');
    expect(onTfjs.loss).toBeCloseTo(trained.loss, 5);
    // Predictions agree within 1e-6; a rank metric moves by one pair's weight when two
    // predictions that differ by less than that swap, hence 4 digits for AUC and NDCG.
    trained.heads.forEach((head, k) => {
      const other = onTfjs.heads[k]!;
      expect(other.name).toBe(head.name);
      for (const [metric, value] of Object.entries(head.model))
        expect(other.model[metric as keyof typeof other.model], `${head.name} ${metric}`).toBeCloseTo(
          value as number,
          4,
        );
    });
    for (const [k, gain] of (trained.ranking?.gains ?? []).entries()) {
      expect(onTfjs.ranking?.gains[k]?.model, gain.gain).toBeCloseTo(gain.model, 4);
    }
    expect(onTfjs.ranking?.gains.length).toBe(trained.ranking?.gains.length);
  });

  it('correlates each head with its unbiased truth column', () => {
    const [click, watch, like] = trained.heads;
    expect([click!.truth?.column, watch!.truth?.column, like!.truth?.column]).toEqual([
      'p_click',
      'expected_watch_seconds',
      'p_like',
    ]);
    for (const head of trained.heads) {
      expect(head.truth!.rows).toBe(truth.length);
      expect(Math.abs(head.truth!.spearman)).toBeLessThanOrEqual(1);
    }
    expect(click!.truth!.spearman).toBeGreaterThan(0);
  });

  it('correlates each head with its truth within each request too', () => {
    for (const head of trained.heads) {
      // Every request of the world is a slate of distinct items.
      expect(head.truth!.requests).toBe(600);
      expect(Math.abs(head.truth!.withinRequest!)).toBeLessThanOrEqual(1);
    }
    expect(trained.heads[0]!.truth!.withinRequest).toBeGreaterThan(0);
    // A constant scorer orders no slate: no request counts.
    for (const head of constant.heads) expect(head.truth).toMatchObject({ withinRequest: null, requests: 0 });
  });

  it('reports NDCG@10 of the logged order as counted by hand, next to the model and popularity', () => {
    const ranking = trained.ranking!;
    expect(describeProfile(ranking.profile)).toBe('1·click + 0.5·like');
    expect(ranking.requests).toBe(600);
    expect(ranking.gains.map((g) => `${g.gain}/${g.source}`)).toEqual([
      'click/label',
      'like/label',
      'p_click/truth',
      'p_like/truth',
    ]);
    const byGain = Object.fromEntries(ranking.gains.map((g) => [g.gain, g]));
    expect(byGain.click!.logged).toBeCloseTo(
      loggedNdcg((i) => Number(log[i]!.click)),
      10,
    );
    // Truth values are kept as float32, hence the looser match.
    expect(byGain.p_click!.logged).toBeCloseTo(
      loggedNdcg((i) => Number(truth[i]!.p_click)),
      6,
    );
    expect(byGain.p_click!.requests).toBe(600);
    for (const g of ranking.gains) {
      expect(g.model).toBeGreaterThan(0);
      expect(g.model).toBeLessThanOrEqual(1);
      expect(g.popularity).toBeGreaterThan(0);
    }
  });

  it('gives a constant scorer the logged order, AUC 0.5 and uniform gates', () => {
    for (const g of constant.ranking!.gains) expect(g.model).toBe(g.logged);
    const click = constant.heads[0]!;
    expect(click.model.auc).toBe(0.5);
    // One prediction for every row: one calibration bin (ties are never split).
    expect(click.calibration!.bins.map((b) => b.count)).toEqual([log.length]);
    expect(click.baseline).toBeNull();
    expect(constant.ranking!.gains.every((g) => g.popularity === null)).toBe(true);
    expect(constant.gates!.experts).toBe(3);
    expect(constant.gates!.ownExperts).toBeNull();
    for (const head of constant.gates!.heads) {
      for (const g of head.utilisation) expect(g).toBeCloseTo(1 / 3, 4);
      // Zero weights make every gate exactly uniform on every row: the diagnostics must say so.
      expect(head.entropy).toBeCloseTo(1, 5);
    }
    expect(constant.gates!.warnings).toEqual(
      ['click', 'watch', 'like'].map(
        (head) =>
          `gate of ${head} near uniform (normalised entropy 1.000 > 0.95): its experts are not specialising`,
      ),
    );
  });

  it('leaves gates out for a shared-bottom bundle, and the SVG draws one curve per binary head', async () => {
    const shared = await evaluate('shared', { data: join(dir, 'interactions.jsonl'), groundTruth: false });
    expect(shared.gates).toBeNull();
    expect(shared.heads.every((h) => h.truth === null)).toBe(true);
    for (const [evaluation, gatePanel] of [
      [shared, false],
      [trained, true],
    ] as const) {
      const svg = evaluationSvg(evaluation);
      expect(svg.startsWith('<svg xmlns="http://www.w3.org/2000/svg"')).toBe(true);
      expect(svg.trimEnd().endsWith('</svg>')).toBe(true);
      expect(svg.match(/<polyline /g)).toHaveLength(2);
      expect(svg.match(/<text /g)?.length).toBe(svg.match(/<\/text>/g)?.length);
      expect(svg.includes('Gate utilisation')).toBe(gatePanel);
    }
  });
});

describe('weights', () => {
  const heads = [
    { name: 'click', kind: 'binary' as const },
    { name: 'watch', kind: 'regression' as const },
  ];
  it('parses head=weight lists', () => {
    expect(parseWeights('click=1, watch=-0.25', heads)).toEqual({ click: 1, watch: -0.25 });
  });
  it.each([
    ['clik=1', /unknown head "clik" \(this model's heads: click, watch\)/],
    ['click=abc', /weight of "click" must be a number, got "abc"/],
    ['click=1,click=2', /head "click" is given twice/],
    ['click', /"click" is not head=weight/],
    ['click=0', /at least one weight must be non-zero/],
    ['', /expected head=weight pairs/],
  ])('rejects %j', (text, message) => {
    expect(() => parseWeights(text, heads)).toThrow(message);
  });
  it('are checked against the model before scoring', async () => {
    await expect(
      evaluate(
        'zero',
        { data: join(dir, 'interactions.jsonl') },
        { profile: { form: 'sum', weights: { likes: 1 } } },
      ),
    ).rejects.toThrow(/unknown head "likes" \(this model's heads: click, watch, like\)/);
  });
});

describe('ground truth alignment', () => {
  const lines = () => readFileSync(join(dir, 'ground_truth.jsonl'), 'utf8').split('\n').slice(0, 10);
  const small = (name: string, truthLines: string[]) => {
    const sub = join(dir, name);
    mkdirSync(sub, { recursive: true });
    const logLines = readFileSync(join(dir, 'interactions.jsonl'), 'utf8').split('\n').slice(0, 10);
    writeFileSync(join(sub, 'log.jsonl'), `${logLines.join('\n')}\n`);
    writeFileSync(join(sub, 'ground_truth.jsonl'), `${truthLines.join('\n')}\n`);
    return evaluate('zero', { data: join(sub, 'log.jsonl') });
  };

  it('reads ground_truth.jsonl beside the log by default', async () => {
    const evaluation = await small('aligned', lines());
    expect(evaluation.data.groundTruth).toBe(join(dir, 'aligned', 'ground_truth.jsonl'));
    expect(evaluation.heads[0]!.truth?.rows).toBe(10);
  });

  it('names the first row whose ids differ', async () => {
    const altered = lines();
    altered[4] = altered[4]!.replace(/"item_id":"[^"]+"/, '"item_id":"nope"');
    await expect(small('altered', altered)).rejects.toThrow(
      /altered\/ground_truth\.jsonl:5: item_id "nope" but .*log\.jsonl:5 has item_id "i\d+"; the ground truth must list the same impressions/,
    );
  });

  it('refuses a truth file shorter or longer than the log', async () => {
    await expect(small('short', lines().slice(0, 9))).rejects.toThrow(
      /log\.jsonl:10: the ground truth ends after 9 rows/,
    );
    const longer = readFileSync(join(dir, 'ground_truth.jsonl'), 'utf8').split('\n').slice(0, 11);
    await expect(small('long', longer)).rejects.toThrow(/ground_truth\.jsonl:11: the log ends after 10 rows/);
  });
});

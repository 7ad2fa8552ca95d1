/**
 * The sweep's grid, its profiles and the trade-off figures on two hand-made requests of three
 * rows, where each profile's top item can be worked out on paper.
 */
import { describe, expect, it } from 'vitest';
import { parseSweepAxes, parseSweepGrid, sweepProfiles } from '../../src/evaluation/profile-sweep.js';
import type { CollectedScores } from '../../src/evaluation/score-collector.js';
import { sweepPoints } from '../../src/evaluation/sweep-report.js';
import type { TaskDef } from '../../src/features/spec.js';

const task = (name: string, group: TaskDef['group']): TaskDef => ({
  name,
  column: name,
  kind: 'binary',
  weight: 1,
  group,
  biasTower: false,
  missingLabel: 'error',
  transform: 'none',
  loss: 'squared',
  huberDelta: 1,
});
const TASKS = [task('click', 'engagement'), task('like', 'satisfaction')];
const f32 = (values: number[]) => Float32Array.from(values);

/** Requests A (rows 0–2) and B (rows 3–5), and a row without a request (6) that no figure may use. */
function scores(withTruth: boolean): CollectedScores {
  return {
    rows: 7,
    heads: [
      {
        predictions: f32([0.9, 0.5, 0.1, 0.3, 0.6, 0.2, 1]),
        labels: f32([1, 0, 0, 0, 1, 0, 1]),
        masks: f32([1, 1, 1, 1, 1, 1, 1]),
      },
      {
        predictions: f32([0, 0.2, 0.7, 0.5, 0, 0.1, 1]),
        labels: f32([0, 0, 1, 1, 0, 0, 1]),
        masks: f32([1, 1, 1, 0, 1, 1, 1]),
      },
    ],
    requests: ['A', 'A', 'A', 'B', 'B', 'B', ''],
    truth: withTruth
      ? new Map([
          ['p_click', Float32Array.from([0.8, 0.4, 0.2, 0.3, 0.5, 0.1, 9].map(Math.fround))],
          ['p_like', Float32Array.from([0.01, 0.1, 0.3, 0.2, 0, 0.05, 9].map(Math.fround))],
        ])
      : new Map(),
    baseline: null,
  };
}

const HEADS = TASKS.map((t) => ({ name: t.name, kind: t.kind, transform: t.transform, group: t.group }));
const AXES = parseSweepAxes(undefined, HEADS);

describe('the sweep grid', () => {
  it('expands every combination over the base, first head slowest', () => {
    const grid = parseSweepGrid('click=1,-1; like=0,1,2', HEADS);
    expect(grid).toEqual([
      { head: 'click', values: [1, -1] },
      { head: 'like', values: [0, 1, 2] },
    ]);
    const { profiles, skipped } = sweepProfiles({ form: 'sum', weights: { click: 1 } }, grid, HEADS);
    expect(skipped).toBe(0);
    expect(profiles.map((p) => p.name)).toEqual([
      'click=1 like=0',
      'click=1 like=1',
      'click=1 like=2',
      'click=-1 like=0',
      'click=-1 like=1',
      'click=-1 like=2',
    ]);
    expect(profiles[1]!.profile).toEqual({ form: 'sum', weights: { click: 1, like: 1 } });
  });

  it('keeps the base weights of heads left out, leaves out all-zero combinations, and takes another form', () => {
    const { profiles, skipped } = sweepProfiles(
      { form: 'sum', weights: { click: 0 } },
      parseSweepGrid('like=0,0.5', HEADS),
      HEADS,
      'product',
    );
    expect(skipped).toBe(1);
    expect(profiles).toEqual([
      { name: 'like=0.5', profile: { form: 'product', weights: { click: 0, like: 0.5 } } },
    ]);
  });

  it.each([
    ['likes=1', /unknown head "likes" \(this model's heads: click, like\)/],
    ['like=1;like=2', /head "like" is given twice/],
    ['like=1,x', /weight of "like" must be a number, got "x"/],
    ['like=1,,2', /weight of "like" must be a number, got ""/],
    ['like', /"like" is not head=v1,v2,\.\.\./],
    ['', /expected head=values/],
    [
      `click=${Array.from({ length: 40 }, (_, i) => i).join(',')};like=${Array.from({ length: 30 }, (_, i) => i).join(',')}`,
      /the grid makes 1200 profiles; at most 1000/,
    ],
  ])('rejects %j', (text, message) => {
    expect(() => parseSweepGrid(text, HEADS)).toThrow(message);
  });

  it('reads the axes: first engagement and satisfaction head by default, "-" for lower is better', () => {
    expect(AXES).toEqual({
      engagement: { head: 'click', better: 'higher' },
      satisfaction: { head: 'like', better: 'higher' },
    });
    expect(parseSweepAxes('like,-click', HEADS)).toEqual({
      engagement: { head: 'like', better: 'higher' },
      satisfaction: { head: 'click', better: 'lower' },
    });
    expect(() => parseSweepAxes('click', HEADS)).toThrow(/expected two heads/);
    expect(() => parseSweepAxes('click,-dismiss', HEADS)).toThrow(/unknown head "dismiss"/);
  });
});

describe('sweepPoints', () => {
  const grid = parseSweepGrid('click=1,-1;like=0,1,2', HEADS);
  const { profiles } = sweepProfiles({ form: 'sum', weights: { click: 1 } }, grid, HEADS);

  it('reads the truth of each request’s top k and marks the Pareto front', () => {
    const result = sweepPoints(scores(true), TASKS, profiles, { k: 1, axes: AXES });
    expect(result.requests).toBe(2);
    expect(result.metrics).toEqual([
      { head: 'click', group: 'engagement', source: 'truth', column: 'p_click' },
      { head: 'like', group: 'satisfaction', source: 'truth', column: 'p_like' },
    ]);
    // Top rows by hand: click only → A0, B4; like=1 → A0, B3;
    // like=2 → A2, B3; click=-1 → A2, B5; click=-1 with likes → A2, B3.
    const expected = [
      ['click=1 like=0', 0.65, 0.005, true],
      ['click=1 like=1', 0.55, 0.105, true],
      ['click=1 like=2', 0.25, 0.25, true],
      ['click=-1 like=0', 0.15, 0.175, false],
      ['click=-1 like=1', 0.25, 0.25, true],
      ['click=-1 like=2', 0.25, 0.25, true],
    ] as const;
    result.profiles.forEach((point, i) => {
      const [name, click, like, pareto] = expected[i]!;
      expect(point.name).toBe(name);
      expect(point.values.click).toBeCloseTo(click, 6);
      expect(point.values.like).toBeCloseTo(like, 6);
      expect(point.pareto).toBe(pareto);
    });
    const [logged, random] = result.references;
    expect(logged!.name).toBe('logged order');
    expect(logged!.values.click).toBeCloseTo(0.55, 6);
    expect(logged!.values.like).toBeCloseTo(0.105, 6);
    expect(random!.values.click).toBeCloseTo(2.3 / 6, 6);
    expect(random!.values.like).toBeCloseTo(0.66 / 6, 6);
  });

  it('falls back to the observed labels, counting only labelled rows', () => {
    const result = sweepPoints(scores(false), TASKS, profiles.slice(2, 3), { k: 1, axes: AXES });
    expect(result.metrics.map((m) => [m.source, m.column])).toEqual([
      ['label', 'click'],
      ['label', 'like'],
    ]);
    // like=2 puts A2 and B3 on top: clicks 0 and 0; like 1 on A2, and B3's like is masked.
    expect(result.profiles[0]!.values).toEqual({ click: 0, like: 1 });
  });
});

/**
 * Experiment validation (errors name the field) and assignment (shares, stability, exclusivity,
 * force, and who moves when allocations change).
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { MultirankError } from '../../src/errors.js';
import { withBucketRanges } from '../../src/experiments/bucket-ranges.js';
import { allocationBounds, variantBucket, variantIndex } from '../../src/experiments/bucketing.js';
import { createAssigner, parseExperiment, parseExperimentList } from '../../src/experiments/definitions.js';
import type { Experiment } from '../../src/experiments/types.js';
import { killAfterTest } from '../helpers/process.js';
import { rejection } from '../helpers/rejection.js';

const sum = (weights: Record<string, number>) => ({ form: 'sum' as const, weights });

/** A valid definition body (without id), overridable per test. */
function body(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    salt: 'likes-2024',
    status: 'running',
    traffic: 0.5,
    control: 'control',
    variants: [
      { name: 'control', allocation: 1, profile: sum({ click: 1 }) },
      {
        name: 'more-likes',
        allocation: 1,
        profile: {
          form: 'product',
          weights: { click: 1, like: 0.5 },
          transforms: { watch: { clamp: [0, 600] } },
        },
      },
    ],
    ...overrides,
  };
}

function experiment(id: string, overrides: Record<string, unknown> = {}): Experiment {
  return parseExperiment(id, body({ salt: id, ...overrides }));
}

const variants = (list: unknown[]) => body({ variants: list, control: undefined });

describe('parseExperiment', () => {
  it('accepts a full definition and defaults the salt to the id', () => {
    const parsed = parseExperiment('likes', body({ salt: undefined }));
    expect(parsed).toMatchObject({ id: 'likes', salt: 'likes', status: 'running', traffic: 0.5 });
    expect(parsed.variants[1]?.profile.transforms).toEqual({ watch: { clamp: [0, 600] } });
  });

  it.each([
    ['id', () => parseExperiment('has space', body())],
    ['status', () => parseExperiment('x', body({ status: 'paused' }))],
    ['traffic', () => parseExperiment('x', body({ traffic: 1.5 }))],
    ['traffic', () => parseExperiment('x', body({ traffic: Number.NaN }))],
    ['salt', () => parseExperiment('x', body({ salt: '' }))],
    ['control', () => parseExperiment('x', body({ control: 'nobody' }))],
    ['experiment', () => parseExperiment('x', body({ trafic: 0.5 }))],
    ['variants', () => parseExperiment('x', variants([]))],
    [
      'variants',
      () => parseExperiment('x', variants([{ name: 'a', allocation: 0, profile: sum({ click: 1 }) }])),
    ],
    [
      'variants[0].allocation',
      () => parseExperiment('x', variants([{ name: 'a', allocation: -1, profile: sum({ click: 1 }) }])),
    ],
    [
      'variants[0]',
      () => parseExperiment('x', variants([{ name: 'a', alocation: 1, profile: sum({ click: 1 }) }])),
    ],
    [
      'variants[1].name',
      () =>
        parseExperiment(
          'x',
          variants([
            { name: 'a', allocation: 1, profile: sum({ click: 1 }) },
            { name: 'a', allocation: 1, profile: sum({ click: 1 }) },
          ]),
        ),
    ],
    [
      'variants[0].profile.form',
      () =>
        parseExperiment(
          'x',
          variants([{ name: 'a', allocation: 1, profile: { form: 'max', weights: { click: 1 } } }]),
        ),
    ],
    [
      'variants[0].profile.weights.like',
      () =>
        parseExperiment(
          'x',
          variants([{ name: 'a', allocation: 1, profile: sum({ like: Number.POSITIVE_INFINITY }) }]),
        ),
    ],
    [
      'variants[0].profile.weights',
      () => parseExperiment('x', variants([{ name: 'a', allocation: 1, profile: sum({}) }])),
    ],
    [
      'variants[0].profile.transforms.watch.clamp',
      () =>
        parseExperiment(
          'x',
          variants([
            {
              name: 'a',
              allocation: 1,
              profile: { ...sum({ click: 1 }), transforms: { watch: { clamp: [5, 1] } } },
            },
          ]),
        ),
    ],
    [
      'variants[0].profile.transforms.watch',
      () =>
        parseExperiment(
          'x',
          variants([
            { name: 'a', allocation: 1, profile: { ...sum({ click: 1 }), transforms: { watch: 'sqrt' } } },
          ]),
        ),
    ],
  ])('names %s in the 400 message', (field, run) => {
    expect(rejection(run).startsWith(`${field}: `)).toBe(true);
  });

  it.each([0.00005, 0.33333, 0.12345678])('refuses traffic %d, off the 1/10 000 grid', (traffic) => {
    expect(rejection(() => parseExperiment('x', body({ traffic })))).toBe(
      `traffic: must be a multiple of 0.0001, got ${traffic}`,
    );
  });

  it.each([0, 0.0001, 0.0003, 0.1, 0.3, 0.7, 0.9999, 1])(
    'accepts traffic %d (inexact in binary or not)',
    (traffic) => {
      expect(parseExperiment('x', body({ traffic })).traffic).toBe(traffic);
    },
  );

  it('takes bucket ranges and off-grid traffic only from the store', () => {
    const buckets = { control: [[0, 5000]], 'more-likes': [[5000, 10_000]] };
    expect(rejection(() => parseExperiment('x', body({ buckets })))).toMatch(
      /^experiment: unknown key "buckets"/,
    );
    const stored = parseExperiment('x', body({ buckets, traffic: 0.33333 }), { stored: true });
    expect(stored).toMatchObject({ buckets, traffic: 0.33333 });
    // The former option name still means "read back from the store" (the CLI report uses it).
    expect(parseExperiment('x', body({ buckets }), { keepUpdatedAt: true }).buckets).toEqual(buckets);
    const skewed = { control: [[0, 4000]], 'more-likes': [[4000, 10_000]] };
    expect(rejection(() => parseExperiment('x', body({ buckets: skewed }), { stored: true }))).toMatch(
      /^buckets\.control: owns 4000 buckets, but its allocation gives it 5000/,
    );
  });

  it('lets the injected profile check reject heads the model lacks, naming the field', () => {
    const checked: string[] = [];
    const checkProfile = (profile: { weights: Record<string, number> }, field: string) => {
      checked.push(field);
      const unknown = Object.keys(profile.weights).find((head) => !['click', 'like'].includes(head));
      if (unknown)
        throw new MultirankError(
          'BAD_REQUEST',
          `${field}.weights.${unknown}: model has no head "${unknown}"`,
        );
    };
    expect(() => parseExperiment('x', body(), { checkProfile })).not.toThrow();
    expect(checked).toEqual(['variants[0].profile', 'variants[1].profile']);
    const bad = body({
      variants: [{ name: 'a', allocation: 1, profile: sum({ dwell: 1 }) }],
      control: undefined,
    });
    expect(rejection(() => parseExperiment('x', bad, { checkProfile }))).toMatch(
      /^variants\[0\]\.profile\.weights\.dwell: /,
    );
  });
});

describe('parseExperimentList', () => {
  it('prefixes errors with the entry and rejects repeated ids', () => {
    expect(parseExperimentList({ experiments: [{ id: 'a', ...body() }] })).toHaveLength(1);
    expect(
      rejection(() => parseExperimentList({ experiments: [{ id: 'a', ...body({ traffic: 2 }) }] })),
    ).toMatch(/^experiments\[0\]\.traffic: /);
    const twice = {
      experiments: [
        { id: 'a', ...body() },
        { id: 'a', ...body() },
      ],
    };
    expect(rejection(() => parseExperimentList(twice))).toMatch(/^experiments\[1\]\.id: "a" appears twice/);
    expect(rejection(() => parseExperimentList([]))).toMatch(/^experiments: /);
  });
});

const USERS = 100_000;
const userIds = Array.from({ length: USERS }, (_, i) => `user-${i}`);

/** Counts by "experiment/variant" (or "default") over the test users. */
function tally(experiments: Experiment[]): Map<string, number> {
  const assigner = createAssigner(experiments);
  const counts = new Map<string, number>();
  for (const id of userIds) {
    const a = assigner.assign(id);
    const key = a ? `${a.experimentId}/${a.variant}` : 'default';
    counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  return counts;
}

/** |observed − n·p| within 5 binomial standard deviations. */
function expectShare(observed: number | undefined, p: number, n = USERS): void {
  const tolerance = 5 * Math.sqrt(n * p * (1 - p));
  expect(Math.abs((observed ?? 0) - n * p)).toBeLessThanOrEqual(tolerance);
}

describe('assignment', () => {
  const allocations = (a: number, b: number, c: number) => ({
    control: undefined,
    variants: [
      { name: 'a', allocation: a, profile: sum({ click: 1 }) },
      { name: 'b', allocation: b, profile: sum({ click: 1, like: 1 }) },
      { name: 'c', allocation: c, profile: sum({ like: 1 }) },
    ],
  });

  it('splits traffic and allocations within tolerance over 100k users', () => {
    const counts = tally([experiment('e1', { traffic: 0.3, ...allocations(1, 1, 2) })]);
    expectShare(counts.get('default'), 0.7);
    expectShare(counts.get('e1/a'), 0.3 * 0.25);
    expectShare(counts.get('e1/b'), 0.3 * 0.25);
    expectShare(counts.get('e1/c'), 0.3 * 0.5);
  });

  it('assigns nobody at traffic 0, or when not running, and everybody at traffic 1', () => {
    expect(tally([experiment('e1', { traffic: 0 })])).toEqual(new Map([['default', USERS]]));
    expect(tally([experiment('e1', { traffic: 1, status: 'draft' })])).toEqual(new Map([['default', USERS]]));
    expect(tally([experiment('e1', { traffic: 1, status: 'stopped' })])).toEqual(
      new Map([['default', USERS]]),
    );
    expect(tally([experiment('e1', { traffic: 1 })]).get('default')).toBeUndefined();
  });

  it('gives a user the same variant on every call and every rebuild', () => {
    const defs = [experiment('e1', { traffic: 0.8 })];
    const first = createAssigner(defs);
    const second = createAssigner(defs.map((d) => structuredClone(d)));
    for (const id of userIds.slice(0, 2000)) {
      const a = first.assign(id);
      expect(first.assign(id)).toEqual(a);
      expect(second.assign(id)).toEqual(a);
    }
  });

  it('only adds users when traffic grows; nobody changes variant', () => {
    const small = createAssigner([experiment('e1', { traffic: 0.1 })]);
    const large = createAssigner([experiment('e1', { traffic: 0.2 })]);
    let inSmall = 0;
    for (const id of userIds.slice(0, 20_000)) {
      const before = small.assign(id);
      if (!before) continue;
      inSmall += 1;
      expect(large.assign(id)).toEqual(before);
    }
    expect(inSmall).toBeGreaterThan(1500);
  });

  it('puts a user in at most one running experiment: the first by id that takes them', () => {
    const counts = tally([experiment('b-second', { traffic: 0.5 }), experiment('a-first', { traffic: 0.4 })]);
    const share = (prefix: string) =>
      [...counts].filter(([key]) => key.startsWith(prefix)).reduce((n, [, c]) => n + c, 0);
    expectShare(share('a-first/'), 0.4);
    expectShare(share('b-second/'), 0.6 * 0.5);
    expectShare(counts.get('default'), 0.6 * 0.5);
  });

  it('forces a variant for QA, even of a draft, with the real bucket', () => {
    const assigner = createAssigner([experiment('e1', { traffic: 0, status: 'draft' })]);
    const forced = assigner.assign('user-7', { experimentId: 'e1', variant: 'more-likes' });
    expect(forced).toMatchObject({ experimentId: 'e1', variant: 'more-likes', forced: true });
    expect(forced?.bucket).toBe(assigner.place('e1', 'user-7')?.bucket);
    expect(forced?.profile.form).toBe('product');
    expect(rejection(() => assigner.assign('u', { experimentId: 'nope', variant: 'control' }))).toMatch(
      /^force\.experimentId: unknown experiment "nope"/,
    );
    expect(
      rejection(() => assigner.assign('u', { experimentId: 'e1', variant: 'nope' }, 'experiment')),
    ).toMatch(/^experiment\.variant: /);
  });

  it('assigns a definition stored without ranges exactly as before ranges existed', () => {
    const legacy = experiment('legacy-2024', { traffic: 1, ...allocations(1, 2, 3) });
    const assigner = createAssigner([legacy]);
    // Pinned: a = [0, 1667), b = [1667, 5000), c = [5000, 10 000) by round(Cᵢ/T·10 000).
    const pinned = {
      'user-2': 'a',
      'user-26': 'a',
      'user-7': 'b',
      'user-1000': 'b',
      'user-1': 'c',
      'ué-✓': 'c',
    };
    for (const [id, variant] of Object.entries(pinned)) expect(assigner.assign(id)?.variant).toBe(variant);
    // And for every user, the contiguous rule as it was computed before (allocationBounds).
    const bounds = allocationBounds([1, 2, 3]);
    const before = userIds.map(
      (id) => ['a', 'b', 'c'][variantIndex(bounds, variantBucket('legacy-2024', id))],
    );
    expect(userIds.map((id) => assigner.assign(id)?.variant)).toEqual(before);
  });

  describe('when allocations change (ranges rebalanced as the store does)', () => {
    const variantsOf = (defs: Experiment[]) => {
      const assigner = createAssigner(defs);
      return userIds.map((id) => assigner.assign(id)?.variant);
    };
    /** Users whose variant changed, as "from→to" counts. */
    function moves(before: (string | undefined)[], after: (string | undefined)[]): Map<string, number> {
      const counts = new Map<string, number>();
      before.forEach((variant, i) => {
        const key = `${variant}→${after[i]}`;
        if (variant !== after[i]) counts.set(key, (counts.get(key) ?? 0) + 1);
      });
      return counts;
    }
    const even = experiment('moves', { traffic: 1, ...allocations(1, 1, 1) });
    const start = withBucketRanges(even, undefined);

    it('[1,1,1] → [2,1,1] moves only into a, about 1/6 of users, half from b and half from c', () => {
      const raised = withBucketRanges(experiment('moves', { traffic: 1, ...allocations(2, 1, 1) }), start);
      const moved = moves(variantsOf([start]), variantsOf([raised]));
      expect([...moved.keys()].sort()).toEqual(['b→a', 'c→a']);
      expectShare(moved.get('b→a'), 834 / 10_000);
      expectShare(moved.get('c→a'), 833 / 10_000);
      // Before ranges were stored, the contiguous layout moved a quarter, b→a and c→b.
      expectShare(
        [...moves(variantsOf([even]), variantsOf([{ ...raised, buckets: undefined }])).values()].reduce(
          (a, b) => a + b,
        ),
        0.25,
      );
    });

    it('adding a fourth arm moves users only into it, a quarter of them', () => {
      const fourth = experiment('moves', {
        traffic: 1,
        control: undefined,
        variants: [...even.variants, { name: 'd', allocation: 1, profile: sum({ watch: 1 }) }],
      });
      const moved = moves(variantsOf([start]), variantsOf([withBucketRanges(fourth, start)]));
      expect([...moved.keys()].sort()).toEqual(['a→d', 'b→d', 'c→d']);
      expectShare(
        [...moved.values()].reduce((a, b) => a + b),
        0.25,
      );
    });
  });

  it('assigns identically in another process', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'multirank-assign-'));
    try {
      const module = fileURLToPath(new URL('../../src/experiments/definitions.ts', import.meta.url));
      const defs = [experiment('e1', { traffic: 0.5, ...allocations(1, 2, 3) })];
      const script = join(dir, 'assign.ts');
      writeFileSync(
        script,
        `import { createAssigner } from ${JSON.stringify(module)};
const assigner = createAssigner(${JSON.stringify(defs)});
const out = [];
for (let i = 0; i < 2000; i++) { const a = assigner.assign('user-' + i); out.push(a ? a.variant + ':' + a.bucket : '-'); }
console.log(JSON.stringify(out));`,
      );
      const run = promisify(execFile)(process.execPath, ['--import', 'tsx', script]);
      killAfterTest(run.child);
      const { stdout } = await run;
      const here = createAssigner(defs);
      const expected = userIds.slice(0, 2000).map((id) => {
        const a = here.assign(id);
        return a ? `${a.variant}:${a.bucket}` : '-';
      });
      expect(JSON.parse(stdout)).toEqual(expected);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

/**
 * The engagement-against-satisfaction trade-off of `multirank evaluate --sweep`. The log is scored
 * once; each profile only re-combines the kept per-head predictions, re-orders every request and
 * reads what its top k items hold: per head, the truth column when the simulator's ground truth is
 * there (unbiased p_click, p_like, expected watch seconds...), else the observed label.
 */

import { compileProfile } from '../combination/compile.js';
import type { CombinationProfile } from '../combination/schema.js';
import type { TaskDef } from '../features/spec.js';
import { truthColumnOf } from './ground-truth.js';
import type { SweepAxis, SweepGrid, SweepProfile } from './profile-sweep.js';
import type { CollectedScores } from './score-collector.js';

/** Format tag of the sweep's JSON report. */
export const SWEEP_FORMAT = 'multirank.sweep/1';

/** What a head's figure is the mean of. */
export interface SweepMetric {
  head: string;
  group: TaskDef['group'];
  /** `truth`: the ground-truth column; `label`: the observed label (label units: watch in seconds). */
  source: 'truth' | 'label';
  column: string;
}

/** One point of the trade-off: a profile, or a reference order (`logged`, `random`). */
export interface SweepPoint {
  name: string;
  profile: CombinationProfile | null;
  /** Per head: the mean over every request's top k (null when no top-k row has a value). */
  values: Record<string, number | null>;
  /** On the Pareto front of the two axes (references never are). */
  pareto: boolean;
}

/** The sweep as written by `--out`. */
export interface SweepReport {
  format: typeof SWEEP_FORMAT;
  model: { dir: string; name: string; contentHash: string };
  data: { file: string; groundTruth: string | null; rows: number };
  requestKey: string;
  requests: number;
  k: number;
  grid: SweepGrid;
  base: CombinationProfile;
  form: CombinationProfile['form'];
  /** All-zero grid combinations, left out. */
  skipped: number;
  axes: { engagement: SweepAxis; satisfaction: SweepAxis };
  metrics: SweepMetric[];
  profiles: SweepPoint[];
  /** The log's own order (the logging policy's top k) and the expectation of a random order. */
  references: SweepPoint[];
}

/** What sweepPoints needs besides the scores. */
export interface SweepOptions {
  k: number;
  axes: SweepReport['axes'];
}

/** Each metric's values (label units) and presence per row. */
function metricValues(scores: CollectedScores, tasks: readonly TaskDef[]) {
  return tasks.map((task, t) => {
    const truthColumn = truthColumnOf(task);
    const truth = scores.truth.get(truthColumn);
    const head = scores.heads[t]!;
    if (truth) {
      const metric: SweepMetric = {
        head: task.name,
        group: task.group,
        source: 'truth',
        column: truthColumn,
      };
      return { metric, values: truth, present: (r: number) => !Number.isNaN(truth[r]!) };
    }
    const log1p = task.kind === 'regression' && task.transform === 'log1p';
    const values = log1p ? Float64Array.from(head.labels, Math.expm1) : head.labels;
    const metric: SweepMetric = { head: task.name, group: task.group, source: 'label', column: task.column };
    return { metric, values, present: (r: number) => head.masks[r]! > 0 };
  });
}

/** Row indices per request, in log order; rows without a request are left out. */
function requestRows(requests: readonly string[]): number[][] {
  const groups = new Map<string, number[]>();
  requests.forEach((request, r) => {
    if (request === '') return;
    const rows = groups.get(request);
    if (rows) rows.push(r);
    else groups.set(request, [r]);
  });
  return [...groups.values()];
}

/** Per row, how much it counts towards the top-k mean; `weightOf(rows)` gives the weights of one request. */
function pointValues(
  groups: number[][],
  metrics: ReturnType<typeof metricValues>,
  weightOf: (rows: number[]) => Float64Array,
): Record<string, number | null> {
  const sums = metrics.map(() => ({ sum: 0, count: 0 }));
  for (const rows of groups) {
    const weights = weightOf(rows);
    rows.forEach((r, i) => {
      const w = weights[i]!;
      if (w === 0) return;
      metrics.forEach((m, t) => {
        if (!m.present(r)) return;
        sums[t]!.sum += w * m.values[r]!;
        sums[t]!.count += w;
      });
    });
  }
  return Object.fromEntries(
    metrics.map((m, t) => [m.metric.head, sums[t]!.count > 0 ? sums[t]!.sum / sums[t]!.count : null]),
  );
}

/** Marks the points no other point beats on both axes (at least as good on both, better on one). */
export function markPareto(points: SweepPoint[], axes: SweepReport['axes']): void {
  const oriented = (p: SweepPoint, axis: SweepAxis): number | null => {
    const v = p.values[axis.head];
    return v === null || v === undefined ? null : axis.better === 'higher' ? v : -v;
  };
  const xy = points.map((p) => [oriented(p, axes.engagement), oriented(p, axes.satisfaction)] as const);
  points.forEach((p, i) => {
    const [x, y] = xy[i]!;
    p.pareto =
      x !== null &&
      y !== null &&
      !xy.some(
        ([ox, oy], j) => j !== i && ox !== null && oy !== null && ox >= x && oy >= y && (ox > x || oy > y),
      );
  });
}

/** The profiles' points (Pareto-marked) and the two references on the scored rows. */
export function sweepPoints(
  scores: CollectedScores,
  tasks: readonly TaskDef[],
  profiles: readonly SweepProfile[],
  options: SweepOptions,
): { metrics: SweepMetric[]; requests: number; profiles: SweepPoint[]; references: SweepPoint[] } {
  const metrics = metricValues(scores, tasks);
  const groups = requestRows(scores.requests);
  const predictions = scores.heads.map((h) => h.predictions);
  const { k } = options;
  const topK = (order: number[]) => {
    const weights = new Float64Array(order.length);
    for (const i of order.slice(0, k)) weights[i] = 1;
    return weights;
  };
  const points: SweepPoint[] = profiles.map(({ name, profile }) => {
    const combined = compileProfile(profile, tasks).scores(predictions, scores.rows);
    // Higher score first; ties and NaN (last) keep the log's order, as the ranker does.
    const score = (r: number) => (Number.isNaN(combined[r]!) ? -Infinity : combined[r]!);
    const values = pointValues(groups, metrics, (rows) =>
      topK(rows.map((_, i) => i).sort((a, b) => score(rows[b]!) - score(rows[a]!) || a - b)),
    );
    return { name, profile, values, pareto: false };
  });
  markPareto(points, options.axes);
  const references: SweepPoint[] = [
    {
      name: 'logged order',
      profile: null,
      values: pointValues(groups, metrics, (rows) => topK(rows.map((_, i) => i))),
      pareto: false,
    },
    {
      // Each row of an n-row request is in a random top k with probability min(k, n) / n.
      name: 'random order',
      profile: null,
      values: pointValues(groups, metrics, (rows) =>
        new Float64Array(rows.length).fill(Math.min(k, rows.length) / rows.length),
      ),
      pareto: false,
    },
  ];
  return { metrics: metrics.map((m) => m.metric), requests: groups.length, profiles: points, references };
}

/**
 * The body of GET /v1/experiments/:id/report (the route: src/http/routes/experiment-report.ts)
 * and its example.
 */
import { type TSchema, Type } from '@sinclair/typebox';

/**
 * An example of the report: a day of simulated events for examples/experiments.yaml's
 * first experiment, figures rounded to 4 digits.
 */
export const EXPERIMENT_REPORT_EXAMPLE = {
  experimentId: 'likes-and-watch-2025-06',
  status: 'running',
  control: 'control',
  since: '2026-11-20T00:00:00.000Z',
  until: '2026-11-21T00:00:00.000Z',
  events: 1514,
  variants: [
    {
      name: 'control',
      share: 0.5,
      control: true,
      users: 63,
      impressions: 630,
      clicks: 57,
      likes: 16,
      watchSeconds: 11647,
      ctr: {
        value: 0.09048,
        se: 0.01054,
        ci95: [0.06981, 0.1111],
      },
      likeRate: {
        value: 0.0254,
        se: 0.007144,
        ci95: [0.01139, 0.0394],
      },
      watchPerImpression: {
        value: 18.49,
        se: 2.676,
        ci95: [13.24, 23.73],
      },
      vsControl: null,
    },
    {
      name: 'more-likes',
      share: 0.5,
      control: false,
      users: 60,
      impressions: 600,
      clicks: 66,
      likes: 22,
      watchSeconds: 13336,
      ctr: {
        value: 0.11,
        se: 0.01273,
        ci95: [0.08504, 0.135],
      },
      likeRate: {
        value: 0.03667,
        se: 0.007504,
        ci95: [0.02196, 0.05137],
      },
      watchPerImpression: {
        value: 22.23,
        se: 2.889,
        ci95: [16.56, 27.89],
      },
      vsControl: {
        ctr: {
          lift: 0.2158,
          ci95: [-0.1189, 0.6776],
          pValue: 0.2342,
        },
        likeRate: {
          lift: 0.4438,
          ci95: [-0.2699, 1.855],
          pValue: 0.2911,
        },
        watchPerImpression: {
          lift: 0.2023,
          ci95: [-0.1789, 0.7603],
          pValue: 0.3437,
        },
      },
    },
  ],
  srm: {
    chi2: 0.07317,
    df: 1,
    pValue: 0.7868,
    flagged: false,
    observedUsers: [63, 60],
    expectedShares: [1, 1],
  },
  unattributedEvents: 0,
  crossoverUsers: 0,
  computedFrom: 'events',
};

const nullable = <T extends TSchema>(schema: T) => Type.Union([schema, Type.Null()]);
// [low, high] as an array of exactly two: OpenAPI 3.0 has no tuples (TypeBox's Tuple becomes
// items + additionalItems, which 3.0 rejects).
const Interval = nullable(
  Type.Array(Type.Number(), { minItems: 2, maxItems: 2, description: '[low, high]' }),
);
const Ratio = Type.Object({ value: nullable(Type.Number()), se: nullable(Type.Number()), ci95: Interval });
const Lift = Type.Object({ lift: nullable(Type.Number()), ci95: Interval, pValue: nullable(Type.Number()) });
/** `shape` under each metric the report computes: the metric names stated once. */
const perMetric = <T extends TSchema>(shape: T) => ({
  ctr: shape,
  likeRate: shape,
  watchPerImpression: shape,
});

/** The report body (null: undefined for the data, see docs/experiment-reports.md). */
export const ExperimentReportReply = Type.Object(
  {
    experimentId: Type.String(),
    status: Type.String(),
    control: Type.String(),
    since: nullable(Type.String()),
    until: nullable(Type.String()),
    events: Type.Integer({ description: 'Events of the experiment read.' }),
    variants: Type.Array(
      Type.Object({
        name: Type.String(),
        share: Type.Number({ description: 'Allocated share of the traffic.' }),
        control: Type.Boolean(),
        users: Type.Integer(),
        impressions: Type.Integer(),
        clicks: Type.Integer(),
        likes: Type.Integer(),
        watchSeconds: Type.Number(),
        ...perMetric(Ratio),
        vsControl: nullable(Type.Object(perMetric(Lift), { description: 'Lift over control.' })),
      }),
    ),
    srm: Type.Object({
      chi2: nullable(Type.Number()),
      df: Type.Integer(),
      pValue: Type.Number(),
      flagged: Type.Boolean({ description: 'Sample-ratio mismatch: p < 0.001.' }),
      observedUsers: Type.Array(Type.Integer()),
      expectedShares: Type.Array(Type.Number()),
    }),
    unattributedEvents: Type.Integer({ description: 'Events without a variant of this experiment.' }),
    crossoverUsers: Type.Integer({ description: 'Users seen in more than one variant.' }),
    computedFrom: Type.Union([Type.Literal('daily-totals'), Type.Literal('events')], {
      description:
        'daily-totals: the per-day totals kept at ingest (Redis, window of whole UTC days); events: every event of the window read.',
    }),
  },
  {
    $id: 'ExperimentReport',
    title: 'ExperimentReport',
    description: 'Per-variant metrics, lift over control and the SRM check over the window.',
    examples: [EXPERIMENT_REPORT_EXAMPLE],
  },
);

/**
 * An experiment's report from its stored events: totals per variant per user, then the
 * statistics of src/experiments/report-stats.ts (ratio metrics over users with delta-method CIs,
 * lift against control, sample-ratio mismatch). Shared by GET /v1/experiments/:id/report and
 * `multirank experiments report`.
 *
 * The totals come from the store's daily per-experiment totals when it keeps them and the window
 * is whole UTC days (src/events/experiment-totals.ts): the cost then grows with users × days, not
 * with events. Otherwise every event of the window is read.
 */

import type { EventFilter } from '../events/event-filter.js';
import type { FeedbackEvent } from '../events/event-types.js';
import {
  addToTotals,
  type EventTotals,
  emptyTotals,
  type TotalsByVariant,
} from '../events/experiment-totals.js';
import {
  compareMetrics,
  type SrmCheck,
  sampleRatioMismatch,
  type VariantComparison,
  type VariantMetrics,
  variantMetrics,
} from './report-stats.js';
import type { Experiment } from './types.js';

/** One variant's line of the report. */
export interface VariantReport extends VariantMetrics {
  name: string;
  /** Its share of the experiment's traffic (allocations normalised). */
  share: number;
  control: boolean;
  /** Lift of each rate metric over control; null for control itself. */
  vsControl: VariantComparison | null;
}

/** The whole report. */
export interface ExperimentReport {
  experimentId: string;
  status: Experiment['status'];
  control: string;
  /** ISO times of the event window read (null: unbounded). */
  since: string | null;
  until: string | null;
  /** Events of the experiment read. */
  events: number;
  variants: VariantReport[];
  srm: SrmCheck & { observedUsers: number[]; expectedShares: number[] };
  /** Events left out: no variant, or a variant the definition does not have. */
  unattributedEvents: number;
  /** Users seen in more than one variant (forced QA assignments, or an assignment bug). */
  crossoverUsers: number;
  /** Where the totals came from: the daily totals kept at ingest, or a read of every event. */
  computedFrom: 'daily-totals' | 'events';
}

/** Per-variant, per-user totals of an experiment's events, and what did not fit. */
export interface ExperimentTotals {
  byVariant: Map<string, Map<string, EventTotals>>;
  events: number;
  unattributed: number;
}

/** Adds up the events of one experiment per variant per user (only the variants listed). */
export async function totalExperimentEvents(
  events: AsyncIterable<FeedbackEvent>,
  experimentId: string,
  variants: readonly string[],
): Promise<ExperimentTotals> {
  const byVariant = new Map(variants.map((name) => [name, new Map<string, EventTotals>()]));
  let count = 0;
  let unattributed = 0;
  for await (const event of events) {
    if (event.experimentId !== experimentId) continue;
    count++;
    const users = event.variant === undefined ? undefined : byVariant.get(event.variant);
    if (!users) {
      unattributed++;
      continue;
    }
    let totals = users.get(event.userId);
    if (!totals) {
      totals = emptyTotals();
      users.set(event.userId, totals);
    }
    addToTotals(totals, event);
  }
  return { byVariant, events: count, unattributed };
}

/** The same totals from the store's daily totals: variants not listed count as unattributed. */
export function attributeTotals(all: TotalsByVariant, variants: readonly string[]): ExperimentTotals {
  const byVariant = new Map(variants.map((name) => [name, all.get(name) ?? new Map<string, EventTotals>()]));
  let count = 0;
  let unattributed = 0;
  for (const [variant, users] of all) {
    let events = 0;
    for (const totals of users.values()) events += totals.events;
    count += events;
    if (!byVariant.has(variant)) unattributed += events;
  }
  return { byVariant, events: count, unattributed };
}

/** The report of an experiment over the totals of its events. */
export function buildReport(
  experiment: Experiment,
  totals: ExperimentTotals,
  window: Pick<EventFilter, 'since' | 'until'> = {},
  computedFrom: ExperimentReport['computedFrom'] = 'events',
): ExperimentReport {
  const control = experiment.control ?? experiment.variants[0]?.name ?? '';
  const allocationSum = experiment.variants.reduce((sum, v) => sum + v.allocation, 0);
  // In user-id order, so the sums (and every figure) are the same whichever way the totals were read.
  const usersOf = (name: string) =>
    [...(totals.byVariant.get(name)?.entries() ?? [])]
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
      .map(([, userTotals]) => userTotals);
  const metrics = new Map(experiment.variants.map((v) => [v.name, variantMetrics(usersOf(v.name))]));
  const controlMetrics = metrics.get(control);
  const variants = experiment.variants.map((variant): VariantReport => {
    const own = metrics.get(variant.name) as VariantMetrics;
    const isControl = variant.name === control;
    return {
      name: variant.name,
      share: allocationSum > 0 ? variant.allocation / allocationSum : 0,
      control: isControl,
      ...own,
      vsControl: isControl || !controlMetrics ? null : compareMetrics(own, controlMetrics),
    };
  });
  const observedUsers = variants.map((v) => v.users);
  const expectedShares = experiment.variants.map((v) => v.allocation);
  const iso = (ms: number | undefined) => (ms === undefined ? null : new Date(ms).toISOString());
  return {
    experimentId: experiment.id,
    status: experiment.status,
    control,
    since: iso(window.since),
    until: iso(window.until),
    events: totals.events,
    variants,
    srm: { ...sampleRatioMismatch(observedUsers, expectedShares), observedUsers, expectedShares },
    unattributedEvents: totals.unattributed,
    crossoverUsers: crossoverUsers(totals.byVariant),
    computedFrom,
  };
}

/** Where a report reads from: the events, and the daily totals when the source keeps them. */
export interface ReportSource {
  read(filter?: EventFilter): AsyncIterable<FeedbackEvent>;
  /** The experiment's totals over a window, or undefined when they cannot answer it. */
  experimentTotals?(
    experimentId: string,
    window: Pick<EventFilter, 'since' | 'until'>,
  ): Promise<TotalsByVariant | undefined>;
}

/** Builds the experiment's report from `source`: its daily totals when they answer, else its events. */
export async function experimentReport(
  source: ReportSource,
  experiment: Experiment,
  window: Pick<EventFilter, 'since' | 'until'> = {},
  options: { fromEvents?: boolean } = {},
): Promise<ExperimentReport> {
  const names = experiment.variants.map((v) => v.name);
  const daily = options.fromEvents ? undefined : await source.experimentTotals?.(experiment.id, window);
  if (daily) return buildReport(experiment, attributeTotals(daily, names), window, 'daily-totals');
  const events = source.read({ ...window, experimentId: experiment.id });
  return buildReport(experiment, await totalExperimentEvents(events, experiment.id, names), window);
}

function crossoverUsers(byVariant: Map<string, Map<string, EventTotals>>): number {
  const seen = new Map<string, number>();
  for (const users of byVariant.values()) {
    for (const user of users.keys()) seen.set(user, (seen.get(user) ?? 0) + 1);
  }
  let crossed = 0;
  for (const count of seen.values()) if (count > 1) crossed++;
  return crossed;
}

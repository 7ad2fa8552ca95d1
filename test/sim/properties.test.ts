/**
 * The generative story of docs/simulator.md, checked on the written files of a small world:
 * position bias, device differences, the clickbait conflict, sparse ratings, and ground truth
 * that is calibrated against the labels it generated.
 */
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cleanupRuns, type Interaction, readJsonl, runSim, type TruthRow } from './world-fixture.js';

interface Row {
  log: Interaction;
  truth: TruthRow;
  duration: number;
}

let rows: Row[];

beforeAll(async () => {
  const run = await runSim({ users: 400, items: 1500, requests: 4000, seed: 5, format: 'jsonl' });
  const log = await readJsonl<Interaction>(join(run.dir, 'interactions.jsonl'));
  const truth = await readJsonl<TruthRow>(join(run.dir, 'ground_truth.jsonl'));
  const items = await readJsonl<{ item_id: string; duration_seconds: number }>(join(run.dir, 'items.jsonl'));
  const duration = new Map(items.map((i) => [i.item_id, i.duration_seconds]));
  rows = log.map((l, k) => ({ log: l, truth: truth[k] as TruthRow, duration: duration.get(l.item_id) ?? 0 }));
});
afterAll(cleanupRuns);

function mean(xs: number[]): number {
  return xs.length === 0 ? Number.NaN : xs.reduce((a, b) => a + b, 0) / xs.length;
}

function ctr(subset: Row[]): number {
  return mean(subset.map((r) => r.log.click));
}

/** Engagement and satisfaction of a group of impressions. */
function profile(subset: Row[]) {
  const clicked = subset.filter((r) => r.log.click === 1);
  return {
    ctr: ctr(subset),
    likePerClick: mean(clicked.map((r) => r.log.like)),
    watchFraction: mean(clicked.map((r) => r.log.watch_seconds / r.duration)),
    rating: mean(clicked.flatMap((r) => (r.log.rating === null ? [] : [r.log.rating]))),
  };
}

describe('simulated behaviour', () => {
  it('has a click-through rate that falls with position', () => {
    const at = (lo: number, hi: number) =>
      ctr(rows.filter((r) => r.log.position >= lo && r.log.position <= hi));
    expect(at(1, 1)).toBeGreaterThan(at(2, 3));
    expect(at(2, 3)).toBeGreaterThan(at(4, 6));
    expect(at(4, 6)).toBeGreaterThan(at(7, 10));
  });

  it('decays position bias faster on tv than on desktop', () => {
    // Observed clicks over true click probability estimates the examination propensity.
    const examined = (device: string, lo: number, hi: number) => {
      const subset = rows.filter(
        (r) => r.log.device === device && r.log.position >= lo && r.log.position <= hi,
      );
      return ctr(subset) / mean(subset.map((r) => r.truth.p_click));
    };
    const decay = (device: string) => examined(device, 6, 10) / examined(device, 1, 2);
    expect(decay('tv')).toBeLessThan(decay('desktop'));
  });

  it('makes clickbait win clicks but lose watch fraction, likes and ratings', () => {
    // Compare within a band of quality so that the difference is the clickbait itself.
    const band = rows.filter((r) => r.truth.quality > 0.3 && r.truth.quality < 0.7);
    const bait = profile(band.filter((r) => r.truth.clickbait > 0.45));
    const honest = profile(band.filter((r) => r.truth.clickbait < 0.15));
    expect(bait.ctr).toBeGreaterThan(honest.ctr);
    expect(bait.watchFraction).toBeLessThan(honest.watchFraction);
    expect(bait.likePerClick).toBeLessThan(honest.likePerClick);
    expect(bait.rating).toBeLessThan(honest.rating);
  });

  it('leaves most rows without a rating and rates a small share of clicks', () => {
    const rated = rows.filter((r) => r.log.rating !== null);
    const clicks = rows.filter((r) => r.log.click === 1).length;
    expect(rated.length / rows.length).toBeLessThan(0.05);
    expect(rated.length / clicks).toBeGreaterThan(0.05);
    expect(rated.length / clicks).toBeLessThan(0.2);
  });

  it('has ground truth that ranks and calibrates the observed labels', () => {
    // Labels are drawn from propensity × truth, so the means must agree within sampling noise.
    const expected = (f: (t: TruthRow) => number) => mean(rows.map((r) => r.truth.propensity * f(r.truth)));
    const observed = (f: (l: Interaction) => number) => mean(rows.map((r) => f(r.log)));
    const near1 = (ratio: number) => expect(Math.abs(ratio - 1)).toBeLessThan(0.1);
    near1(observed((l) => l.click) / expected((t) => t.p_click));
    near1(observed((l) => l.like) / expected((t) => t.p_like));
    near1(observed((l) => l.watch_seconds) / expected((t) => t.expected_watch_seconds));
    // The top fifth by true click probability is clicked far more often than the bottom fifth.
    const sorted = [...rows].sort((a, b) => a.truth.p_click - b.truth.p_click);
    const fifth = Math.floor(sorted.length / 5);
    expect(ctr(sorted.slice(-fifth))).toBeGreaterThan(3 * ctr(sorted.slice(0, fifth)));
  });

  it('shows popular items far more often than the median item (Zipf-like exposure)', () => {
    const shown = new Map<string, number>();
    for (const r of rows) shown.set(r.log.item_id, (shown.get(r.log.item_id) ?? 0) + 1);
    const counts = [...shown.values()].sort((a, b) => b - a);
    const top = counts.slice(0, Math.ceil(counts.length / 100)).reduce((a, b) => a + b, 0);
    expect(top / rows.length).toBeGreaterThan(0.05);
    expect(counts[0] ?? 0).toBeGreaterThan(20 * (counts[Math.floor(counts.length / 2)] ?? 1));
  });
});

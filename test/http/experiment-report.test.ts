/**
 * GET /v1/experiments/:id/report on a hand-made event set, checked against values computed by
 * hand (the CTR figures are docs/experiment-reports.md's worked example). The events go in and the
 * report comes out over real HTTP through the typed client; the window edge cases use inject.
 *
 * Treatment: users t1..t3 with 10, 20, 30 impressions, 1, 4, 3 clicks, 0, 1, 1 likes and 100,
 * 300, 200 watch seconds. Control: c1, c2 with 10, 10 impressions, 1, 2 clicks, 1, 0 likes and
 * 50, 150 seconds. Plus noise the report must leave out.
 */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openEventStore } from '../../src/events/event-store.js';
import { createHistoryStore } from '../../src/events/history-store.js';
import { eventsApp } from '../events/app.js';
import { tempDir } from '../events/helpers.js';
import { EXPERIMENT, handMadeEvents } from '../events/report-fixture.js';
import { listeningClient } from '../helpers/client.js';

const dir = tempDir('report-route');
describe('GET /v1/experiments/:id/report', () => {
  it('reports per-variant metrics, CIs, lift and SRM as computed by hand', async () => {
    const store = await openEventStore({ file: join(dir, 'events.jsonl') });
    const app = await eventsApp({ store, history: createHistoryStore({}), experiments: [EXPERIMENT] });
    const client = await listeningClient(app);
    const posted = await client.POST('/v1/events', { body: { events: handMadeEvents() } });
    // 80 impressions, 11 clicks, 3 likes, 5 watches, 3 left-out events.
    expect(posted.data).toEqual({ stored: 102, duplicates: 0 });

    const res = await client.GET('/v1/experiments/{id}/report', { params: { path: { id: 'x1' } } });
    expect(res.response.status, JSON.stringify(res.error)).toBe(200);
    const report = res.data!;
    expect(report).toMatchObject({
      experimentId: 'x1',
      control: 'control',
      unattributedEvents: 2,
      crossoverUsers: 0,
    });
    const control = report.variants[0]!;
    const treatment = report.variants[1]!;
    const lift = treatment.vsControl!;
    expect(control).toMatchObject({
      name: 'control',
      control: true,
      users: 2,
      impressions: 20,
      clicks: 3,
      likes: 1,
      watchSeconds: 200,
      vsControl: null,
    });
    expect(treatment).toMatchObject({
      name: 'treatment',
      share: 0.5,
      users: 3,
      impressions: 60,
      clicks: 8,
      likes: 2,
      watchSeconds: 600,
    });

    // CTR: treatment 8/60, Var = 13/10800; control 3/20, Var = 1/400.
    expect(treatment.ctr.value).toBeCloseTo(8 / 60, 10);
    expect(treatment.ctr.se).toBeCloseTo(Math.sqrt(13 / 10800), 10);
    expect(treatment.ctr.ci95?.[0]).toBeCloseTo(0.06533, 5);
    expect(treatment.ctr.ci95?.[1]).toBeCloseTo(0.20133, 5);
    expect(control.ctr.se).toBeCloseTo(0.05, 10);
    expect(lift.ctr.lift).toBeCloseTo(-1 / 9, 10);
    expect(lift.ctr.pValue).toBeCloseTo(0.781, 3);
    expect(lift.ctr.ci95?.[0]).toBeCloseTo(-0.612, 3);
    expect(lift.ctr.ci95?.[1]).toBeCloseTo(1.036, 3);

    // Like rate: treatment 2/60, residuals -1/3, 1/3, 0 → Var = 3/2 · (2/9) / 60² = 1/10800;
    // control 1/20, residuals ±0.5 → Var = 2 · 0.5 / 20² = 1/400. Lift 2/3 − 1;
    // se_L² = (1/10800)·30² + (1/400)·20² = 1/12 + 1 → z = ln(2/3)/√(13/12) = −0.38956, p = 0.6969.
    expect(treatment.likeRate.value).toBeCloseTo(1 / 30, 10);
    expect(treatment.likeRate.se).toBeCloseTo(Math.sqrt(1 / 10800), 10);
    expect(control.likeRate.se).toBeCloseTo(0.05, 10);
    expect(lift.likeRate.lift).toBeCloseTo(-1 / 3, 10);
    expect(lift.likeRate.pValue).toBeCloseTo(0.6969, 3);

    // Watch per impression: both 10 s. Treatment residuals 0, 100, −100 → Var = 3/2 · 20000 / 3600 = 25/3;
    // control residuals ±50 → Var = 2 · 5000 / 400 = 25. Equal rates: lift 0, p 1, and
    // se_L² = (25/3)/100 + 25/100 = 1/3 → CI = exp(±1.959964/√3) − 1 = [−0.67749, +2.10060].
    expect(treatment.watchPerImpression.value).toBeCloseTo(10, 10);
    expect(treatment.watchPerImpression.se).toBeCloseTo(Math.sqrt(25 / 3), 10);
    expect(control.watchPerImpression.se).toBeCloseTo(5, 10);
    expect(lift.watchPerImpression).toMatchObject({ lift: 0, pValue: 1 });
    expect(lift.watchPerImpression.ci95?.[0]).toBeCloseTo(-0.67749, 4);
    expect(lift.watchPerImpression.ci95?.[1]).toBeCloseTo(2.1006, 4);

    // SRM: 2 and 3 users against 50/50 → χ² = 2 · 0.5² / 2.5 = 0.2, df 1, p = 0.6547.
    expect(report.srm).toMatchObject({
      df: 1,
      flagged: false,
      observedUsers: [2, 3],
      expectedShares: [50, 50],
    });
    expect(report.srm.chi2).toBeCloseTo(0.2, 10);
    expect(report.srm.pValue).toBeCloseTo(0.6547, 4);
    await store.close();
  });

  it('reads only the window asked for, 404s an unknown experiment and 400s a bad time', async () => {
    const store = await openEventStore({ file: join(dir, 'window.jsonl') });
    const app = await eventsApp({ store, history: createHistoryStore({}), experiments: [EXPERIMENT] });
    const client = await listeningClient(app);
    await client.POST('/v1/events', { body: { events: handMadeEvents() } });
    const report = (id: string, query: { since?: string; until?: string } = {}) =>
      client.GET('/v1/experiments/{id}/report', { params: { path: { id }, query } });
    const late = await report('x1', { since: '2030-01-01T00:00:00Z' });
    expect(late.data).toMatchObject({ events: 0, since: '2030-01-01T00:00:00.000Z', until: null });
    expect(late.data?.variants[1]).toMatchObject({ users: 0, ctr: { value: null, se: null, ci95: null } });
    const missing = await report('nope');
    expect(missing.response.status).toBe(404);
    expect(missing.error?.error.message).toBe('no experiment "nope"');
    const bad = await report('x1', { until: 'soon' });
    expect(bad.response.status).toBe(400);
    expect(bad.error).toEqual({
      error: {
        code: 'BAD_REQUEST',
        message: 'until: expected an ISO time (e.g. 2025-01-31T00:00:00Z) or Unix milliseconds, got "soon"',
      },
    });
    await store.close();
  });

  const RANGE = '1970-01-01T00:00:00Z (0) to +275760-09-13T00:00:00Z (8640000000000000)';
  it.each([
    ['since=99999999999999999999', `since: expected a time from ${RANGE}, got "99999999999999999999"`],
    ['until=8640000000000001', `until: expected a time from ${RANGE}, got "8640000000000001"`],
    ['since=-1', 'since: expected an ISO time (e.g. 2025-01-31T00:00:00Z) or Unix milliseconds, got "-1"'],
    ['since=1969-12-31T23:59:59Z', `since: expected a time from ${RANGE}, got "1969-12-31T23:59:59Z"`],
    [
      'until=2025-02-31',
      'until: expected an ISO time (e.g. 2025-01-31T00:00:00Z) or Unix milliseconds, got "2025-02-31"',
    ],
    [
      'since=2025-02-01T00:00:00Z&until=2025-01-01T00:00:00Z',
      'since: must be before until, got 2025-02-01T00:00:00.000Z and 2025-01-01T00:00:00.000Z',
    ],
    [
      'since=1735689600000&until=1735689600000',
      'since: must be before until, got 2025-01-01T00:00:00.000Z and 2025-01-01T00:00:00.000Z',
    ],
  ])('answers 400 naming the field for a window it cannot read (%s)', async (query, message) => {
    const store = await openEventStore({ file: join(dir, 'bad-window.jsonl') });
    const app = await eventsApp({ store, history: createHistoryStore({}), experiments: [EXPERIMENT] });
    const res = await app.inject({ method: 'GET', url: `/v1/experiments/x1/report?${query}` });
    expect(res.statusCode, res.body).toBe(400);
    expect(res.json()).toEqual({ error: { code: 'BAD_REQUEST', message } });
    await store.close();
  });

  it('takes the extreme times a window may have', async () => {
    const store = await openEventStore({ file: join(dir, 'edge-window.jsonl') });
    const app = await eventsApp({ store, history: createHistoryStore({}), experiments: [EXPERIMENT] });
    const res = await app.inject({
      method: 'GET',
      url: '/v1/experiments/x1/report?since=0&until=8640000000000000',
    });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({
      since: '1970-01-01T00:00:00.000Z',
      until: '+275760-09-13T00:00:00.000Z',
    });
    await store.close();
  });
});

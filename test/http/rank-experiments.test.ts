/**
 * Experiments in POST /v1/rank: the assigned variant's profile ranks the request and is named in
 * the response; QA may force a variant; a forced unknown variant is a 400 naming the field.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { servingApp } from '../helpers/serving.js';

let dir = '';
let file = '';
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'multirank-rank-experiments-'));
  file = join(dir, 'experiments.json');
  // Everyone is in the experiment (traffic 1); "likes" ranks by like probability alone.
  writeFileSync(
    file,
    JSON.stringify({
      experiments: [
        {
          id: 'weights-test',
          status: 'running',
          traffic: 1,
          variants: [
            { name: 'control', allocation: 1, profile: { form: 'sum', weights: { click: 1 } } },
            { name: 'likes', allocation: 1, profile: { form: 'sum', weights: { like: 1 } } },
          ],
        },
      ],
    }),
  );
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const candidates = ['i1', 'i2', 'i3', 'i4', 'i5'].map((itemId) => ({ itemId }));

describe('POST /v1/rank under an experiment', () => {
  it('ranks with the assigned variant, names it, and agrees with the assignment route', async () => {
    const { app } = await servingApp({ MULTIRANK_EXPERIMENTS_FILE: file });
    const seen = new Set<string>();
    for (let u = 0; u < 20; u++) {
      const userId = `u${u}`;
      const body = (
        await app.inject({ method: 'POST', url: '/v1/rank', payload: { userId, candidates } })
      ).json();
      const assignment = (
        await app.inject({ method: 'GET', url: `/v1/experiments/assignment?userId=${userId}` })
      ).json();
      if (!assignment.assignment) throw new Error(`assignment route: ${JSON.stringify(assignment)}`);
      expect(body.experiment).toEqual({
        id: 'weights-test',
        variant: assignment.assignment.variant,
        forced: false,
      });
      seen.add(body.experiment.variant);
      const head = body.experiment.variant === 'likes' ? 'like' : 'click';
      for (const item of body.items) expect(item.score).toBeCloseTo(item.heads[head], 6);
    }
    expect(seen).toEqual(new Set(['control', 'likes'])); // 20 users land in both halves
  });

  it('lets QA force a variant, and counts only randomised traffic in the metrics', async () => {
    const { app } = await servingApp({ MULTIRANK_EXPERIMENTS_FILE: file });
    const forced = await app.inject({
      method: 'POST',
      url: '/v1/rank',
      payload: { userId: 'qa-1', candidates, experiment: { id: 'weights-test', variant: 'likes' } },
    });
    expect(forced.json().experiment).toEqual({ id: 'weights-test', variant: 'likes', forced: true });
    await app.inject({ method: 'POST', url: '/v1/rank', payload: { userId: 'u1', candidates, limit: 3 } });
    const metrics = (await app.inject({ method: 'GET', url: '/metrics' })).body;
    const lines = metrics.split('\n').filter((l) => l.startsWith('multirank_experiment_impressions_total{'));
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/experiment="weights-test",variant="(control|likes)"} 3$/);
  });

  it('a forced unknown experiment or variant is a 400 naming the field', async () => {
    const { app } = await servingApp({ MULTIRANK_EXPERIMENTS_FILE: file });
    const rank = (experiment: object) =>
      app.inject({ method: 'POST', url: '/v1/rank', payload: { userId: 'u1', candidates, experiment } });
    const noExperiment = await rank({ id: 'nope', variant: 'likes' });
    expect(noExperiment.statusCode).toBe(400);
    expect(noExperiment.json().error.message).toMatch(/^experiment\.id: unknown experiment "nope"/);
    const noVariant = await rank({ id: 'weights-test', variant: 'nope' });
    expect(noVariant.statusCode).toBe(400);
    expect(noVariant.json().error.message).toMatch(/^experiment\.variant:/);
  });

  it('outside any experiment the response names none', async () => {
    const { app } = await servingApp();
    const body = (
      await app.inject({ method: 'POST', url: '/v1/rank', payload: { userId: 'u1', candidates } })
    ).json();
    expect(body.experiment).toBeUndefined();
  });
});

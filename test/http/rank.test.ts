/**
 * POST /v1/rank over the shipped model, without Redis: over real HTTP through the typed client
 * (generated and given candidates, limits, duplicates, unknown items, explain, and the 4xx answers
 * that name the field); through app.inject where a socket adds nothing (a body that is not JSON,
 * the tensor-leak loop).
 */
import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import type { RankReply, RankRequest } from '../../src/client/index.js';
import { listeningClient } from '../helpers/client.js';
import { servingApp } from '../helpers/serving.js';

/** A client of a service over the shipped model (`env`: its configuration). */
async function rankClient(env: NodeJS.ProcessEnv = {}) {
  return listeningClient((await servingApp(env)).app);
}

/** Ranks `body` through the client; the reply, failing the test on an error answer. */
async function ranked(client: Awaited<ReturnType<typeof rankClient>>, body: RankRequest): Promise<RankReply> {
  const { data, error, response } = await client.POST('/v1/rank', { body });
  if (!data) throw new Error(`${response.status}: ${JSON.stringify(error)}`);
  return data;
}

/** A body the types would refuse, sent on purpose to see the service refuse it. */
const invalid = (body: unknown) => body as RankRequest;

const rank = (body: unknown) => ({ method: 'POST' as const, url: '/v1/rank', payload: body as object });

describe('POST /v1/rank', () => {
  it('generates candidates when none are sent and returns the top 20 sorted by score', async () => {
    const client = await rankClient();
    const { data: body, response } = await client.POST('/v1/rank', {
      body: { userId: 'u1', context: { device: 'tv', current_item_id: 'i3' } },
    });
    expect(response.status).toBe(200);
    if (!body) throw new Error('no body');
    expect(body.model).toBe('default');
    expect(body.requestId).toBe(response.headers.get('x-request-id'));
    expect(body.candidates).toBe(500);
    expect(body.items).toHaveLength(20);
    const scores = body.items.map((i) => i.score);
    expect(scores).toEqual([...scores].sort((a, b) => b - a));
    for (const item of body.items) {
      expect(Object.keys(item.heads)).toEqual(['click', 'watch', 'like', 'dismiss', 'rating']);
      expect(item.sources?.length).toBeGreaterThan(0);
      expect(item.itemId).not.toBe('i3'); // the current item is never recommended
    }
  });

  it('ranks the given candidates, collapsing repeats and flagging unknown items', async () => {
    const body = await ranked(await rankClient(), {
      userId: 'u1',
      candidates: [{ itemId: 'i1' }, { itemId: 'nope' }, { itemId: 'i1' }, { itemId: 'i2' }],
    });
    expect(body.candidates).toBe(3);
    expect(body.items.map((i) => i.itemId).sort()).toEqual(['i1', 'i2', 'nope']);
    expect(body.items.filter((i) => i.unknown).map((i) => i.itemId)).toEqual(['nope']);
    expect(body.items[0]?.sources).toBeUndefined();
  });

  it('scores with the click head by default: score equals p(click)', async () => {
    const body = await ranked(await rankClient(), {
      userId: 'u2',
      candidates: [{ itemId: 'i5' }, { itemId: 'i6' }],
    });
    for (const item of body.items) expect(item.score).toBeCloseTo(item.heads.click ?? Number.NaN, 6);
  });

  it('combines heads with MULTIRANK_WEIGHTS and explains each contribution', async () => {
    const client = await rankClient({ MULTIRANK_WEIGHTS: 'click=1,like=2,dismiss=-1' });
    const body = await ranked(client, {
      userId: 'u7',
      candidates: [{ itemId: 'i5' }, { itemId: 'i9' }],
      explain: true,
    });
    expect(body.explanation?.profile).toEqual({ form: 'sum', weights: { click: 1, like: 2, dismiss: -1 } });
    expect(body.explanation?.userFeatureSource).toBe('origin');
    expect(body.explanation?.historySource).toBe('none');
    expect(Object.keys(body.explanation?.userFeatures ?? {}).sort()).toEqual([
      'age_bucket',
      'primary_device',
      'region',
    ]);
    for (const item of body.items) {
      const { click = 0, like = 0, dismiss = 0 } = item.explanation?.contributions ?? {};
      expect(click + like + dismiss).toBeCloseTo(item.score, 6);
      expect(like).toBeCloseTo(2 * (item.heads.like ?? Number.NaN), 6);
    }
  });

  it('serves an unknown user with default features, and says so', async () => {
    const body = await ranked(await rankClient(), {
      userId: 'stranger',
      candidates: [{ itemId: 'i1' }],
      explain: true,
    });
    expect(body.explanation?.userFeatureSource).toBe('default');
    expect(body.explanation?.userFeatures).toEqual({ region: null, age_bucket: null, primary_device: null });
  });

  it('honours limit, capped at the number of candidates', async () => {
    const client = await rankClient();
    const three = [{ itemId: 'i1' }, { itemId: 'i2' }, { itemId: 'i3' }];
    expect((await ranked(client, { userId: 'u1', candidates: three, limit: 2 })).items).toHaveLength(2);
    expect((await ranked(client, { userId: 'u1', candidates: three, limit: 50 })).items).toHaveLength(3);
  });

  it('uses the request history as the history feature, so it changes the scores', async () => {
    const client = await rankClient();
    const candidates = [{ itemId: 'i10' }, { itemId: 'i11' }];
    const without = await ranked(client, { userId: 'u1', candidates });
    const withHistory = await ranked(client, {
      userId: 'u1',
      candidates,
      context: { recent_items: ['i10', 'i200'] },
      explain: true,
    });
    expect(withHistory.explanation?.history).toEqual(['i10', 'i200']);
    const score = (body: RankReply) => body.items.find((i) => i.itemId === 'i10')?.score;
    expect(score(withHistory)).not.toBe(score(without));
  });

  describe('bad input answers 4xx naming the field', () => {
    const cases: [string, unknown, number, RegExp][] = [
      ['no userId', { candidates: [{ itemId: 'i1' }] }, 400, /userId/],
      ['empty userId', { userId: '', candidates: [{ itemId: 'i1' }] }, 400, /userId/],
      ['limit 0', { userId: 'u1', limit: 0 }, 400, /limit/],
      ['limit not a number', { userId: 'u1', limit: 'ten' }, 400, /limit/],
      ['candidate without itemId', { userId: 'u1', candidates: [{}] }, 400, /candidates\/0.*itemId|itemId/],
      ['empty candidate list', { userId: 'u1', candidates: [] }, 400, /candidates/],
      ['unknown unknownItems policy', { userId: 'u1', unknownItems: 'ignore' }, 400, /unknownItems/],
      ['context not an object', { userId: 'u1', context: 'tv' }, 400, /context/],
    ];
    for (const [name, body, status, message] of cases) {
      it(name, async () => {
        const { error, response } = await (await rankClient()).POST('/v1/rank', { body: invalid(body) });
        expect(response.status).toBe(status);
        expect(error?.error.message).toMatch(message);
      });
    }

    it('more candidates than MULTIRANK_MAX_CANDIDATES', async () => {
      const client = await rankClient({ MULTIRANK_MAX_CANDIDATES: '5' });
      const candidates = Array.from({ length: 6 }, (_, i) => ({ itemId: `i${i}` }));
      const { error, response } = await client.POST('/v1/rank', { body: { userId: 'u1', candidates } });
      expect(response.status).toBe(400);
      expect(error?.error.message).toMatch(/candidates must NOT have more than 5 items/);
    });

    it('an unknown item under the reject policy names the candidate', async () => {
      const client = await rankClient({ MULTIRANK_UNKNOWN_ITEMS: 'reject' });
      const { error, response } = await client.POST('/v1/rank', {
        body: { userId: 'u1', candidates: [{ itemId: 'i1' }, { itemId: 'ghost' }] },
      });
      expect(response.status).toBe(400);
      expect(error?.error.message).toMatch(/candidates\[1\]\.itemId: unknown item "ghost"/);
      // The request may choose the lenient policy.
      const lenient = await client.POST('/v1/rank', {
        body: { userId: 'u1', candidates: [{ itemId: 'ghost' }], unknownItems: 'default' },
      });
      expect(lenient.response.status).toBe(200);
    });

    it('a feature value of the wrong type is a 400, not a 500', async () => {
      const client = await rankClient();
      const bad = [
        { context: { device: { nested: true } } },
        { context: { recent_items: { i1: true } } },
        { candidates: [{ itemId: 'i1', features: { duration_seconds: 'long' } }] },
        { context: { current_item_id: ['i1'] } },
      ];
      for (const extra of bad) {
        const { error, response } = await client.POST('/v1/rank', {
          body: { userId: 'u1', candidates: [{ itemId: 'i1' }], ...extra },
        });
        expect(response.status, JSON.stringify(extra)).toBe(400);
        expect(error?.error.code).toBe('BAD_REQUEST');
      }
    });

    it('an oversized body is a 413', async () => {
      const client = await rankClient({ MULTIRANK_BODY_LIMIT: '2048' });
      const candidates = Array.from({ length: 200 }, (_, i) => ({ itemId: `item-${i}` }));
      const { error, response } = await client.POST('/v1/rank', { body: { userId: 'u1', candidates } });
      expect(response.status).toBe(413);
      expect(error?.error.code).toBe('PAYLOAD_TOO_LARGE');
    });

    it('a body that is not JSON is a 400', async () => {
      const { app } = await servingApp();
      const res = await app.inject({
        method: 'POST',
        url: '/v1/rank',
        headers: { 'content-type': 'application/json' },
        payload: '{"userId": ',
      });
      expect(res.statusCode).toBe(400);
    });
  });

  it('leaks no tensors over 1,000 requests', async () => {
    const { app } = await servingApp();
    const body = {
      userId: 'u3',
      candidates: [{ itemId: 'i1' }, { itemId: 'i2' }, { itemId: 'x' }],
      explain: true,
    };
    await app.inject(rank(body)); // first call may create lasting kernels state
    const before = tf.memory().numTensors;
    for (let i = 0; i < 1000; i++) {
      const res = await app.inject(rank({ ...body, userId: `u${i % 50}` }));
      if (res.statusCode !== 200) throw new Error(`request ${i}: ${res.statusCode} ${res.body}`);
    }
    expect(tf.memory().numTensors).toBe(before);
  });
});

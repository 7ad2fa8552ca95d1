/**
 * The live catalog through HTTP: PUT /v1/items (partial success), GET and DELETE /v1/items/:itemId,
 * PUT and GET /v1/users/:userId, over two in-process replicas on one real Redis (single node and a
 * Cluster). The replicas' followers are driven by hand (refresh()), so the tests wait on nothing:
 * a change is on the writing replica at once, and on the other after its next read of the stream.
 */
import { describe, expect, it } from 'vitest';
import type { MultirankApp } from '../../src/app.js';
import { appendToStream } from '../../src/events/redis-stream.js';
import { REDIS_TOPOLOGIES, redisSuite } from '../helpers/redis.js';
import { servingApp } from '../helpers/serving.js';

const ADMIN_KEY = 'catalog-test-admin-key-0123456789';
const admin = { 'x-api-key': ADMIN_KEY };
/** Manual refresh: the tests call refresh() where a replica's timer would. */
const ENV = {
  MULTIRANK_ADMIN_KEY: ADMIN_KEY,
  MULTIRANK_CATALOG_REFRESH_MS: '0',
  MULTIRANK_CANDIDATES_REFRESH_SECONDS: '0',
};

interface Ranked {
  itemId: string;
  score: number;
  unknown?: boolean;
  sources?: string[];
}

async function rank(
  app: MultirankApp,
  payload: object,
): Promise<{ items: Ranked[]; explanation?: { userFeatureSource: string } }> {
  const res = await app.inject({ method: 'POST', url: '/v1/rank', payload: { limit: 1000, ...payload } });
  expect(res.statusCode, res.body).toBe(200);
  return res.json();
}

const newItem = (id: string) => ({
  itemId: id,
  features: {
    topic: 't03',
    duration_seconds: 245,
    upload_time: Math.floor(Date.now() / 1000),
    creator_id: 'c1',
  },
});

describe('items and users without Redis', () => {
  it('answers writes 503 in the error format; reads and ranking go on with the bundle', async () => {
    const { app } = await servingApp(ENV);
    const put = await app.inject({
      method: 'PUT',
      url: '/v1/items',
      headers: admin,
      payload: { items: [newItem('x1')] },
    });
    expect(put.statusCode).toBe(503);
    expect(put.json()).toEqual({
      error: { code: 'UNAVAILABLE', message: expect.stringMatching(/needs Redis/) },
    });
    expect((await app.inject({ method: 'DELETE', url: '/v1/items/i1', headers: admin })).statusCode).toBe(
      503,
    );
    const user = await app.inject({
      method: 'PUT',
      url: '/v1/users/u1',
      headers: admin,
      payload: { features: { region: 'eu' } },
    });
    expect(user.statusCode).toBe(503);
    expect(user.json().error.code).toBe('UNAVAILABLE');
    const item = await app.inject({ method: 'GET', url: '/v1/items/i1', headers: admin });
    expect(item.json()).toMatchObject({
      itemId: 'i1',
      source: 'bundle',
      available: true,
      features: { topic: expect.any(String) },
    });
    expect((await app.inject({ method: 'GET', url: '/v1/items/nope', headers: admin })).statusCode).toBe(404);
    expect((await app.inject({ method: 'GET', url: '/v1/users/u1', headers: admin })).json()).toMatchObject({
      source: 'origin',
    });
    expect(
      (await rank(app, { userId: 'u1', candidates: [{ itemId: 'i1' }] })).items[0]?.unknown,
    ).toBeUndefined();
  });

  it('takes the admin key on every route', async () => {
    const { app } = await servingApp(ENV);
    for (const [method, url] of [
      ['PUT', '/v1/items'],
      ['GET', '/v1/items/i1'],
      ['DELETE', '/v1/items/i1'],
      ['PUT', '/v1/users/u1'],
      ['GET', '/v1/users/u1'],
    ] as const) {
      const res = await app.inject({ method, url, payload: method === 'PUT' ? {} : undefined });
      expect(res.statusCode, `${method} ${url}`).toBe(401);
    }
  });
});

describe.each(REDIS_TOPOLOGIES)('the live catalog on $name', ({ start }) => {
  const redis = redisSuite(start, 5000);

  it('stores the good items, names the bad ones, and ranks the new one with its features on every replica', async () => {
    const id = `live-${Math.random().toString(36).slice(2, 8)}`;
    const item = newItem(id);
    const first = await servingApp(ENV, redis.client);
    const second = await servingApp(ENV, redis.client);
    const before = await rank(second.app, { userId: 'u1', candidates: [{ itemId: id }] });
    expect(before.items[0]?.unknown).toBe(true);
    // What its features should give: the unknown id carrying them itself (the model reads only its columns).
    const { creator_id: _unread, ...features } = item.features;
    const carried = await rank(second.app, { userId: 'u1', candidates: [{ itemId: id, features }] });

    const put = await first.app.inject({
      method: 'PUT',
      url: '/v1/items',
      headers: admin,
      payload: { items: [item, { itemId: `${id}-bad`, features: { duration_seconds: 'long' } }] },
    });
    expect(put.statusCode, put.body).toBe(200);
    expect(put.json()).toEqual({
      stored: 1,
      rejected: [
        {
          index: 1,
          itemId: `${id}-bad`,
          message: expect.stringMatching(/^items\[1\]\.features\.duration_seconds: /),
        },
      ],
      version: expect.any(Number),
    });
    // Ranked with its own features: the same score as the unknown id carrying them.
    const onFirst = await rank(first.app, { userId: 'u1', candidates: [{ itemId: id }] });
    expect(onFirst.items[0]).toMatchObject({ itemId: id, score: carried.items[0]?.score });
    expect(onFirst.items[0]?.unknown).toBeUndefined();

    await second.serving.catalogSync.refresh();
    const onSecond = await rank(second.app, { userId: 'u1', candidates: [{ itemId: id }] });
    expect(onSecond.items[0]).toEqual(onFirst.items[0]);
    const generated = await rank(second.app, { userId: 'u1', context: { device: 'tv' } });
    expect(generated.items.find((item) => item.itemId === id)?.sources).toContain('fresh');

    const shown = await second.app.inject({ method: 'GET', url: `/v1/items/${id}`, headers: admin });
    expect(shown.json()).toMatchObject({
      itemId: id,
      source: 'api',
      available: true,
      features: item.features,
    });
    expect(shown.json().uploadTime).toBe(item.features.upload_time);
  });

  it('takes an item down everywhere: sent as a candidate, generated, or in the bundle index', async () => {
    const first = await servingApp(ENV, redis.client);
    const second = await servingApp(ENV, redis.client);
    const index = second.serving.registry.active().candidates!;
    const popular = index.itemIds[index.popular.get('all')!.items[0]!]!;
    const pushed = `live-${Math.random().toString(36).slice(2, 8)}`;
    await first.app.inject({
      method: 'PUT',
      url: '/v1/items',
      headers: admin,
      payload: { items: [newItem(pushed)] },
    });
    await second.serving.catalogSync.refresh();
    const generatedBefore = (await rank(second.app, { userId: 'u3' })).items.map((item) => item.itemId);
    expect(generatedBefore).toEqual(expect.arrayContaining([popular, pushed]));

    for (const id of [popular, pushed, 'never-known']) {
      const res = await first.app.inject({ method: 'DELETE', url: `/v1/items/${id}`, headers: admin });
      expect(res.statusCode).toBe(204);
    }
    await second.serving.catalogSync.refresh();
    for (const { app } of [first, second]) {
      const sent = await rank(app, {
        userId: 'u3',
        candidates: [{ itemId: popular }, { itemId: 'i5' }, { itemId: pushed }, { itemId: 'never-known' }],
      });
      expect(sent.items.map((item) => item.itemId)).toEqual(['i5']);
      const generated = (await rank(app, { userId: 'u3' })).items.map((item) => item.itemId);
      expect(generated).not.toContain(popular);
      expect(generated).not.toContain(pushed);
      const batch = await app.inject({
        method: 'POST',
        url: '/v1/rank/batch',
        payload: { requests: [{ userId: 'u3', candidates: [{ itemId: popular }] }, { userId: 'u4' }] },
      });
      const ids = JSON.stringify(batch.json());
      expect(ids).not.toContain(`"${popular}"`);
      expect(ids).not.toContain(`"${pushed}"`);
    }
    const shown = await second.app.inject({ method: 'GET', url: `/v1/items/${popular}`, headers: admin });
    expect(shown.json()).toMatchObject({ itemId: popular, source: 'api', available: false, features: null });
    // A later PUT brings it back.
    await first.app.inject({
      method: 'PUT',
      url: '/v1/items',
      headers: admin,
      payload: { items: [newItem(popular)] },
    });
    await second.serving.catalogSync.refresh();
    expect((await rank(second.app, { userId: 'u3', candidates: [{ itemId: popular }] })).items).toHaveLength(
      1,
    );
  });

  it('brings a hot-swapped model in step before it serves', async () => {
    const { app, serving } = await servingApp(ENV, redis.client);
    const id = `swap-${Math.random().toString(36).slice(2, 8)}`;
    await app.inject({ method: 'PUT', url: '/v1/items', headers: admin, payload: { items: [newItem(id)] } });
    const before = serving.registry.active();
    const swap = await app.inject({ method: 'POST', url: '/v1/models/default/activate', headers: admin });
    expect(swap.statusCode, swap.body).toBe(200);
    expect(serving.registry.active()).not.toBe(before);
    const [ranked] = (await rank(app, { userId: 'u1', candidates: [{ itemId: id }] })).items;
    expect(ranked?.unknown).toBeUndefined();
    expect(serving.registry.active().candidates?.indexOf.has(id)).toBe(true);
  });

  it('recomputes trending and popular per device from the clicks in the event stream', async () => {
    const first = await servingApp(ENV, redis.client);
    const id = `hit-${Math.random().toString(36).slice(2, 8)}`;
    await first.app.inject({
      method: 'PUT',
      url: '/v1/items',
      headers: admin,
      payload: { items: [newItem(id)] },
    });
    const now = Date.now();
    const events = Array.from({ length: 30 }, (_, i) => [
      {
        eventId: `${id}-i${i}`,
        type: 'impression' as const,
        userId: `u${i}`,
        itemId: id,
        timestamp: now - 1000,
        device: 'tv',
      },
      { eventId: `${id}-c${i}`, type: 'click' as const, userId: `u${i}`, itemId: id, timestamp: now },
    ]).flat();
    await appendToStream(redis.client, { keyPrefix: 'mr:', dedupeTtlSeconds: 600, maxLength: 0 }, events);
    await first.serving.catalogSync.refreshLists();
    const index = first.serving.registry.active().candidates!;
    const top = (segment: string, kind: 'popular' | 'trending') =>
      index.itemIds[index[kind].get(segment)!.items[0]!];
    expect(top('device:tv', 'trending')).toBe(id);
    expect(top('all', 'trending')).toBe(id);
    // The clicks came from TV (the impressions say so): other devices' lists keep their own order.
    expect(top('device:mobile', 'trending')).not.toBe(id);
    const tv = await rank(first.app, { userId: 'u1', context: { device: 'tv' } });
    expect(tv.items.find((item) => item.itemId === id)?.sources).toContain('trending');
  });

  it('ranks with pushed user features on every replica, and shows where they came from', async () => {
    const first = await servingApp(ENV, redis.client);
    const second = await servingApp(ENV, redis.client);
    const userId = `pushed-${Math.random().toString(36).slice(2, 8)}`;
    // The second replica caches the user (unknown: defaults) before the push.
    expect(
      (await rank(second.app, { userId, candidates: [{ itemId: 'i1' }], explain: true })).explanation
        ?.userFeatureSource,
    ).toBe('default');
    const bad = await first.app.inject({
      method: 'PUT',
      url: `/v1/users/${userId}`,
      headers: admin,
      payload: { features: { region: ['a', { b: 1 }] } },
    });
    expect(bad.statusCode).toBe(400);
    const put = await first.app.inject({
      method: 'PUT',
      url: `/v1/users/${userId}`,
      headers: admin,
      payload: { features: { region: 'eu', age_bucket: '25-34', primary_device: 'tv' } },
    });
    expect(put.json()).toEqual({
      userId,
      features: { region: 'eu', age_bucket: '25-34', primary_device: 'tv' },
      source: 'pushed',
    });
    const shown = await second.app.inject({ method: 'GET', url: `/v1/users/${userId}`, headers: admin });
    expect(shown.json()).toMatchObject({ source: 'pushed', features: { region: 'eu' } });
    await second.serving.catalogSync.refresh();
    const ranked = await rank(second.app, { userId, candidates: [{ itemId: 'i1' }], explain: true });
    expect(ranked.explanation?.userFeatureSource).toBe('pushed');
    expect(await redis.client.ttl(`mr:user-pushed:${userId}`)).toBe(-1);
  });
});

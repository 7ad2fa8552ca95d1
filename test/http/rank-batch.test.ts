/** POST /v1/rank/batch: answers in order, each entry on its own, the same numbers as /v1/rank. */
import { describe, expect, it } from 'vitest';
import { servingApp } from '../helpers/serving.js';

const batch = (requests: unknown[]) => ({
  method: 'POST' as const,
  url: '/v1/rank/batch',
  payload: { requests } as object,
});

describe('POST /v1/rank/batch', () => {
  it('answers each entry in order; a bad entry fails alone, naming itself and the field', async () => {
    const { app } = await servingApp();
    const res = await app.inject(
      batch([
        { userId: 'u1', candidates: [{ itemId: 'i1' }, { itemId: 'i2' }] },
        { candidates: [{ itemId: 'i1' }] },
        { userId: 'u2', candidates: [{ itemId: 'i3' }], limit: 0 },
        { userId: 'u3', candidates: [{ itemId: 'i1', features: { duration_seconds: 'long' } }] },
        { userId: 'u4', context: { device: 'tv' }, limit: 5 },
      ]),
    );
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(body.succeeded).toBe(2);
    expect(body.failed).toBe(3);
    expect(body.results.map((r: { status: number }) => r.status)).toEqual([200, 400, 400, 400, 200]);
    expect(body.results[0].result.requestId).toBe(`${body.requestId}:0`);
    expect(body.results[0].result.items).toHaveLength(2);
    expect(body.results[1].error.message).toBe('requests[1].userId: required');
    expect(body.results[2].error.message).toMatch(/^requests\[2\]\.limit: must be >= 1/);
    expect(body.results[3].error.message).toMatch(
      /^requests\[3\]\.candidates\[0\]: column "duration_seconds"/,
    );
    expect(body.results[4].result.items).toHaveLength(5);
    expect(body.results[4].result.candidates).toBe(500);
  });

  it('gives the same numbers as POST /v1/rank for the same request', async () => {
    const { app } = await servingApp({ MULTIRANK_WEIGHTS: 'click=1,like=2' });
    const request = {
      userId: 'u9',
      context: { device: 'mobile', current_item_id: 'i4', recent_items: ['i4', 'i8'] },
      candidates: [{ itemId: 'i10' }, { itemId: 'i11' }, { itemId: 'i12' }],
    };
    const single = (await app.inject({ method: 'POST', url: '/v1/rank', payload: request })).json();
    const fromBatch = (await app.inject(batch([request]))).json().results[0].result;
    expect(fromBatch.items).toEqual(single.items);
  });

  it('refuses more requests than MULTIRANK_BATCH_MAX, and a body without requests', async () => {
    const { app } = await servingApp({ MULTIRANK_BATCH_MAX: '2' });
    const three = [1, 2, 3].map((u) => ({ userId: `u${u}`, candidates: [{ itemId: 'i1' }] }));
    const tooMany = await app.inject(batch(three));
    expect(tooMany.statusCode).toBe(400);
    expect(tooMany.json().error.message).toMatch(/requests must NOT have more than 2 items/);
    const none = await app.inject({ method: 'POST', url: '/v1/rank/batch', payload: {} });
    expect(none.statusCode).toBe(400);
    expect(none.json().error.message).toMatch(/requests/);
  });
});

/**
 * POST /v1/rank/batch over real HTTP through the typed client: answers in order, each entry on its
 * own, the same numbers as /v1/rank.
 */
import { describe, expect, it } from 'vitest';
import type { RankBatchRequest, RankRequest } from '../../src/client/index.js';
import { listeningClient } from '../helpers/client.js';
import { servingApp } from '../helpers/serving.js';

/** An entry the types would refuse, sent on purpose to see the service refuse it. */
const invalid = (entry: unknown) => entry as RankRequest;

describe('POST /v1/rank/batch', () => {
  it('answers each entry in order; a bad entry fails alone, naming itself and the field', async () => {
    const client = await listeningClient((await servingApp()).app);
    const { data, response } = await client.POST('/v1/rank/batch', {
      body: {
        requests: [
          { userId: 'u1', candidates: [{ itemId: 'i1' }, { itemId: 'i2' }] },
          invalid({ candidates: [{ itemId: 'i1' }] }),
          { userId: 'u2', candidates: [{ itemId: 'i3' }], limit: 0 },
          { userId: 'u3', candidates: [{ itemId: 'i1', features: { duration_seconds: 'long' } }] },
          { userId: 'u4', context: { device: 'tv' }, limit: 5 },
        ],
      },
    });
    expect(response.status).toBe(200);
    if (!data) throw new Error('no body');
    expect(data.succeeded).toBe(2);
    expect(data.failed).toBe(3);
    expect(data.results.map((r) => r.status)).toEqual([200, 400, 400, 400, 200]);
    const [first, noUser, badLimit, badFeature, generated] = data.results;
    const result = (entry: typeof first) => (entry && 'result' in entry ? entry.result : undefined);
    const error = (entry: typeof first) => (entry && 'error' in entry ? entry.error : undefined);
    expect(result(first)?.requestId).toBe(`${data.requestId}:0`);
    expect(result(first)?.items).toHaveLength(2);
    expect(error(noUser)?.message).toBe('requests[1].userId: required');
    expect(error(badLimit)?.message).toMatch(/^requests\[2\]\.limit: must be >= 1/);
    expect(error(badFeature)?.message).toMatch(/^requests\[3\]\.candidates\[0\]: column "duration_seconds"/);
    expect(result(generated)?.items).toHaveLength(5);
    expect(result(generated)?.candidates).toBe(500);
  });

  it('gives the same numbers as POST /v1/rank for the same request', async () => {
    const client = await listeningClient((await servingApp({ MULTIRANK_WEIGHTS: 'click=1,like=2' })).app);
    const request: RankRequest = {
      userId: 'u9',
      context: { device: 'mobile', current_item_id: 'i4', recent_items: ['i4', 'i8'] },
      candidates: [{ itemId: 'i10' }, { itemId: 'i11' }, { itemId: 'i12' }],
    };
    const single = await client.POST('/v1/rank', { body: request });
    const batch = await client.POST('/v1/rank/batch', { body: { requests: [request] } });
    const entry = batch.data?.results[0];
    expect(entry && 'result' in entry ? entry.result.items : undefined).toEqual(single.data?.items);
  });

  it('refuses more requests than MULTIRANK_BATCH_MAX, and a body without requests', async () => {
    const client = await listeningClient((await servingApp({ MULTIRANK_BATCH_MAX: '2' })).app);
    const three = [1, 2, 3].map((u) => ({ userId: `u${u}`, candidates: [{ itemId: 'i1' }] }));
    const tooMany = await client.POST('/v1/rank/batch', { body: { requests: three } });
    expect(tooMany.response.status).toBe(400);
    expect(tooMany.error?.error.message).toMatch(/requests must NOT have more than 2 items/);
    const none = await client.POST('/v1/rank/batch', { body: {} as RankBatchRequest });
    expect(none.response.status).toBe(400);
    expect(none.error?.error.message).toMatch(/requests/);
  });
});

/**
 * The examples openapi.yaml shows (what Swagger UI's "Try it out" sends) work against the real
 * service: startServer over the shipped model with Redis and the admin key, called through the
 * typed client with each operation's documented request body and parameters, in the order a
 * person trying the API would: probes, rank, batch, events, an experiment's life cycle, reports,
 * items and users, models. Each answers the documented success status, shaped like the documented response.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import {
  createMultirankClient,
  type ExperimentDefinition,
  type FeedbackEvent,
  type MultirankClient,
  type operations,
  type RankBatchRequest,
  type RankReply,
  type RankRequest,
} from '../../src/client/index.js';
import { loadConfig } from '../../src/config.js';
import { type RunningServer, startServer } from '../../src/server.js';
import { type SpawnedRedis, spawnRedisServer } from '../helpers/redis.js';

interface Media {
  example?: unknown;
}
interface Operation {
  parameters?: { name: string; example?: unknown; schema?: { example?: unknown } }[];
  requestBody?: { content: Record<string, Media> };
  responses: Record<string, { content?: Record<string, Media> }>;
}
const document = parse(readFileSync(new URL('../../openapi.yaml', import.meta.url), 'utf8')) as {
  paths: Record<string, Record<string, Operation>>;
};

function operation(path: string, method: string): Operation {
  const found = document.paths[path]?.[method];
  if (!found) throw new Error(`openapi.yaml has no ${method} ${path}`);
  return found;
}
/** An operation's JSON request body, as the generated client types have it. */
type JsonBody<O extends keyof operations> = NonNullable<
  operations[O]['requestBody']
>['content']['application/json'];
/** The request body example Swagger UI fills in. */
function requestExample<T>(path: string, method: string): T {
  const example = operation(path, method).requestBody?.content['application/json']?.example;
  if (example === undefined) throw new Error(`no request example for ${method} ${path}`);
  return example as T;
}
/** The documented answer for `status`. */
function responseExample<T>(path: string, method: string, status: number): T {
  const example = operation(path, method).responses[status]?.content?.['application/json']?.example;
  if (example === undefined) throw new Error(`no ${status} example for ${method} ${path}`);
  return example as T;
}
/** A parameter's example, as Swagger UI fills it in. */
function parameterExample(path: string, method: string, name: string): string {
  const parameter = operation(path, method).parameters?.find((p) => p.name === name);
  const example = parameter?.example ?? parameter?.schema?.example;
  if (typeof example !== 'string') throw new Error(`no example for ${name} of ${method} ${path}`);
  return example;
}

/** Where the rank answers' examples are written down, to update when the shipped model changes. */
const RANK_EXAMPLES =
  'the shipped model answers otherwise than documented: update the reply examples in src/http/schemas/rank.ts and rank-batch.ts, then npm run openapi && npm run client';

/** The same items in the same order, and predictions close to the documented (rounded) ones. */
function expectLikeDocumented(actual: RankReply['items'] | undefined, documented: RankReply['items']): void {
  expect(
    actual?.map((i) => i.itemId),
    RANK_EXAMPLES,
  ).toEqual(documented.map((i) => i.itemId));
  for (const [index, item] of documented.entries()) {
    const got = actual?.[index];
    expect(Object.keys(got?.heads ?? {}), RANK_EXAMPLES).toEqual(Object.keys(item.heads));
    expect(got?.score, RANK_EXAMPLES).toBeCloseTo(item.score, 3);
  }
}

const ADMIN_KEY = 'openapi-examples-admin-key';
const dir = mkdtempSync(join(tmpdir(), 'multirank-openapi-examples-'));
let redis: SpawnedRedis;
let server: RunningServer;
let client: MultirankClient;

beforeAll(async () => {
  redis = await spawnRedisServer();
  const config = loadConfig({
    PORT: '0',
    HOST: '127.0.0.1',
    MULTIRANK_TF_BACKEND: 'wasm',
    MULTIRANK_WORKERS: '1',
    REDIS_URL: `redis://127.0.0.1:${redis.port}`,
    MULTIRANK_ADMIN_KEY: ADMIN_KEY,
    MULTIRANK_EVENTS_FILE: join(dir, 'events.jsonl'),
    MULTIRANK_EVENTS_SPOOL: join(dir, 'spool.jsonl'),
    // A loaded CI machine stalls the loop on a first ranking: no shedding of the test's requests.
    MULTIRANK_MAX_EVENT_LOOP_DELAY_MS: '0',
  });
  server = await startServer(config, pino({ level: 'silent' }));
  client = createMultirankClient({ baseUrl: server.address, adminKey: ADMIN_KEY });
});

afterAll(async () => {
  await server?.close();
  await redis?.stop();
  rmSync(dir, { recursive: true, force: true });
});

describe("openapi.yaml's examples, sent to the service", () => {
  it('probes: 200', async () => {
    expect((await client.GET('/healthz')).data?.status).toBe('ok');
    const ready = await client.GET('/readyz');
    expect(ready.response.status).toBe(200);
    expect(Object.keys(ready.data ?? {})).toEqual(
      expect.arrayContaining(Object.keys(responseExample('/readyz', 'get', 200))),
    );
  });

  it("rank: the default body answers 200 with the shipped model's documented ranking", async () => {
    const body = requestExample<RankRequest>('/v1/rank', 'post');
    const { data, error, response } = await client.POST('/v1/rank', { body });
    expect(response.status, JSON.stringify(error)).toBe(200);
    const documented = responseExample<RankReply>('/v1/rank', 'post', 200);
    expect(data).toMatchObject({ model: documented.model, candidates: documented.candidates });
    expectLikeDocumented(data?.items, documented.items);
  });

  it('rank batch: 200, each entry as documented (the third refused on its own)', async () => {
    const body = requestExample<RankBatchRequest>('/v1/rank/batch', 'post');
    const { data, error, response } = await client.POST('/v1/rank/batch', { body });
    expect(response.status, JSON.stringify(error)).toBe(200);
    const documented = responseExample<NonNullable<typeof data>>('/v1/rank/batch', 'post', 200);
    expect(data).toMatchObject({ succeeded: documented.succeeded, failed: documented.failed });
    expect(data?.results.map((r) => r.status)).toEqual(documented.results.map((r) => r.status));
    for (const [index, entry] of documented.results.entries()) {
      const got = data?.results[index];
      if ('result' in entry)
        expectLikeDocumented(got && 'result' in got ? got.result.items : [], entry.result.items);
      else expect(got && 'error' in got ? got.error : undefined).toEqual(entry.error);
    }
  });

  it('events: 200, stored as documented, then acknowledged as duplicates', async () => {
    const body = requestExample<{ events: FeedbackEvent[] }>('/v1/events', 'post');
    const first = await client.POST('/v1/events', { body });
    expect(first.response.status, JSON.stringify(first.error)).toBe(200);
    expect(first.data).toEqual(responseExample('/v1/events', 'post', 200));
    expect((await client.POST('/v1/events', { body })).data).toEqual({ stored: 0, duplicates: 3 });
  });

  it("an experiment's life cycle: put, read, list, assign, report, delete", async () => {
    const id = parameterExample('/v1/experiments/{id}', 'put', 'id');
    const at = { params: { path: { id } } };
    const definition = requestExample<ExperimentDefinition>('/v1/experiments/{id}', 'put');
    const { updatedAt: _, ...stored } = responseExample<{ updatedAt: string }>(
      '/v1/experiments/{id}',
      'get',
      200,
    );

    const put = await client.PUT('/v1/experiments/{id}', { ...at, body: definition });
    expect(put.response.status, JSON.stringify(put.error)).toBe(201);
    expect(put.data).toMatchObject(stored);
    expect((await client.GET('/v1/experiments/{id}', at)).data).toMatchObject(stored);
    expect((await client.GET('/v1/experiments')).data?.experiments).toEqual([
      expect.objectContaining(stored),
    ]);

    // The documented assignment is the user's real one (the bucket follows from the id and user).
    const userId = parameterExample('/v1/experiments/assignment', 'get', 'userId');
    const assignment = await client.GET('/v1/experiments/assignment', {
      params: { query: { userId, experiment: id } },
    });
    expect(assignment.data).toEqual(responseExample('/v1/experiments/assignment', 'get', 200));

    const reportId = parameterExample('/v1/experiments/{id}/report', 'get', 'id');
    const report = await client.GET('/v1/experiments/{id}/report', { params: { path: { id: reportId } } });
    expect(report.response.status, JSON.stringify(report.error)).toBe(200);
    expect(report.data).toMatchObject({ experimentId: id, control: 'control' });

    const deleted = await client.DELETE('/v1/experiments/{id}', at);
    expect(deleted.response.status).toBe(204);
    const gone = await client.GET('/v1/experiments/{id}', at);
    expect(gone.error).toEqual(responseExample('/v1/experiments/{id}', 'get', 404));
  });

  it('items and users: the examples pushed, read back as documented, and the item taken down', async () => {
    const items = await client.PUT('/v1/items', {
      body: requestExample<JsonBody<'putItems'>>('/v1/items', 'put'),
    });
    expect(items.response.status, JSON.stringify(items.error)).toBe(200);
    const pushed = responseExample<{ stored: number; rejected: unknown[] }>('/v1/items', 'put', 200);
    expect(items.data).toMatchObject({ stored: pushed.stored, rejected: pushed.rejected });
    const itemId = parameterExample('/v1/items/{itemId}', 'get', 'itemId');
    const item = await client.GET('/v1/items/{itemId}', { params: { path: { itemId } } });
    const documented = responseExample<Record<string, unknown>>('/v1/items/{itemId}', 'get', 200);
    const { createdAt: _c, updatedAt: _u, ...timeless } = documented;
    expect(item.data).toMatchObject(timeless);

    const userId = parameterExample('/v1/users/{userId}', 'put', 'userId');
    const user = await client.PUT('/v1/users/{userId}', {
      params: { path: { userId } },
      body: requestExample<JsonBody<'putUser'>>('/v1/users/{userId}', 'put'),
    });
    expect(user.response.status, JSON.stringify(user.error)).toBe(200);
    expect(user.data).toEqual(responseExample('/v1/users/{userId}', 'put', 200));
    const read = await client.GET('/v1/users/{userId}', { params: { path: { userId } } });
    expect(read.data).toEqual(responseExample('/v1/users/{userId}', 'get', 200));

    const down = await client.DELETE('/v1/items/{itemId}', { params: { path: { itemId } } });
    expect(down.response.status, JSON.stringify(down.error)).toBe(204);
    const after = await client.GET('/v1/items/{itemId}', { params: { path: { itemId } } });
    expect(after.data).toMatchObject({ itemId, available: false });
  });

  it('models: listed, and the example version activated (admin)', async () => {
    const listed = await client.GET('/v1/models');
    expect(listed.data?.active).toBe(responseExample<{ active: string }>('/v1/models', 'get', 200).active);
    const version = parameterExample('/v1/models/{version}/activate', 'post', 'version');
    const activated = await client.POST('/v1/models/{version}/activate', { params: { path: { version } } });
    expect(activated.response.status, JSON.stringify(activated.error)).toBe(200);
    expect(activated.data).toMatchObject({ active: version, previous: 'default' });
  });
});

/**
 * The experiment routes on a bare fastify (error handler, admin auth, the plugin) over the real
 * service: with Redis for the admin routes, file-only for the read-only mode. The life cycle, the
 * admin guard, assignment and the read-only mode go over real HTTP through the typed client; the
 * validation cases use inject.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import Fastify, { type FastifyInstance } from 'fastify';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { ExperimentDefinition } from '../../src/client/index.js';
import { MultirankError } from '../../src/errors.js';
import { createExperimentService, type ExperimentService } from '../../src/experiments/store.js';
import adminAuth from '../../src/http/plugins/admin-auth.js';
import errorHandler from '../../src/http/plugins/error-handler.js';
import experimentRoutes from '../../src/http/routes/experiments.js';
import { closeRedis, createRedisClient, type RedisClient } from '../../src/storage/redis.js';
import { listeningClient } from '../helpers/client.js';
import { type RedisHandle, startRedis, untilRedisReady } from '../helpers/redis.js';

const KEY = 'experiments-admin-key';
const admin = { 'x-api-key': KEY };
const HEADS = ['click', 'like', 'watch'];

let redis: RedisHandle;
let client: RedisClient;
let dir: string;
let suite = 0;
beforeAll(async () => {
  redis = await startRedis();
  client = createRedisClient(redis.url, { commandTimeoutMs: 2_000 });
  client.on('error', () => undefined);
  await untilRedisReady(client);
  dir = mkdtempSync(join(tmpdir(), 'multirank-exp-routes-'));
});
afterAll(async () => {
  await closeRedis(client);
  await redis.stop();
  rmSync(dir, { recursive: true, force: true });
});

const open: { app: FastifyInstance; service: ExperimentService }[] = [];
afterEach(async () => {
  for (const { app, service } of open.splice(0)) {
    await app.close();
    await service.close();
  }
});

/** Checks head names like the real profile parser will (names the field). */
function checkProfile(profile: { weights: Record<string, number> }, field: string): void {
  for (const head of Object.keys(profile.weights)) {
    if (!HEADS.includes(head))
      throw new MultirankError(
        'BAD_REQUEST',
        `${field}.weights.${head}: the served model has no head "${head}"`,
      );
  }
}

/** A bare app over a service on Redis (or, with `file` only, without Redis). */
async function appWith(options: { withRedis?: boolean; file?: string } = { withRedis: true }) {
  const service = await createExperimentService({
    redis: options.withRedis ? client : undefined,
    file: options.file,
    keyPrefix: `test:exp-routes:${process.pid}:${suite++}`,
    refreshMs: 0,
    checkProfile,
  });
  const app = Fastify({
    logger: false,
    ajv: { customOptions: { removeAdditional: 'all', allErrors: false } },
  }).withTypeProvider<TypeBoxTypeProvider>();
  open.push({ app, service });
  await app.register(errorHandler);
  await app.register(adminAuth, { adminKey: KEY });
  await app.register(experimentRoutes, { experiments: service });
  await app.ready();
  return app;
}

const definition = (overrides: Record<string, unknown> = {}) => ({
  status: 'running',
  traffic: 1,
  control: 'control',
  variants: [
    { name: 'control', allocation: 1, profile: { form: 'sum', weights: { click: 1 } } },
    {
      name: 'likes',
      allocation: 1,
      profile: {
        form: 'product',
        weights: { click: 1, like: 0.3 },
        transforms: { watch: { clamp: [0, 600] } },
      },
    },
  ],
  ...overrides,
});

const put = (app: FastifyInstance, id: string, payload: unknown, headers: Record<string, string> = admin) =>
  app.inject({ method: 'PUT', url: `/v1/experiments/${id}`, payload: payload as object, headers });

/** `definition(overrides)` as the client's body type (the helper builds it loosely typed). */
const body = (overrides: Record<string, unknown> = {}) => definition(overrides) as ExperimentDefinition;
const at = (id: string) => ({ params: { path: { id } } });

describe('experiment routes', () => {
  it('creates (201), replaces (200), reads, lists and deletes (204) a definition', async () => {
    const client = await listeningClient(await appWith(), { adminKey: KEY });
    const created = await client.PUT('/v1/experiments/{id}', { ...at('likes-2024'), body: body() });
    expect(created.response.status, JSON.stringify(created.error)).toBe(201);
    expect(created.data).toMatchObject({ id: 'likes-2024', salt: 'likes-2024', traffic: 1 });
    expect(created.data?.variants[1]?.profile.transforms).toEqual({ watch: { clamp: [0, 600] } });
    const replaced = await client.PUT('/v1/experiments/{id}', {
      ...at('likes-2024'),
      body: body({ traffic: 0.5 }),
    });
    expect(replaced.response.status).toBe(200);

    const one = await client.GET('/v1/experiments/{id}', at('likes-2024'));
    expect(one.response.status).toBe(200);
    expect(one.data?.traffic).toBe(0.5);
    // A definition read back (with id and updatedAt) can be PUT again as it is.
    const stopped = await client.PUT('/v1/experiments/{id}', {
      ...at('likes-2024'),
      body: { ...(one.data as ExperimentDefinition), status: 'stopped' },
    });
    expect(stopped.response.status, JSON.stringify(stopped.error)).toBe(200);
    expect(stopped.data?.status).toBe('stopped');
    const list = await client.GET('/v1/experiments');
    expect(list.data?.experiments.map((e) => e.id)).toEqual(['likes-2024']);
    expect(list.data?.store).toMatchObject({ status: 'ok', source: 'redis' });

    const deleted = await client.DELETE('/v1/experiments/{id}', at('likes-2024'));
    expect(deleted.response.status).toBe(204);
    expect(deleted.response.headers.get('content-length')).toBeNull();
    expect(await deleted.response.text()).toBe('');
    expect((await client.GET('/v1/experiments/{id}', at('likes-2024'))).response.status).toBe(404);
    const again = await client.DELETE('/v1/experiments/{id}', at('likes-2024'));
    expect(again.error?.error).toMatchObject({ code: 'NOT_FOUND' });
  });

  it('guards PUT and DELETE with the admin key', async () => {
    const client = await listeningClient(await appWith());
    const put = await client.PUT('/v1/experiments/{id}', { ...at('x'), body: body() });
    expect(put.response.status).toBe(401);
    expect(put.response.headers.get('www-authenticate')).toBe('Bearer');
    expect((await client.DELETE('/v1/experiments/{id}', at('x'))).response.status).toBe(401);
    // The same key as a Bearer token is the other scheme the document names.
    const bearer = await client.DELETE('/v1/experiments/{id}', {
      ...at('x'),
      headers: { authorization: `Bearer ${KEY}` },
    });
    expect(bearer.response.status).toBe(404);
  });

  it.each([
    ['traffic', definition({ traffic: 1.5 })],
    ['status', definition({ status: 'paused' })],
    ['variants', definition({ variants: [] })],
    ['control', definition({ control: 'nobody' })],
    [
      'variants[1].name',
      definition({ variants: [definition().variants[0], definition().variants[0]], control: undefined }),
    ],
    [
      'variants[0].profile.weights.dwell',
      definition({
        variants: [{ name: 'a', allocation: 1, profile: { form: 'sum', weights: { dwell: 1 } } }],
        control: undefined,
      }),
    ],
    [
      'variants[0].profile.transforms.watch',
      definition({
        variants: [
          {
            name: 'a',
            allocation: 1,
            profile: { form: 'sum', weights: { click: 1 }, transforms: { watch: { clamp: [9, 1] } } },
          },
        ],
        control: undefined,
      }),
    ],
  ])('answers 400 naming %s', async (field, payload) => {
    const app = await appWith();
    const res = await put(app, 'bad', payload);
    expect(res.statusCode, res.body).toBe(400);
    expect(res.json().error.code).toBe('BAD_REQUEST');
    expect(res.json().error.message).toContain(field);
    expect((await app.inject({ url: '/v1/experiments' })).json().experiments).toEqual([]);
  });

  it("answers a bad transform in the service's words (parseProfile's), not ajv's anyOf errors", async () => {
    const app = await appWith();
    const withTransform = (transform: unknown) =>
      definition({
        variants: [
          {
            name: 'a',
            allocation: 1,
            profile: { form: 'sum', weights: { click: 1 }, transforms: { watch: transform } },
          },
        ],
        control: undefined,
      });
    const clamp = await put(app, 'bad', withTransform({ clamp: [9, 1] }));
    expect(clamp.statusCode).toBe(400);
    expect(clamp.json().error.message).toBe(
      'variants[0].profile.transforms.watch.clamp: min 9 is greater than max 1',
    );
    const sqrt = await put(app, 'bad', withTransform('sqrt'));
    expect(sqrt.statusCode).toBe(400);
    expect(sqrt.json().error.message).toMatch(
      /^variants\[0\]\.profile\.transforms\.watch: expected identity \| log1p \| \{"clamp": \[min, max\]\}, got "sqrt"$/,
    );
  });

  it('refuses the reserved id "assignment"', async () => {
    const app = await appWith();
    const res = await put(app, 'assignment', definition());
    expect(res.statusCode).toBe(400);
    expect(res.json().error.message).toMatch(/^id: /);
  });

  it("tells a user's assignment and, for one experiment, where they fall", async () => {
    const client = await listeningClient(await appWith(), { adminKey: KEY });
    await client.PUT('/v1/experiments/{id}', { ...at('a-off'), body: body({ traffic: 0 }) });
    await client.PUT('/v1/experiments/{id}', { ...at('b-on'), body: body() });
    const assignmentOf = (query: { userId: string; experiment?: string }) =>
      client.GET('/v1/experiments/assignment', { params: { query } });
    const res = await assignmentOf({ userId: 'user-42' });
    expect(res.response.status, JSON.stringify(res.error)).toBe(200);
    const assignment = res.data?.assignment;
    expect(assignment).toMatchObject({ experimentId: 'b-on', forced: false });
    expect(['control', 'likes']).toContain(assignment?.variant);
    expect(assignment?.bucket).toBeGreaterThanOrEqual(0);
    expect(assignment?.bucket).toBeLessThan(10_000);
    expect(assignment?.profile.form).toBeDefined();

    const placed = await assignmentOf({ userId: 'user-42', experiment: 'a-off' });
    expect(placed.data?.assignment?.experimentId).toBe('b-on');
    expect(placed.data?.experiment).toMatchObject({ id: 'a-off', status: 'running', inTraffic: false });

    const unknown = await assignmentOf({ userId: 'u', experiment: 'nope' });
    expect(unknown.response.status).toBe(400);
    expect(unknown.error?.error.message).toMatch(/^experiment: /);
    expect((await assignmentOf({} as { userId: string })).response.status).toBe(400);
  });

  it('is read-only without Redis: serves the file, answers 409 to changes', async () => {
    const file = join(dir, 'routes.json');
    writeFileSync(file, JSON.stringify({ experiments: [{ id: 'file-exp', ...definition() }] }));
    const client = await listeningClient(await appWith({ file }), { adminKey: KEY });
    expect((await client.GET('/v1/experiments/{id}', at('file-exp'))).data?.id).toBe('file-exp');
    const list = (await client.GET('/v1/experiments')).data;
    expect(list?.store).toEqual({ status: 'ok', source: 'file', version: null, syncedAt: null });
    const res = await client.PUT('/v1/experiments/{id}', { ...at('file-exp'), body: body() });
    expect(res.response.status).toBe(409);
    expect(res.error?.error.message).toContain('MULTIRANK_EXPERIMENTS_FILE');
  });
});

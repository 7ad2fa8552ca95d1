/**
 * The experiment routes on a bare fastify (error handler, admin auth, the plugin) over the real
 * service: with Redis for the admin routes, file-only for the read-only mode.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import Fastify, { type FastifyInstance } from 'fastify';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { MultirankError } from '../../src/errors.js';
import { createExperimentService, type ExperimentService } from '../../src/experiments/store.js';
import adminAuth from '../../src/http/plugins/admin-auth.js';
import errorHandler from '../../src/http/plugins/error-handler.js';
import experimentRoutes from '../../src/http/routes/experiments.js';
import { closeRedis, createRedisClient, type RedisClient } from '../../src/storage/redis.js';
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

describe('experiment routes', () => {
  it('creates (201), replaces (200), reads, lists and deletes (204) a definition', async () => {
    const app = await appWith();
    const created = await put(app, 'likes-2024', definition());
    expect(created.statusCode, created.body).toBe(201);
    expect(created.json()).toMatchObject({ id: 'likes-2024', salt: 'likes-2024', traffic: 1 });
    expect(created.json().variants[1].profile.transforms).toEqual({ watch: { clamp: [0, 600] } });
    expect((await put(app, 'likes-2024', definition({ traffic: 0.5 }))).statusCode).toBe(200);

    const one = await app.inject({ url: '/v1/experiments/likes-2024' });
    expect(one.statusCode).toBe(200);
    expect(one.json().traffic).toBe(0.5);
    // A definition read back (with id and updatedAt) can be PUT again as it is.
    const stopped = await put(app, 'likes-2024', {
      ...one.json<Record<string, unknown>>(),
      status: 'stopped',
    });
    expect(stopped.statusCode, stopped.body).toBe(200);
    expect(stopped.json().status).toBe('stopped');
    const list = await app.inject({ url: '/v1/experiments' });
    expect(list.json().experiments.map((e: { id: string }) => e.id)).toEqual(['likes-2024']);
    expect(list.json().store).toMatchObject({ status: 'ok', source: 'redis' });

    const deleted = await app.inject({ method: 'DELETE', url: '/v1/experiments/likes-2024', headers: admin });
    expect(deleted.statusCode).toBe(204);
    expect(deleted.body).toBe('');
    expect((await app.inject({ url: '/v1/experiments/likes-2024' })).statusCode).toBe(404);
    const again = await app.inject({ method: 'DELETE', url: '/v1/experiments/likes-2024', headers: admin });
    expect(again.json().error).toMatchObject({ code: 'NOT_FOUND' });
  });

  it('guards PUT and DELETE with the admin key', async () => {
    const app = await appWith();
    expect((await put(app, 'x', definition(), {})).statusCode).toBe(401);
    expect((await app.inject({ method: 'DELETE', url: '/v1/experiments/x' })).statusCode).toBe(401);
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
    const app = await appWith();
    await put(app, 'a-off', definition({ traffic: 0 }));
    await put(app, 'b-on', definition());
    const res = await app.inject({ url: '/v1/experiments/assignment?userId=user-42' });
    expect(res.statusCode, res.body).toBe(200);
    const { assignment } = res.json();
    expect(assignment).toMatchObject({ experimentId: 'b-on', forced: false });
    expect(['control', 'likes']).toContain(assignment.variant);
    expect(assignment.bucket).toBeGreaterThanOrEqual(0);
    expect(assignment.bucket).toBeLessThan(10_000);
    expect(assignment.profile.form).toBeDefined();

    const placed = await app.inject({ url: '/v1/experiments/assignment?userId=user-42&experiment=a-off' });
    expect(placed.json().assignment.experimentId).toBe('b-on');
    expect(placed.json().experiment).toMatchObject({ id: 'a-off', status: 'running', inTraffic: false });

    const unknown = await app.inject({ url: '/v1/experiments/assignment?userId=u&experiment=nope' });
    expect(unknown.statusCode).toBe(400);
    expect(unknown.json().error.message).toMatch(/^experiment: /);
    expect((await app.inject({ url: '/v1/experiments/assignment' })).statusCode).toBe(400);
  });

  it('is read-only without Redis: serves the file, answers 409 to changes', async () => {
    const file = join(dir, 'routes.json');
    writeFileSync(file, JSON.stringify({ experiments: [{ id: 'file-exp', ...definition() }] }));
    const app = await appWith({ file });
    expect((await app.inject({ url: '/v1/experiments/file-exp' })).json().id).toBe('file-exp');
    const list = (await app.inject({ url: '/v1/experiments' })).json();
    expect(list.store).toEqual({ status: 'ok', source: 'file', version: null, syncedAt: null });
    const res = await put(app, 'file-exp', definition());
    expect(res.statusCode).toBe(409);
    expect(res.json().error.message).toContain('MULTIRANK_EXPERIMENTS_FILE');
  });
});

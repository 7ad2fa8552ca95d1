/**
 * The experiment service against real Redis: replicas sharing definitions, file precedence,
 * Redis outages (last known set keeps assigning), file-only mode, and bucket ranges kept across
 * allocation changes (API, file, definitions stored before ranges, concurrent writers).
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { MultirankError } from '../../src/errors.js';
import { contiguousRanges, rebalanceRanges } from '../../src/experiments/bucket-ranges.js';
import { createAssigner, parseExperiment } from '../../src/experiments/definitions.js';
import {
  createExperimentService,
  type ExperimentService,
  type ExperimentServiceOptions,
} from '../../src/experiments/store.js';
import {
  closeRedis,
  closeRedisConnections,
  createRedisClient,
  openRedisConnections,
  type RedisClient,
} from '../../src/storage/redis.js';
import {
  type RedisHandle,
  type SpawnedRedis,
  spawnRedisServer,
  startRedis,
  untilRedisReady,
} from '../helpers/redis.js';
import { stallRedis } from '../helpers/redis-stall.js';
import { until } from '../helpers/wait.js';

const REFRESH_MS = 100;

function definition(overrides: Record<string, unknown> = {}) {
  return {
    status: 'running',
    traffic: 1,
    variants: [
      { name: 'control', allocation: 1, profile: { form: 'sum', weights: { click: 1 } } },
      { name: 'treatment', allocation: 1, profile: { form: 'sum', weights: { click: 1, like: 1 } } },
    ],
    ...overrides,
  };
}

let dir: string;
let prefixCount = 0;
const services: ExperimentService[] = [];
const clients: RedisClient[] = [];
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'multirank-experiments-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));
afterEach(async () => {
  await Promise.all(services.splice(0).map((s) => s.close()));
  await Promise.all(clients.splice(0).map(closeRedis));
});

/** Writes a YAML definitions file and returns its path. */
function yamlFile(name: string, text: string): string {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
}

const FILE_V1 = `experiments:
  - id: from-file
    status: running
    traffic: 1
    variants:
      - name: control
        allocation: 1
        profile: { form: sum, weights: { click: 1 } }
`;
const FILE_V2 = FILE_V1.replace('allocation: 1', 'allocation: 2');

async function client(url: string): Promise<RedisClient> {
  // Roomy: a busy machine must not turn a healthy Redis into an outage.
  const redis = createRedisClient(url, { commandTimeoutMs: 2_000 });
  redis.on('error', () => undefined);
  clients.push(redis);
  await untilRedisReady(redis);
  return redis;
}

async function service(options: ExperimentServiceOptions): Promise<ExperimentService> {
  const created = await createExperimentService({ refreshMs: REFRESH_MS, ...options });
  services.push(created);
  return created;
}

/** Three or more arms with these allocations, named a, b, c, d, … */
const arms = (...allocations: number[]) =>
  allocations.map((allocation, i) => ({
    name: String.fromCharCode(97 + i),
    allocation,
    profile: { form: 'sum', weights: { click: 1 + i } },
  }));

const USER_IDS = Array.from({ length: 100_000 }, (_, i) => `user-${i}`);

/** The variant of every test user (traffic 1: everyone is in). */
const variantsOf = (s: ExperimentService) => USER_IDS.map((id) => s.assign(id)?.variant);

/** "from→to" counts of the users whose variant changed. */
function moves(before: (string | undefined)[], after: (string | undefined)[]): Map<string, number> {
  const counts = new Map<string, number>();
  before.forEach((variant, i) => {
    if (variant !== after[i])
      counts.set(`${variant}→${after[i]}`, (counts.get(`${variant}→${after[i]}`) ?? 0) + 1);
  });
  return counts;
}

/** |observed − n·p| within 5 binomial standard deviations, over the test users. */
function expectShare(observed: number, p: number): void {
  const n = USER_IDS.length;
  expect(Math.abs(observed - n * p)).toBeLessThanOrEqual(5 * Math.sqrt(n * p * (1 - p)));
}

const total = (counts: Map<string, number>) => [...counts.values()].reduce((a, b) => a + b, 0);

describe('experiment service on shared Redis', () => {
  let redis: RedisHandle;
  beforeAll(async () => {
    redis = await startRedis();
  });
  afterAll(async () => {
    await redis.stop();
  });
  const keyPrefix = () => `test:exp:${process.pid}:${Date.now()}:${prefixCount++}`;

  it("shows each replica the other's PUT and DELETE at its next refresh", async () => {
    const prefix = keyPrefix();
    const a = await service({ redis: await client(redis.url), keyPrefix: prefix });
    const b = await service({ redis: await client(redis.url), keyPrefix: prefix });
    const { created } = await a.put('likes', definition({ traffic: 0.5 }));
    expect(created).toBe(true);
    expect(a.get('likes')?.traffic).toBe(0.5); // the writer serves it at once
    await until(() => b.get('likes') !== undefined, 'the PUT seen by the other replica');
    expect(b.get('likes')).toEqual(a.get('likes'));
    expect(b.assign('user-1')).toEqual(a.assign('user-1'));
    expect(b.state()).toMatchObject({ status: 'ok', source: 'redis', version: a.state().version });

    expect((await b.put('likes', definition({ traffic: 0 }))).created).toBe(false);
    await until(() => a.get('likes')?.traffic === 0, 'the second PUT seen by the first replica');
    await a.delete('likes');
    await until(() => b.get('likes') === undefined, 'the DELETE seen by the other replica');
    await expect(a.delete('likes')).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });

  it('validates a PUT fully, naming the field, and checks profiles with the injected callback', async () => {
    const checkProfile = (profile: { weights: Record<string, number> }, field: string) => {
      if ('dwell' in profile.weights)
        throw new MultirankError('BAD_REQUEST', `${field}.weights.dwell: no such head`);
    };
    const s = await service({ redis: await client(redis.url), keyPrefix: keyPrefix(), checkProfile });
    await expect(s.put('x', definition({ traffic: 2 }))).rejects.toThrow(/^traffic: /);
    const dwell = definition({
      variants: [{ name: 'a', allocation: 1, profile: { form: 'sum', weights: { dwell: 1 } } }],
    });
    await expect(s.put('x', dwell)).rejects.toThrow(/^variants\[0\]\.profile\.weights\.dwell: /);
    expect(s.list()).toEqual([]);
  });

  it('applies a file definition once; API edits survive restarts until the file changes', async () => {
    const prefix = keyPrefix();
    const v1 = yamlFile('v1.yaml', FILE_V1);
    const v2 = yamlFile('v2.yaml', FILE_V2);
    const start = async (file: string) =>
      service({ redis: await client(redis.url), keyPrefix: prefix, file });

    const first = await start(v1);
    expect(first.get('from-file')?.updatedAt).toBeDefined(); // written to Redis and read back
    await first.put('from-file', definition({ traffic: 0.25 }));
    // A restart with the same file keeps the API edit.
    expect((await start(v1)).get('from-file')?.traffic).toBe(0.25);
    // A deployment with a changed definition replaces it…
    const deployed = await start(v2);
    expect(deployed.get('from-file')?.variants[0]?.allocation).toBe(2);
    // …and an old replica restarting with the old file does not revert it (Redis has seen v1).
    expect((await start(v1)).get('from-file')?.variants[0]?.allocation).toBe(2);

    // Deleting a file definition leaves a tombstone: the same file does not bring it back.
    await deployed.delete('from-file');
    expect((await start(v2)).get('from-file')).toBeUndefined();
    expect(
      (await start(yamlFile('v3.yaml', FILE_V2.replace('traffic: 1', 'traffic: 0.5')))).get('from-file')
        ?.traffic,
    ).toBe(0.5);
  });

  it('moves only the users an allocation change must, on every replica', async () => {
    const prefix = keyPrefix();
    const a = await service({ redis: await client(redis.url), keyPrefix: prefix });
    const b = await service({ redis: await client(redis.url), keyPrefix: prefix });
    await a.put('arms', definition({ variants: arms(1, 1, 1) }));
    const even = variantsOf(a);

    // [1,1,1] → [2,1,1]: a takes 1/6 of users, from b and c; nobody moves between b and c.
    await a.put('arms', definition({ variants: arms(2, 1, 1) }));
    await until(() => b.get('arms')?.variants[0]?.allocation === 2, 'the change seen by the other replica');
    const raised = variantsOf(b);
    expect(variantsOf(a)).toEqual(raised);
    const moved = moves(even, raised);
    expect([...moved.keys()].sort()).toEqual(['b→a', 'c→a']);
    expectShare(total(moved), 1 / 6);

    // A fourth arm takes a quarter, only into it.
    await b.put('arms', definition({ variants: arms(2, 1, 1, 4 / 3) }));
    const fourth = moves(raised, variantsOf(b));
    expect(new Set([...fourth.keys()].map((key) => key.split('→')[1]))).toEqual(new Set(['d']));
    expectShare(total(fourth), 0.25);
    // Reordering the arms and changing their profiles leaves the counts alone here: nobody moves.
    const before = variantsOf(b);
    const reordered = arms(2, 1, 1, 4 / 3).map((arm) => ({
      ...arm,
      profile: { form: 'sum', weights: { like: 1 } },
    }));
    await b.put('arms', definition({ variants: reordered.reverse() }));
    expect(variantsOf(b)).toEqual(before);
  });

  it('keeps assigning a definition stored before ranges existed, and rebalances it from there', async () => {
    const prefix = keyPrefix();
    const raw = await client(redis.url);
    // As an earlier version stored it: no ranges, and a traffic it rounded silently.
    const legacy = { id: 'old', salt: 'old', ...definition({ traffic: 0.99999, variants: arms(1, 1, 1) }) };
    await raw.hset(
      `{${prefix}}:defs`,
      'old',
      JSON.stringify({ experiment: legacy, source: 'api', fileHashes: [] }),
    );
    await raw.incr(`{${prefix}}:version`);
    const s = await service({ redis: raw, keyPrefix: prefix });
    const expected = createAssigner([parseExperiment('old', { ...legacy, traffic: 1 })]);
    const served = variantsOf(s);
    expect(served).toEqual(USER_IDS.map((id) => expected.assign(id)?.variant));
    expect(s.get('old')?.buckets).toBeUndefined();

    await s.put('old', definition({ variants: arms(2, 1, 1) }));
    expect(s.get('old')?.buckets).toEqual(
      rebalanceRanges(contiguousRanges(legacy.variants as never), s.get('old')!.variants),
    );
    const moved = moves(served, variantsOf(s));
    expect([...moved.keys()].sort()).toEqual(['b→a', 'c→a']);
    expectShare(total(moved), 1 / 6);
  });

  it('rebalances a file definition a deployment changes', async () => {
    const prefix = keyPrefix();
    const file = (allocations: number[]) =>
      yamlFile(
        `arms-${allocations.join('-')}.yaml`,
        JSON.stringify({ experiments: [{ id: 'f', ...definition({ variants: arms(...allocations) }) }] }),
      );
    const first = await service({ redis: await client(redis.url), keyPrefix: prefix, file: file([1, 1, 1]) });
    const even = variantsOf(first);
    const next = await service({
      redis: await client(redis.url),
      keyPrefix: prefix,
      file: file([1, 1, 1, 1]),
    });
    const moved = moves(even, variantsOf(next));
    expect(new Set([...moved.keys()].map((key) => key.split('→')[1]))).toEqual(new Set(['d']));
    expectShare(total(moved), 0.25);
  });

  it('bases each of two concurrent writes on the other: the ranges are one sequence of the two', async () => {
    const prefix = keyPrefix();
    const a = await service({ redis: await client(redis.url), keyPrefix: prefix, refreshMs: 0 });
    const b = await service({ redis: await client(redis.url), keyPrefix: prefix, refreshMs: 0 });
    const base = parseExperiment('race', definition({ variants: arms(1, 1, 1) }));
    // Two changes whose sequence differs from each alone (a last-write-wins store would keep one alone).
    const one = parseExperiment('race', definition({ variants: arms(1, 3, 1) }));
    const two = parseExperiment('race', definition({ variants: arms(1, 1, 3) }));
    for (let round = 0; round < 5; round++) {
      await a.put('race', base);
      const start = a.get('race')!.buckets!;
      await Promise.all([a.put('race', one), b.put('race', two)]);
      await a.refresh();
      const final = a.get('race')!;
      const last = final.variants[1]!.allocation === 3 ? one : two;
      const first = last === one ? two : one;
      expect(final.buckets).toEqual(rebalanceRanges(rebalanceRanges(start, first.variants), last.variants));
    }
  });

  it('skips records in Redis that fail validation', async () => {
    const prefix = keyPrefix();
    const raw = await client(redis.url);
    await raw.hset(
      `{${prefix}}:defs`,
      'broken',
      JSON.stringify({ experiment: { status: 'running' }, source: 'api' }),
    );
    await raw.hset(`{${prefix}}:defs`, 'garbage', 'not json');
    await raw.incr(`{${prefix}}:version`);
    const warnings: string[] = [];
    const log = { info: () => undefined, warn: (_: object, message: string) => void warnings.push(message) };
    const s = await service({ redis: raw, keyPrefix: prefix, log });
    await s.put('good', definition());
    expect(s.list().map((e) => e.id)).toEqual(['good']);
    expect(warnings.length).toBeGreaterThan(0);
  });
});

describe('experiment service when Redis goes away', () => {
  let server: SpawnedRedis | undefined;
  afterEach(async () => {
    await server?.stop();
    server = undefined;
  });

  it('keeps assigning with the last known set, answers 503 to changes, and re-seeds a wiped Redis', async () => {
    server = await spawnRedisServer();
    const url = `redis://127.0.0.1:${server.port}`;
    const s = await service({ redis: await client(url), file: yamlFile('outage.yaml', FILE_V1) });
    await s.put('api-only', definition({ traffic: 1 }));
    const before = s.assign('user-1');
    expect(before?.experimentId).toBe('api-only'); // "api-only" sorts before "from-file"

    const port = server.port;
    await server.stop();
    await s.refresh();
    expect(s.state()).toMatchObject({ status: 'degraded', source: 'redis' });
    expect(s.assign('user-1')).toEqual(before);
    expect(s.list().map((e) => e.id)).toEqual(['api-only', 'from-file']);
    await expect(s.put('new', definition())).rejects.toMatchObject({ code: 'UNAVAILABLE' });

    // Back, but empty: the file is applied again; the API-only definition is gone.
    server = await spawnRedisServer([], port);
    await until(
      () => s.state().status === 'ok' && s.get('api-only') === undefined,
      're-seeded from the file',
    );
    expect(s.list().map((e) => e.id)).toEqual(['from-file']);
  });

  it('serves the file when Redis is unreachable at start', async () => {
    const redis = createRedisClient('redis://127.0.0.1:1', { commandTimeoutMs: 50 });
    redis.on('error', () => undefined);
    clients.push(redis);
    const s = await service({ redis, file: yamlFile('down.yaml', FILE_V1), connectWaitMs: 100 });
    expect(s.list().map((e) => e.id)).toEqual(['from-file']);
    expect(s.assign('user-1')?.experimentId).toBe('from-file');
    expect(s.state()).toMatchObject({ status: 'degraded', source: 'file' });
  });
});

describe('experiment service while Redis is slow', () => {
  it('saves a PUT sent during a stall that times out serving reads (the writes connection)', async () => {
    // Its own server: the stall pauses every client of it.
    const server = await spawnRedisServer();
    const connections = openRedisConnections(`redis://127.0.0.1:${server.port}`, {
      timeoutsMs: { serving: 50, writes: 1_000, scans: 10_000 },
    });
    try {
      for (const c of Object.values(connections)) {
        c.on('error', () => undefined);
        await untilRedisReady(c);
      }
      // Wired as serving.ts wires it: handed the serving connection, it talks over the writes one.
      const s = await service({ redis: connections.serving, refreshMs: 0 });
      expect(s.state()).toMatchObject({ status: 'ok', source: 'redis' });

      void stallRedis(connections.serving, 300);
      // Queued behind the pause on the serving connection: a serving read times out …
      await expect(connections.serving.get('anything')).rejects.toThrow(/Command timed out/);
      // … while the admin write sent during the stall waits it out and is saved.
      const { created } = await s.put('slow', definition());
      expect(created).toBe(true);
      expect(s.get('slow')).toBeDefined();
      expect(s.state()).toMatchObject({ status: 'ok', source: 'redis' });
    } finally {
      await closeRedisConnections(connections);
      await server.stop();
    }
  });
});

describe('experiment service without Redis', () => {
  it('serves the file and refuses changes with 409', async () => {
    const s = await service({ file: yamlFile('only.yaml', FILE_V1) });
    expect(s.list().map((e) => e.id)).toEqual(['from-file']);
    expect(s.assign('user-9')).toMatchObject({
      experimentId: 'from-file',
      variant: 'control',
      forced: false,
    });
    expect(s.state()).toEqual({ status: 'ok', source: 'file', version: null, syncedAt: null });
    await expect(s.put('x', definition())).rejects.toMatchObject({ code: 'CONFLICT' });
    await expect(s.delete('from-file')).rejects.toMatchObject({ code: 'CONFLICT' });
  });

  it('loads the example file shipped in examples/', async () => {
    const example = fileURLToPath(new URL('../../examples/experiments.yaml', import.meta.url));
    const s = await service({ file: example });
    expect(s.list().map((e) => [e.id, e.status])).toEqual([
      ['likes-and-watch-2025-06', 'running'],
      ['product-form-2025-07', 'draft'],
    ]);
  });

  it('reads JSON files too, and fails the start naming the file and the field', async () => {
    const json = yamlFile('defs.json', JSON.stringify({ experiments: [{ id: 'j', ...definition() }] }));
    expect((await service({ file: json })).get('j')?.salt).toBe('j');
    const bad = yamlFile('bad.yaml', FILE_V1.replace('traffic: 1', 'traffic: .inf'));
    await expect(createExperimentService({ file: bad })).rejects.toThrow(
      `experiments file ${bad}: experiments[0].traffic: must be a finite number`,
    );
    await expect(createExperimentService({ file: join(dir, 'missing.yaml') })).rejects.toThrow(
      /missing\.yaml/,
    );
  });
});

/**
 * GET /v1/models and POST /v1/models/:version/activate over real bundles: copies of the shipped
 * model in a temporary MULTIRANK_MODELS_DIR (`a` served at start, `b` identical, `c` tampered).
 * The hot swap runs through a real listening server while requests keep arriving.
 */
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { MultirankApp } from '../../src/app.js';
import { setBundleOnnx } from '../../src/model/bundle-onnx.js';
import { DEFAULT_MODEL_DIR, servingApp } from '../helpers/serving.js';

const KEY = 'test-admin-key-of-32-characters!';
const HEADS = ['click', 'watch', 'like', 'dismiss', 'rating'];

let modelsDir: string;
beforeAll(async () => {
  modelsDir = mkdtempSync(join(tmpdir(), 'multirank-models-'));
  for (const version of ['a', 'b', 'c', 'tfjs-only'])
    cpSync(DEFAULT_MODEL_DIR, join(modelsDir, version), { recursive: true });
  // Edited after training: the manifest's content hash no longer matches.
  const metrics = join(modelsDir, 'c', 'metrics.json');
  writeFileSync(metrics, readFileSync(metrics, 'utf8').replace('{', '{"edited":true,'));
  // A bundle from before bundles carried an ONNX graph: served on TF.js.
  await setBundleOnnx(join(modelsDir, 'tfjs-only'), null);
});
afterAll(() => {
  if (modelsDir) rmSync(modelsDir, { recursive: true, force: true });
});

/** An app serving bundle `a` from the temporary models directory, with the admin key unless told otherwise. */
function modelsApp(env: NodeJS.ProcessEnv = { MULTIRANK_ADMIN_KEY: KEY }) {
  return servingApp({ MULTIRANK_MODEL: join(modelsDir, 'a'), MULTIRANK_MODELS_DIR: modelsDir, ...env });
}

function activate(
  app: MultirankApp,
  version: string,
  headers: Record<string, string> = { 'x-api-key': KEY },
) {
  return app.inject({ method: 'POST', url: `/v1/models/${version}/activate`, headers });
}

async function rankedBy(app: MultirankApp): Promise<string> {
  const res = await app.inject({ method: 'POST', url: '/v1/rank', payload: { userId: 'u1', limit: 3 } });
  expect(res.statusCode, res.body).toBe(200);
  return res.json<{ model: string }>().model;
}

describe('GET /v1/models', () => {
  it('lists the bundles of the models directory with their manifests, the served one active', async () => {
    const { app } = await modelsApp();
    const res = await app.inject({ method: 'GET', url: '/v1/models' });
    expect(res.statusCode).toBe(200);
    const body = res.json<{
      active: string;
      models: { version: string; active: boolean; contentHash: string }[];
    }>();
    expect(body.active).toBe('a');
    expect(body.models.map((m) => [m.version, m.active])).toEqual([
      ['a', true],
      ['b', false],
      ['c', false],
      ['tfjs-only', false],
    ]);
    const manifest = JSON.parse(readFileSync(join(DEFAULT_MODEL_DIR, 'manifest.json'), 'utf8'));
    expect(body.models[1]).toEqual({
      version: 'b',
      active: false,
      name: manifest.name,
      createdAt: manifest.createdAt,
      contentHash: manifest.contentHash,
      heads: HEADS,
    });
  });
});

describe('POST /v1/models/:version/activate', () => {
  it('answers 401 without the admin key or with a wrong one', async () => {
    const { app } = await modelsApp();
    const attempts: Record<string, string>[] = [{}, { 'x-api-key': 'wrong' }];
    for (const headers of attempts) {
      const res = await activate(app, 'b', headers);
      expect(res.statusCode).toBe(401);
      expect(res.json().error.code).toBe('UNAUTHORIZED');
    }
    expect(await rankedBy(app)).toBe('a');
  });

  it('answers 403 when MULTIRANK_ADMIN_KEY is not configured', async () => {
    const { app } = await modelsApp({});
    const res = await activate(app, 'b');
    expect(res.statusCode).toBe(403);
    expect(res.json().error).toMatchObject({
      code: 'FORBIDDEN',
      message: expect.stringContaining('MULTIRANK_ADMIN_KEY'),
    });
  });

  it('serves the activated bundle from the next request on', async () => {
    const { app } = await modelsApp();
    expect(await rankedBy(app)).toBe('a');
    const res = await app.inject({
      method: 'POST',
      url: '/v1/models/b/activate',
      headers: { authorization: `Bearer ${KEY}` },
    });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({
      active: 'b',
      previous: 'a',
      contentHash: expect.stringMatching(/^sha256:/),
    });
    expect(await rankedBy(app)).toBe('b');
    const listed = (await app.inject({ method: 'GET', url: '/v1/models' })).json();
    expect(listed.active).toBe('b');
    expect(
      listed.models.filter((m: { active: boolean }) => m.active).map((m: { version: string }) => m.version),
    ).toEqual(['b']);
  });

  it('names the engine in /readyz and /metrics, and follows a swap to a bundle without ONNX', async () => {
    const { app } = await modelsApp();
    const ready = async () => (await app.inject({ method: 'GET', url: '/readyz' })).json();
    expect(await ready()).toMatchObject({ engine: 'onnx' });
    expect((await ready()).components).toContainEqual(
      expect.objectContaining({ name: 'model', detail: expect.stringMatching(/^a sha256:\w+ on onnx$/) }),
    );
    const metrics = async () => (await app.inject({ method: 'GET', url: '/metrics' })).body;
    expect(await metrics()).toMatch(
      /multirank_model_info\{version="a",content_hash="sha256:\w+",engine="onnx"\} 1/,
    );
    expect((await activate(app, 'tfjs-only')).statusCode).toBe(200);
    expect(await ready()).toMatchObject({ engine: 'tfjs' });
    expect(await metrics()).toMatch(
      /multirank_model_info\{version="tfjs-only",content_hash="sha256:\w+",engine="tfjs"\} 1/,
    );
    expect(await rankedBy(app)).toBe('tfjs-only');
  });

  it('refuses a tampered bundle with 400 naming it, and keeps serving the old one', async () => {
    const { app } = await modelsApp();
    const res = await activate(app, 'c');
    expect(res.statusCode).toBe(400);
    expect(res.json().error.code).toBe('BAD_REQUEST');
    expect(res.json().error.message).toContain('"c" refused, still serving "a"');
    expect(res.json().error.message).toContain('content hash mismatch');
    // The bundle is named by its version, never by this host's path.
    expect(res.json().error.message).not.toContain(tmpdir());
    expect(await rankedBy(app)).toBe('a');
  });

  it('answers 404 to an unknown version and 400 to one that leaves the models directory', async () => {
    const { app } = await modelsApp();
    const unknown = await activate(app, 'nope');
    expect(unknown.statusCode).toBe(404);
    // The version only: the models directory is a path on the server, no business of the caller's.
    expect(unknown.json()).toEqual({ error: { code: 'NOT_FOUND', message: 'version: no model "nope"' } });
    const outside = await activate(app, '..%2Fa');
    expect(outside.statusCode).toBe(400);
    expect(outside.json().error.message).toContain('"../a"');
    expect(await rankedBy(app)).toBe('a');
  });
});

describe('hot swap under traffic (real listening server)', () => {
  // An activation reads its ~80 files one await at a time, each waiting behind a turn of request
  // work: under traffic it takes seconds (idle: ~150 ms), several times over on a busy machine.
  it('answers every request with 200 from a or b while the model flips back and forth', {
    timeout: 120_000,
  }, async () => {
    const { app } = await modelsApp({
      MULTIRANK_ADMIN_KEY: KEY,
      // About the swap, not overload: on a busy machine the traffic below can push the event loop
      // delay past the shedding limit (503s), and a slowed activation past the 10 s socket
      // timeout (connectionTimeout = MULTIRANK_REQUEST_TIMEOUT_MS), which drops its answer.
      MULTIRANK_MAX_EVENT_LOOP_DELAY_MS: '0',
      MULTIRANK_REQUEST_TIMEOUT_MS: '120000',
    });
    const base = await app.listen({ host: '127.0.0.1', port: 0 });
    const tensorsBefore = tf.memory().numTensors;

    const statuses = new Map<number, number>();
    const models = new Map<string, number>();
    let sent = 0;
    let swapsDone = false;
    const worker = async () => {
      // At least 200 requests in all, and requests keep coming until the last swap is done.
      while (sent < 200 || !swapsDone) {
        const n = sent++;
        const answer = await fetch(`${base}/v1/rank`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify(rankBody(n)),
        }).then(
          async (res) => ({ status: res.status, model: ((await res.json()) as { model?: string }).model }),
          () => ({ status: 0, model: undefined }), // no answer at all: counted as a failure
        );
        statuses.set(answer.status, (statuses.get(answer.status) ?? 0) + 1);
        if (answer.model) models.set(answer.model, (models.get(answer.model) ?? 0) + 1);
      }
    };
    const swaps = async () => {
      const answers: number[] = [];
      try {
        for (const version of ['b', 'a', 'b']) {
          const res = await fetch(`${base}/v1/models/${version}/activate`, {
            method: 'POST',
            headers: { 'x-api-key': KEY },
          }).catch(() => ({ status: 0 }));
          answers.push(res.status);
        }
      } finally {
        swapsDone = true;
      }
      return answers;
    };

    const [swapAnswers] = await Promise.all([swaps(), ...Array.from({ length: 2 }, worker)]);
    expect(swapAnswers).toEqual([200, 200, 200]);
    expect(Object.fromEntries(statuses)).toEqual({ 200: sent });
    expect(sent).toBeGreaterThanOrEqual(200);
    expect([...models.keys()].sort()).toEqual(['a', 'b']);
    // Every retired model was disposed once its last request returned: one model's tensors remain.
    expect(tf.memory().numTensors).toBe(tensorsBefore);
  });
});

/** Request n: mostly a short candidate list (cheap), every fourth one generated (the full path). */
function rankBody(n: number) {
  const userId = `u${n % 100}`;
  if (n % 4 === 0) return { userId, limit: 5 };
  return {
    userId,
    limit: 5,
    candidates: Array.from({ length: 20 }, (_, i) => ({ itemId: `i${(n + i * 37) % 900}` })),
  };
}

import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { MultirankError } from '../../src/errors.js';
import type { ServedModel } from '../../src/ranking/served-model.js';
import { createModelRegistry } from '../../src/serving/model-registry.js';
import { until } from '../helpers/wait.js';

/** A stand-in for a loaded bundle: only what the registry reads, plus a dispose counter. */
interface FakeModel extends ServedModel {
  disposed: number;
}

function fakeModel(modelsDir: string, version: string): FakeModel {
  const model = {
    version,
    bundle: { dir: join(modelsDir, version), manifest: { contentHash: `sha256:${version}` } },
    disposed: 0,
    dispose() {
      model.disposed++;
    },
  };
  return model as unknown as FakeModel;
}

/** A promise with its resolve and reject exposed, to hold a request or a load open. */
function deferred<T = void>() {
  let resolve!: (value: T) => void;
  let reject!: (error: unknown) => void;
  const promise = new Promise<T>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}

/**
 * Gives queued callbacks (and the registry's file-system checks) a chance to run, before checking
 * that something did NOT happen: a busy machine can only make such a check miss a bug, never fail.
 */
const settle = () => new Promise((resolve) => setTimeout(resolve, 50));

function writeManifest(dir: string, text: string): void {
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'manifest.json'), text);
}

describe('model registry', () => {
  let modelsDir: string;
  let initial: FakeModel;
  let loads: string[];
  /** What the injected loader answers per version; default: a fresh fake model. */
  let loaders: Record<string, () => Promise<ServedModel>>;

  const load = async (dir: string): Promise<ServedModel> => {
    const version = dir.slice(modelsDir.length + 1);
    loads.push(version);
    return (loaders[version] ?? (async () => fakeModel(modelsDir, version)))();
  };

  beforeEach(() => {
    modelsDir = mkdtempSync(join(tmpdir(), 'multirank-registry-'));
    for (const version of ['a', 'b', 'c'])
      writeManifest(
        join(modelsDir, version),
        JSON.stringify({
          name: version,
          createdAt: '2026-01-01T00:00:00Z',
          contentHash: `sha256:${version}`,
        }),
      );
    initial = fakeModel(modelsDir, 'a');
    loads = [];
    loaders = {};
  });
  afterEach(() => rmSync(modelsDir, { recursive: true, force: true }));

  it('keeps a model borrowed by a slow request until that request ends, even after a swap', async () => {
    const registry = createModelRegistry(modelsDir, initial, load);
    const release = deferred<string>();
    const slow = registry.use(async (model) => `${model.version}:${await release.promise}`);

    const b = (await registry.activate('b')).model as FakeModel;
    expect(registry.active()).toBe(b);
    expect(initial.disposed).toBe(0); // still borrowed
    expect(await registry.use((model) => model.version)).toBe('b'); // new requests get the new model

    release.resolve('done');
    expect(await slow).toBe('a:done'); // the slow request finished on the model it started with
    expect(initial.disposed).toBe(1);
    expect(b.disposed).toBe(0);
  });

  it('disposes the old model at once when no request holds it, and releases a model whose request threw', async () => {
    const registry = createModelRegistry(modelsDir, initial, load);
    await expect(
      registry.use(() => {
        throw new Error('scoring failed');
      }),
    ).rejects.toThrow('scoring failed');
    await registry.activate('b');
    expect(initial.disposed).toBe(1);
  });

  it('refuses a bundle that fails to load, naming the version, and keeps serving the active one', async () => {
    loaders.c = async () => {
      throw new Error('content hash mismatch (files changed after training)');
    };
    const registry = createModelRegistry(modelsDir, initial, load);
    const refused = await registry.activate('c').catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(MultirankError);
    expect(refused).toMatchObject({ code: 'BAD_REQUEST', statusCode: 400 });
    expect((refused as Error).message).toContain('"c" refused, still serving "a"');
    expect((refused as Error).message).toContain('content hash mismatch');
    expect(registry.active()).toBe(initial);
    expect(initial.disposed).toBe(0);

    // A refused activation does not block the next one.
    expect((await registry.activate('b')).model.version).toBe('b');
  });

  it.each(['../x', 'a/b', '..', '.hidden', '', 'a\\b', `x${'y'.repeat(128)}`])(
    'answers 400 to the version %j without touching the file system',
    async (version) => {
      const registry = createModelRegistry(modelsDir, initial, load);
      await expect(registry.activate(version)).rejects.toMatchObject({
        code: 'BAD_REQUEST',
        statusCode: 400,
      });
      expect(loads).toEqual([]);
      expect(registry.active()).toBe(initial);
    },
  );

  it('answers 404 to a version with no folder', async () => {
    const registry = createModelRegistry(modelsDir, initial, load);
    const missing = await registry.activate('nope').catch((error: unknown) => error);
    expect(missing).toMatchObject({ code: 'NOT_FOUND', statusCode: 404 });
    expect((missing as Error).message).toContain('"nope"');
    expect(loads).toEqual([]);
  });

  it('runs concurrent activations one after the other', async () => {
    const gates = { b: deferred(), c: deferred() };
    let loading = 0;
    let mostAtOnce = 0;
    for (const version of ['b', 'c'] as const) {
      loaders[version] = async () => {
        loading++;
        mostAtOnce = Math.max(mostAtOnce, loading);
        await gates[version].promise;
        loading--;
        return fakeModel(modelsDir, version);
      };
    }
    const registry = createModelRegistry(modelsDir, initial, load);
    const first = registry.activate('b');
    const second = registry.activate('c');
    await until(() => loads.length > 0, 'loading b');
    await settle();
    expect(loads).toEqual(['b']); // c waits for b's activation to finish

    gates.c.resolve(); // releasing the later one first changes nothing
    await settle();
    expect(loads).toEqual(['b']);
    gates.b.resolve();
    const [b, c] = (await Promise.all([first, second])).map((a) => a.model) as FakeModel[];
    expect((await second).previous).toBe('b'); // the version it really replaced

    expect(loads).toEqual(['b', 'c']);
    expect(mostAtOnce).toBe(1);
    expect(registry.active()).toBe(c);
    expect([initial.disposed, b?.disposed, c?.disposed]).toEqual([1, 1, 0]);
  });

  it('lists bundle folders, marks the active one and reports a broken manifest', async () => {
    writeManifest(join(modelsDir, 'broken'), '{ "name": ');
    mkdirSync(join(modelsDir, 'not-a-bundle')); // no manifest.json: not listed
    writeFileSync(join(modelsDir, 'notes.txt'), 'a file, not a folder');
    const registry = createModelRegistry(modelsDir, initial, load);

    const listed = await registry.list();
    expect(listed.map((m) => m.version)).toEqual(['a', 'b', 'broken', 'c']);
    expect(listed.filter((m) => m.active).map((m) => m.version)).toEqual(['a']);
    expect(listed[0]).toEqual({
      version: 'a',
      active: true,
      name: 'a',
      createdAt: '2026-01-01T00:00:00Z',
      contentHash: 'sha256:a',
      heads: undefined,
    });
    expect(listed[2]).toMatchObject({
      version: 'broken',
      active: false,
      error: expect.stringMatching(/^manifest\.json: /),
    });

    await registry.activate('c');
    expect((await registry.list()).filter((m) => m.active).map((m) => m.version)).toEqual(['c']);
  });

  it('lists nothing when the models directory does not exist', async () => {
    const registry = createModelRegistry(join(modelsDir, 'missing'), initial, load);
    expect(await registry.list()).toEqual([]);
  });

  it('on close, disposes the active model only after its requests end', async () => {
    const registry = createModelRegistry(modelsDir, initial, load);
    const release = deferred();
    const inFlight = registry.use(() => release.promise);
    let closed = false;
    const closing = registry.close().then(() => {
      closed = true;
    });
    await settle();
    expect(closed).toBe(false);
    expect(initial.disposed).toBe(0);
    release.resolve();
    await Promise.all([inFlight, closing]);
    expect(initial.disposed).toBe(1);
  });
});

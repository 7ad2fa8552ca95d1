import { once } from 'node:events';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createHttpOrigin,
  createUserFeatureStore,
  HttpOriginError,
  loadFileOrigin,
} from '../../../src/features/user-store/index.js';
import { sleep } from './helpers.js';

describe('loadFileOrigin', () => {
  for (const file of ['users.csv', 'users.jsonl']) {
    it(`serves the rows of ${file} keyed by user_id and leaves unknown ids out`, async () => {
      const origin = await loadFileOrigin({ path: `test/fixtures/data/${file}` });
      expect(origin.size).toBeGreaterThan(1);
      const found = await origin.get(['u1', 'nobody', 'u2']);
      expect([...found.keys()]).toEqual(['u1', 'u2']);
      expect(found.get('u1')).toMatchObject({ user_id: 'u1', region: 'eu' });
    });
  }
});

/** A feature service on 127.0.0.1 whose behaviour each test picks through the request path. */
async function featureService(): Promise<{ server: Server; url: string; bodies: unknown[] }> {
  const bodies: unknown[] = [];
  const users: Record<string, unknown> = { u1: { region: 'eu' }, u2: { region: 'na' }, bad: 'not an object' };
  const server = createServer(async (req: IncomingMessage, res: ServerResponse) => {
    let text = '';
    for await (const chunk of req) text += String(chunk);
    const body = JSON.parse(text) as { ids: string[] };
    bodies.push(body);
    if (req.url === '/slow') await sleep(500);
    if (req.url === '/fail') {
      res.writeHead(500).end('boom');
      return;
    }
    if (req.url === '/garbage') {
      res.writeHead(200, { 'content-type': 'application/json' }).end('{not json');
      return;
    }
    const reply = Object.fromEntries(body.ids.map((id) => [id, users[id] ?? null]));
    if (!res.destroyed)
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ users: reply }));
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as AddressInfo;
  return { server, url: `http://127.0.0.1:${port}`, bodies };
}

describe('createHttpOrigin (against a local HTTP server)', () => {
  let service: Awaited<ReturnType<typeof featureService>>;
  beforeAll(async () => {
    service = await featureService();
  });
  afterAll(async () => {
    service.server.closeAllConnections();
    await new Promise((resolve) => service.server.close(resolve));
  });

  it('POSTs the ids as JSON and returns the users the service knows', async () => {
    const origin = createHttpOrigin({ url: `${service.url}/users`, timeoutMs: 2000 });
    const found = await origin.get(['u1', 'u2', 'ghost', 'bad']);
    expect(service.bodies.at(-1)).toEqual({ ids: ['u1', 'u2', 'ghost', 'bad'] });
    expect(Object.fromEntries(found)).toEqual({ u1: { region: 'eu' }, u2: { region: 'na' } });
    expect(origin.stats()).toEqual({ requests: 1, errors: 0, timeouts: 0 });
  });

  it('splits long id lists into several requests', async () => {
    const origin = createHttpOrigin({ url: `${service.url}/users`, timeoutMs: 2000, maxIdsPerRequest: 1 });
    const found = await origin.get(['u1', 'u2']);
    expect(found.size).toBe(2);
    expect(origin.stats().requests).toBe(2);
  });

  it('gives up after its timeout and counts it', async () => {
    const origin = createHttpOrigin({ url: `${service.url}/slow`, timeoutMs: 100 });
    await expect(origin.get(['u1'])).rejects.toThrow(/within 100 ms/);
    expect(origin.stats()).toEqual({ requests: 1, errors: 1, timeouts: 1 });
  });

  it('counts non-2xx, malformed replies and refused connections as errors', async () => {
    for (const path of ['/fail', '/garbage']) {
      const origin = createHttpOrigin({ url: `${service.url}${path}`, timeoutMs: 2000 });
      await expect(origin.get(['u1'])).rejects.toBeInstanceOf(HttpOriginError);
      expect(origin.stats().errors).toBe(1);
    }
    const refused = createHttpOrigin({ url: 'http://127.0.0.1:1/users', timeoutMs: 2000 });
    await expect(refused.get(['u1'])).rejects.toBeInstanceOf(HttpOriginError);
  });

  it('behind the store, a timing-out service means default features, not a failed request', async () => {
    const store = createUserFeatureStore({
      origin: createHttpOrigin({ url: `${service.url}/slow`, timeoutMs: 50 }),
    });
    const users = await store.getMany(['u1']);
    expect(users.get('u1')).toEqual({ features: {}, layer: 'default' });
    expect(store.stats().origin.errors).toBe(1);
    // An outage is not "user unknown": nothing was cached, the next call asks again.
    await store.getMany(['u1']);
    expect(store.stats().origin.fetches).toBe(2);
  });
});

/**
 * Slow clients against a real listening server: a request whose body does not arrive within
 * MULTIRANK_REQUEST_TIMEOUT_MS is closed, so stalled uploads cannot pile up file descriptors.
 */
import { connect, type Socket } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { buildTestApp } from '../helpers/app.js';

const sockets: Socket[] = [];
afterEach(() => {
  for (const socket of sockets.splice(0)) socket.destroy();
});

/**
 * Opens a connection that sends the headers of a 1,000-byte POST and a few body bytes, then stops.
 * Resolves `connected` once the bytes are written and `closed` when the server closes the socket.
 */
function stalledBody(port: number, path: string): { connected: Promise<void>; closed: Promise<string> } {
  const socket = connect(port, '127.0.0.1');
  sockets.push(socket);
  let received = '';
  socket.on('data', (chunk: Buffer) => {
    received += chunk.toString();
  });
  socket.on('error', () => undefined); // a reset is a close too; 'close' follows
  const connected = new Promise<void>((resolve, reject) => {
    socket.once('error', reject);
    socket.once('connect', () => {
      socket.write(
        `POST ${path} HTTP/1.1\r\nhost: 127.0.0.1\r\ncontent-type: application/json\r\ncontent-length: 1000\r\n\r\n{"a`,
        () => resolve(),
      );
    });
  });
  const closed = new Promise<string>((resolve) => socket.once('close', () => resolve(received)));
  return { connected, closed };
}

describe('slow clients (a real socket)', () => {
  it('closes 1,000 connections whose bodies stall, answering a normal request meanwhile', async () => {
    const app = await buildTestApp(
      {},
      { MULTIRANK_REQUEST_TIMEOUT_MS: '500', MULTIRANK_RATE_LIMIT_PER_MINUTE: '0' },
    );
    app.post('/upload', async (request) => ({ received: request.body }));
    const base = await app.listen({ host: '127.0.0.1', port: 0 });
    const port = Number(new URL(base).port);

    // Open them in rounds so the listen backlog never overflows (a dropped SYN waits a second).
    const closed: Promise<string>[] = [];
    for (let round = 0; round < 10; round++) {
      const opened = Array.from({ length: 100 }, () => stalledBody(port, '/upload'));
      await Promise.all(opened.map((client) => client.connected));
      closed.push(...opened.map((client) => client.closed));
    }

    // 1,000 stalled uploads hold connections, yet a normal request is served.
    const health = await fetch(`${base}/healthz`);
    expect(health.status).toBe(200);

    // Every stalled connection is closed by the server (408 when the answer got through first).
    const answers = await Promise.all(closed);
    expect(answers).toHaveLength(1_000);
    for (const answer of answers) expect(answer === '' || answer.startsWith('HTTP/1.1 408')).toBe(true);
    expect(answers.some((answer) => answer.startsWith('HTTP/1.1 408'))).toBe(true);
  });
});

describe('shutting down (a real socket)', () => {
  it('refuses a request whose headers complete after close began with a 503 in the error format', async () => {
    const app = await buildTestApp({}, { MULTIRANK_RATE_LIMIT_PER_MINUTE: '0' });
    let release: () => void = () => undefined;
    let entered: () => void = () => undefined;
    const inHandler = new Promise<void>((resolve) => {
      entered = resolve;
    });
    // An in-flight request holds the close open while the second client finishes its headers.
    app.get('/slow', async () => {
      entered();
      await new Promise<void>((resolve) => {
        release = resolve;
      });
      return { done: true };
    });
    const base = await app.listen({ host: '127.0.0.1', port: 0 });
    const port = Number(new URL(base).port);
    const slow = fetch(`${base}/slow`);
    await inHandler;
    const socket = connect(port, '127.0.0.1');
    sockets.push(socket);
    let received = '';
    socket.on('data', (chunk: Buffer) => {
      received += chunk.toString();
    });
    const answered = new Promise<void>((resolve) => socket.once('close', () => resolve()));
    await new Promise<void>((resolve) =>
      socket.write('GET /healthz HTTP/1.1\r\nhost: 127.0.0.1\r\n', () => resolve()),
    );
    const closing = app.close();
    socket.write('\r\n');
    await answered;
    release();
    expect((await slow).status).toBe(200);
    await closing;
    expect(received).toMatch(/^HTTP\/1\.1 503/);
    expect(received.toLowerCase()).toContain('retry-after:');
    const body = JSON.parse(received.slice(received.indexOf('\r\n\r\n') + 4));
    expect(body).toEqual({
      error: { code: 'UNAVAILABLE', message: 'the service is shutting down; retry (another replica)' },
    });
  });
});

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

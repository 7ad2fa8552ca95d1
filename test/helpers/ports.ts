/** Free TCP ports on 127.0.0.1 for the processes tests spawn. */
import { createServer } from 'node:net';

/** True when nothing listens on 127.0.0.1:port right now. */
export function isPortFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = createServer();
    server.once('error', () => resolve(false));
    server.listen(port, '127.0.0.1', () => server.close(() => resolve(true)));
  });
}

/**
 * A port that is free together with port + offset (Redis Cluster also binds port + 10000 for its bus).
 * Picked at random in a high range so parallel test workers rarely collide.
 */
export async function freePort(offset = 0): Promise<number> {
  for (let attempt = 0; attempt < 200; attempt++) {
    const port = 20_000 + Math.floor(Math.random() * 20_000);
    if ((await isPortFree(port)) && (offset === 0 || (await isPortFree(port + offset)))) return port;
  }
  throw new Error('no free port found');
}

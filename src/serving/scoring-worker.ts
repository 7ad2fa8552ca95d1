/**
 * A scoring worker thread of the service (started by scoring-pool.ts): loads the bundle, opens its
 * engine as serving would (the first batch checked against TF.js), warms up, then scores the jobs
 * it is sent, one at a time. It holds no item catalog: each job brings its candidates' encoded
 * rows, so a replaced worker has nothing to catch up on. Outputs go back as transferred buffers.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { selectBackend } from '../engine/tfjs-backend.js';
import { MultirankError } from '../errors.js';
import { loadScorerAt } from '../ranking/served-model.js';
import type { ScoringReply, ScoringRequest, ScoringWorkerInit } from './scoring-messages.js';

if (!parentPort) throw new Error('scoring-worker.ts runs as a worker thread only');
const port = parentPort;
const post = (reply: ScoringReply, transfer: ArrayBuffer[] = []): void => port.postMessage(reply, transfer);

async function start(init: ScoringWorkerInit): Promise<void> {
  let loaded: Awaited<ReturnType<typeof loadScorerAt>>;
  try {
    await selectBackend(init.backend);
    loaded = await loadScorerAt(init.dir, init.engine);
  } catch (error) {
    post({ type: 'failed', message: error instanceof Error ? error.message : String(error) });
    return;
  }
  const { scorer } = loaded;
  port.on('message', (message: ScoringRequest) => {
    scorer.score(message.job).then(
      (outputs) => {
        const buffers = outputs.map((o) => o.buffer as ArrayBuffer);
        post({ type: 'scored', id: message.id, outputs }, [...new Set(buffers)]);
      },
      (error: unknown) => {
        const known = error instanceof MultirankError;
        post({
          type: 'rejected',
          id: message.id,
          code: known ? error.code : 'INTERNAL',
          message: error instanceof Error ? error.message : String(error),
        });
      },
    );
  });
  post({ type: 'ready', engine: scorer.engine, warnings: loaded.warnings });
}

await start(workerData as ScoringWorkerInit);

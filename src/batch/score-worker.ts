/**
 * A scoring worker thread (started by worker-pool.ts): selects the TF backend and the engine as
 * serving does (MULTIRANK_TF_BACKEND, MULTIRANK_ENGINE), loads the model once, then scores the
 * chunks it is sent.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { selectBackend } from '../engine/tfjs-backend.js';
import { loadServedModel } from '../ranking/served-model.js';
import { createChunkScorer } from './chunk-scorer.js';
import type { ChunkMessage, WorkerInit, WorkerReply } from './types.js';

if (!parentPort) throw new Error('score-worker.ts runs as a worker thread only');
const port = parentPort;
const post = (reply: WorkerReply): void => port.postMessage(reply);
const messageOf = (error: unknown): string => (error instanceof Error ? error.message : String(error));

async function start(init: WorkerInit): Promise<void> {
  let scorer: Awaited<ReturnType<typeof createChunkScorer>>;
  let engine: string;
  let warnings: string[];
  try {
    const { backend } = await selectBackend(init.backend);
    const model = await loadServedModel(init.modelDir, init.engine);
    engine = model.engine === 'tfjs' ? `tfjs (${backend})` : model.engine;
    warnings = model.warnings;
    scorer = await createChunkScorer(model, init);
  } catch (error) {
    post({ type: 'failed', message: messageOf(error) });
    return;
  }
  port.on('message', (message: ChunkMessage) => {
    scorer.score(message.entries).then(
      (outcomes) => post({ type: 'scored', id: message.id, outcomes }),
      (error: unknown) => post({ type: 'crashed', id: message.id, message: messageOf(error) }),
    );
  });
  post({ type: 'ready', heads: scorer.heads, profile: scorer.profile, engine, warnings });
}

await start(workerData as WorkerInit);

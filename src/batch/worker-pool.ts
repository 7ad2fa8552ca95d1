/**
 * The scoring workers: one thread per core, each with its own copy of the model. Chunks go to the
 * least busy worker; each `score` call resolves with that chunk's outcomes. Any worker failing to
 * load, crashing, or exiting fails the pool: the run stops and can be resumed.
 */
import type { Worker } from 'node:worker_threads';
import { MultirankError } from '../errors.js';
import { spawnWorker } from '../util/spawn-worker.js';
import type { ChunkMessage, InputEntry, Outcome, WorkerInit, WorkerReady, WorkerReply } from './types.js';

/** Running workers, all with the model loaded. */
export interface WorkerPool {
  /** What the first worker reported once ready (heads, profile, backend, warnings). */
  ready: WorkerReady;
  readonly size: number;
  score(entries: InputEntry[]): Promise<Outcome[]>;
  close(): Promise<void>;
}

interface Pending {
  resolve(outcomes: Outcome[]): void;
  reject(error: Error): void;
}

interface Slot {
  worker: Worker;
  pending: Map<number, Pending>;
}

/** Starts `count` workers and waits until every one has loaded the model (or one failed). */
export async function startWorkerPool(count: number, init: WorkerInit): Promise<WorkerPool> {
  const slots: Slot[] = [];
  let failure: Error | null = null;
  let nextId = 0;

  const fail = (error: Error): void => {
    failure ??= error;
    for (const slot of slots) {
      for (const pending of slot.pending.values()) pending.reject(failure);
      slot.pending.clear();
    }
  };

  const readiness = Array.from({ length: count }, () => {
    const slot: Slot = { worker: spawnWorker(import.meta.url, 'score-worker', init), pending: new Map() };
    slots.push(slot);
    return new Promise<WorkerReady>((resolve, reject) => {
      slot.worker.on('message', (reply: WorkerReply) => {
        if (reply.type === 'ready') resolve(reply);
        else if (reply.type === 'failed') reject(new MultirankError('BAD_REQUEST', reply.message));
        else if (reply.type === 'scored') {
          slot.pending.get(reply.id)?.resolve(reply.outcomes);
          slot.pending.delete(reply.id);
        } else fail(new Error(`a scoring worker crashed: ${reply.message}`));
      });
      slot.worker.on('error', (error) => {
        reject(error);
        fail(error);
      });
      slot.worker.on('exit', (code) => {
        const error = new Error(`a scoring worker exited (code ${code})`);
        reject(error);
        if (slot.pending.size > 0) fail(error);
      });
    });
  });

  const close = async (): Promise<void> => {
    await Promise.all(slots.map((slot) => slot.worker.terminate()));
  };
  let ready: WorkerReady;
  try {
    [ready] = (await Promise.all(readiness)) as [WorkerReady];
  } catch (error) {
    await close();
    throw error;
  }

  return {
    ready,
    size: count,
    score(entries) {
      if (failure) return Promise.reject(failure);
      const slot = slots.reduce((a, b) => (b.pending.size < a.pending.size ? b : a));
      const id = nextId++;
      return new Promise<Outcome[]>((resolve, reject) => {
        slot.pending.set(id, { resolve, reject });
        slot.worker.postMessage({ id, entries } satisfies ChunkMessage);
      });
    },
    close,
  };
}

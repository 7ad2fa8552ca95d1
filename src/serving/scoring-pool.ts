/**
 * The service's scoring workers: one thread per core, each with its own copy of the bundle,
 * encoding requests and running the network, so the event loop keeps to HTTP, JSON, Redis and
 * combining heads, and both cores rank. A worker takes one job at a time (ONNX Runtime runs one
 * call per session at once); jobs wait in a bounded queue.
 *
 * Failure is per request, never per process: a full queue answers 503 at once; a job that waits
 * or runs past its deadline answers 503; a worker that crashes or misses a deadline is replaced
 * (its job answers 503 naming why) and `restarts` counts it. The pool belongs to one served
 * model: a hot swap starts the next model's pool, warm, before the switch, and closes this one
 * after its last request (serving/model-registry.ts). Workers hold no item catalog: a job carries
 * its candidates' rows, gathered by the ranker from the model's live catalog, so a replacement
 * worker ranks live items with their own features from its first job.
 */
import type { Worker } from 'node:worker_threads';
import type { EngineName } from '../engine/names.js';
import { type ErrorCode, MultirankError } from '../errors.js';
import type { ScoreJob, Scorer } from '../ranking/scorer.js';
import type { OpenedScorer } from '../ranking/served-model.js';
import { spawnWorker } from '../util/spawn-worker.js';
import type { ScoringReply, ScoringRequest, ScoringWorkerInit } from './scoring-messages.js';

/** Sizes and limits of a pool. */
export interface ScoringPoolOptions extends Omit<ScoringWorkerInit, 'dir'> {
  /** Worker threads (MULTIRANK_WORKERS). */
  size: number;
  /** Jobs that may wait for a worker before more are refused with 503 (MULTIRANK_RANK_QUEUE). */
  queueLimit: number;
  /** Longest a job may wait and run, in ms, before it answers 503 (MULTIRANK_RANK_TIMEOUT_MS). */
  timeoutMs: number;
  /** Called when a worker is replaced (crash or missed deadline), with the reason. */
  onRestart?: (reason: string) => void;
}

interface Job {
  id: number;
  job: ScoreJob;
  resolve(outputs: Float32Array[]): void;
  reject(error: Error): void;
  timer: NodeJS.Timeout;
  slot: Slot | null;
}

interface Slot {
  worker: Worker;
  job: Job | null;
  ready: boolean;
}

const unavailable = (message: string) => new MultirankError('UNAVAILABLE', message);

let restarts = 0;

/** Scoring workers replaced in this process since it started, every pool counted (for /metrics). */
export function scoringWorkerRestarts(): number {
  return restarts;
}

/**
 * Starts `options.size` workers on the bundle in `dir` and resolves once every one is loaded and
 * warm.
 */
export async function startScoringPool(dir: string, options: ScoringPoolOptions): Promise<OpenedScorer> {
  const init: ScoringWorkerInit = { dir, engine: options.engine, backend: options.backend };
  const waiting: Job[] = [];
  let nextId = 0;
  let closed = false;
  let engine: EngineName = options.engine.engine === 'tfjs' ? 'tfjs' : 'onnx';

  const finish = (job: Job) => {
    clearTimeout(job.timer);
    if (job.slot) job.slot.job = null;
    const index = waiting.indexOf(job);
    if (index >= 0) waiting.splice(index, 1);
  };

  const dispatch = () => {
    for (const slot of slots) {
      if (!slot.ready || slot.job) continue;
      const job = waiting.shift();
      if (!job) return;
      slot.job = job;
      job.slot = slot;
      // The gathered rows move to the worker (transferred, not copied): this thread is done with them.
      const items = job.job.items;
      const moved = items ? [items.found.buffer as ArrayBuffer, items.words.buffer as ArrayBuffer] : [];
      slot.worker.postMessage({ type: 'score', id: job.id, job: job.job } satisfies ScoringRequest, moved);
    }
  };

  /** Replaces a worker that crashed or missed a deadline; its job answers 503 with `reason`. */
  const replace = (slot: Slot, reason: string) => {
    const job = slot.job;
    slot.ready = false;
    slot.job = null;
    slot.worker.removeAllListeners();
    void slot.worker.terminate();
    if (job) {
      finish(job);
      job.reject(unavailable(`the scoring worker ${reason}; it is being replaced, try again`));
    }
    if (closed) return;
    restarts += 1;
    options.onRestart?.(reason);
    const index = slots.indexOf(slot);
    const replacement = spawn((error) => {
      // A replacement that cannot load leaves the pool smaller; the others keep serving.
      options.onRestart?.(`replacement failed to load: ${error.message}`);
    });
    slots[index] = replacement;
  };

  const spawn = (onLoadError: (error: Error) => void): Slot => {
    const slot: Slot = {
      worker: spawnWorker(import.meta.url, 'scoring-worker', init),
      job: null,
      ready: false,
    };
    slot.worker.on('message', (reply: ScoringReply) => {
      if (reply.type === 'ready') {
        engine = reply.engine;
        slot.ready = true;
        readyWaiters.shift()?.resolve(reply.warnings);
        dispatch();
      } else if (reply.type === 'failed') {
        onLoadError(new Error(reply.message));
      } else {
        const job = slot.job;
        if (!job || job.id !== reply.id) return;
        finish(job);
        if (reply.type === 'scored') job.resolve(reply.outputs);
        else job.reject(new MultirankError(reply.code as ErrorCode, reply.message));
        dispatch();
      }
    });
    slot.worker.on('error', (error: Error) => replace(slot, `crashed: ${error.message}`));
    slot.worker.on('exit', (code) => {
      if (!closed && slots.includes(slot)) replace(slot, `exited with code ${code}`);
    });
    return slot;
  };

  const readyWaiters: { resolve(warnings: string[]): void }[] = [];
  const slots: Slot[] = [];
  const loaded = Array.from({ length: options.size }, () => {
    return new Promise<string[]>((resolve, reject) => {
      readyWaiters.push({ resolve });
      slots.push(spawn(reject));
    });
  });
  let warnings: string[];
  try {
    warnings = (await Promise.all(loaded))[0] ?? [];
  } catch (error) {
    closed = true;
    await Promise.all(slots.map((slot) => slot.worker.terminate()));
    throw error;
  }

  const saturated = (): string | null => {
    const idle = slots.some((slot) => slot.ready && !slot.job);
    return !idle && waiting.length >= options.queueLimit
      ? `all ${slots.length} scoring workers are busy and ${waiting.length} requests wait; try again`
      : null;
  };

  const scorer: Scorer & { stats(): { workers: number; busy: number; waiting: number } } = {
    get engine() {
      return engine;
    },
    saturated,
    score(job) {
      if (closed) return Promise.reject(unavailable('the model is being replaced; try again'));
      const full = saturated();
      if (full) return Promise.reject(unavailable(full));
      return new Promise<Float32Array[]>((resolve, reject) => {
        const entry: Job = {
          id: nextId++,
          job,
          resolve,
          reject,
          slot: null,
          timer: setTimeout(() => {
            if (entry.slot) return replace(entry.slot, `did not answer within ${options.timeoutMs} ms`);
            finish(entry);
            reject(unavailable(`no scoring worker was free within ${options.timeoutMs} ms; try again`));
          }, options.timeoutMs),
        };
        waiting.push(entry);
        dispatch();
      });
    },
    stats: () => ({
      workers: slots.filter((s) => s.ready).length,
      busy: slots.filter((s) => s.job).length,
      waiting: waiting.length,
    }),
    async close() {
      closed = true;
      for (const job of [...waiting]) {
        finish(job);
        job.reject(unavailable('the model was replaced; try again'));
      }
      await Promise.all(slots.map((slot) => slot.worker.terminate()));
    },
  };
  return { scorer, warnings };
}

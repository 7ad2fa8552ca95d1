/** The messages between the service's main thread and its scoring workers (scoring-pool.ts). */

import type { EngineName, TfBackendChoice } from '../engine/names.js';
import type { EngineOptions } from '../engine/open-engine.js';
import type { ErrorCode } from '../errors.js';
import type { ScoreJob } from '../ranking/scorer.js';

/** What a worker is started with. */
export interface ScoringWorkerInit {
  dir: string;
  engine: EngineOptions;
  backend: TfBackendChoice;
}

/**
 * Main → worker: one request's candidates to score, their catalog rows gathered by the main thread
 * (the worker holds no catalog, so there is nothing else to keep in step).
 */
export type ScoringRequest = { type: 'score'; id: number; job: ScoreJob };

/** Worker → main. */
export type ScoringReply =
  | { type: 'ready'; engine: EngineName; warnings: string[] }
  | { type: 'failed'; message: string }
  | { type: 'scored'; id: number; outputs: Float32Array[] }
  | { type: 'rejected'; id: number; code: ErrorCode; message: string };

/** The messages between the service's main thread and its scoring workers (scoring-pool.ts). */

import type { EngineName, TfBackendChoice } from '../engine/names.js';
import type { EngineOptions } from '../engine/open-engine.js';
import type { ErrorCode } from '../errors.js';
import type { CatalogChange } from '../ranking/item-catalog.js';
import type { ScoreJob } from '../ranking/scorer.js';

/** What a worker is started with. */
export interface ScoringWorkerInit {
  dir: string;
  engine: EngineOptions;
  backend: TfBackendChoice;
}

/** Main → worker: one request's candidates to score, or live catalog changes to apply (in order). */
export type ScoringRequest =
  | { type: 'score'; id: number; job: ScoreJob }
  | { type: 'catalog'; changes: readonly CatalogChange[] };

/** Worker → main. */
export type ScoringReply =
  | { type: 'ready'; engine: EngineName; warnings: string[] }
  | { type: 'failed'; message: string }
  | { type: 'scored'; id: number; outputs: Float32Array[] }
  | { type: 'rejected'; id: number; code: ErrorCode; message: string };

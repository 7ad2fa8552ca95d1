/**
 * The batch scorer's vocabulary (`multirank score`, docs/scoring.md): requests read from a file,
 * what each one turns into, and the messages between the main thread and the scoring workers.
 */

import type { ProfileSource } from '../combination/parse.js';
import type { CombinationProfile } from '../combination/schema.js';
import type { DataFormat } from '../data/read-rows.js';
import type { RawRecord } from '../data/records.js';
import type { TfBackendChoice } from '../engine/names.js';
import type { EngineOptions } from '../engine/open-engine.js';
import type { UnknownItemPolicy } from '../ranking/types.js';

/** One candidate of a batch request: an item id and, optionally, values overriding the catalog's. */
export interface BatchCandidate {
  itemId: string;
  features?: RawRecord;
}

/** One input line as a rank request: the body of `POST /v1/rank` with its candidates given. */
export interface BatchRequest {
  userId: string;
  context?: RawRecord;
  candidates: BatchCandidate[];
}

/** A request that failed: its input line, its user when known, and the message naming the field. */
export interface FailedRequest {
  line: number;
  userId?: string;
  error: string;
}

/** One input request as read: parsed, or failed already (bad JSON, a missing field). */
export type InputEntry = { line: number; request: BatchRequest } | FailedRequest;

/** A scored request: its output rows as text (one per distinct candidate), ready to append. */
export interface ScoredRequest {
  line: number;
  rows: number;
  /** Candidates missing from the item catalog (scored with default item features). */
  unknown: number;
  text: string;
}

/** What one request turned into, in input order. */
export type Outcome = ScoredRequest | FailedRequest;

/** Whether an entry or outcome is a failure. */
export function isFailed(entry: InputEntry | Outcome): entry is FailedRequest {
  return 'error' in entry;
}

/**
 * How the heads combine into the score: `input` goes to parseProfile (a profile object, or the
 * shorthand text `click=1,like=0.5`), errors start with `field`; null is the model's default.
 */
export type ProfileChoice = ProfileSource | null;

/** What every worker is started with. */
export interface WorkerInit {
  modelDir: string;
  /** A user table file replacing the bundle's users.jsonl, or null. */
  users: string | null;
  profile: ProfileChoice;
  unknownItems: UnknownItemPolicy;
  /** The output file's format, so that workers format the rows (in parallel). */
  output: DataFormat;
  backend: TfBackendChoice;
  /** The inference engine (MULTIRANK_ENGINE, MULTIRANK_ONNX_THREADS), as serving chooses it. */
  engine: EngineOptions;
}

/** Main thread → worker: a chunk of requests to score. */
export interface ChunkMessage {
  id: number;
  entries: InputEntry[];
}

/** What a worker says once its model is loaded. */
export interface WorkerReady {
  type: 'ready';
  heads: string[];
  profile: CombinationProfile;
  /** What runs the model: `onnx`, or `tfjs (wasm)` with the TF.js backend. */
  engine: string;
  warnings: string[];
}

/** Worker → main thread. `failed`: the model or the profile did not load; `crashed`: a chunk hit a bug. */
export type WorkerReply =
  | WorkerReady
  | { type: 'failed'; message: string }
  | { type: 'scored'; id: number; outcomes: Outcome[] }
  | { type: 'crashed'; id: number; message: string };

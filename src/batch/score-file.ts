/**
 * `multirank score` end to end (docs/scoring.md): the main thread reads and checks requests, sends
 * them in chunks to the workers, keeps a bounded number of chunks in flight and appends their
 * outcomes in input order; workers load the model once and rank. Memory is bounded by the chunks
 * in flight, not by the file. A re-run continues where the last one stopped (resume.ts); a shard
 * scores only its run of the input's lines (shard.ts).
 */
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import type { CombinationProfile } from '../combination/schema.js';
import { DataError } from '../data/errors.js';
import { type DataFormat, formatOf } from '../data/read-rows.js';
import type { TfBackendChoice } from '../engine/names.js';
import type { EngineOptions } from '../engine/open-engine.js';
import { MultirankError } from '../errors.js';
import type { UnknownItemPolicy } from '../ranking/types.js';
import { rowFormat } from './output-format.js';
import { openOutputWriter } from './output-writer.js';
import { countLines, readRequests } from './read-requests.js';
import { prepareOutputs } from './resume.js';
import { ALL_LINES, type LineRange, type Shard, shardLines } from './shard.js';
import { type InputEntry, isFailed, type Outcome, type ProfileChoice } from './types.js';
import { startWorkerPool } from './worker-pool.js';

/** A chunk closes at this many candidates (or CHUNK_REQUESTS requests): big enough to keep workers busy. */
const CHUNK_CANDIDATES = 2_000;
const CHUNK_REQUESTS = 200;
/** Chunks in flight per worker: one being scored, one waiting. */
const IN_FLIGHT_PER_WORKER = 2;

/** What a batch scoring run is given. */
export interface ScoreFileOptions {
  model: string;
  input: string;
  /** The input format; by default from the extension. */
  inputFormat?: DataFormat | undefined;
  out: string;
  errors: string;
  users: string | null;
  profile: ProfileChoice;
  unknownItems: UnknownItemPolicy;
  workers: number;
  backend: TfBackendChoice;
  engine: EngineOptions;
  /** Start over instead of resuming. */
  force: boolean;
  /** Score only this shard's lines (`--shard I/N`); null or absent: every line. */
  shard?: Shard | null | undefined;
  /** Once the workers are ready and the outputs prepared: input lines left (an estimate), where it resumes. */
  onStart?: (start: ScoreStart) => void;
  /** After each chunk is written. */
  onProgress?: (requests: number, candidates: number) => void;
}

/** What is known when scoring starts. */
export interface ScoreStart {
  heads: string[];
  profile: CombinationProfile;
  /** What runs the model: `onnx`, or `tfjs (wasm)`. */
  engine: string;
  warnings: string[];
  /** Input lines up to this one were done by an earlier run (0: a fresh start). */
  after: number;
  /** The input lines this run is for: all of them, or its shard's. */
  lines: LineRange;
  /** The input's line count (a CSV header and blank lines included). */
  inputLines: number;
  /** Input lines still to read (including a CSV header and blank lines): the ETA's total. */
  linesLeft: number;
}

/** What a run did (this run only, not the one it resumed). */
export interface ScoreSummary {
  requests: number;
  failed: number;
  /** Output rows written: distinct candidates of the scored requests. */
  candidates: number;
  unknown: number;
  after: number;
}

/** The input, the output and the error file must be three files: a mix-up would overwrite the input. */
function checkDistinct(options: ScoreFileOptions): void {
  const [input, out, errors] = [options.input, options.out, options.errors].map((p) => resolve(p));
  if (out === input || errors === input || errors === out) {
    throw new MultirankError('BAD_REQUEST', '--in, --out and --errors must be three different files');
  }
}

/** Scores `options.input` into `options.out`; failures go to `options.errors`. */
export async function scoreFile(options: ScoreFileOptions): Promise<ScoreSummary> {
  const inputFormat = formatOf(options.input, options.inputFormat);
  const outputFormat = formatOf(options.out);
  if (!existsSync(options.input)) throw new DataError({ file: options.input }, undefined, 'no such file');
  checkDistinct(options);
  const pool = await startWorkerPool(options.workers, {
    modelDir: options.model,
    users: options.users,
    profile: options.profile,
    unknownItems: options.unknownItems,
    output: outputFormat,
    backend: options.backend,
    engine: options.engine,
  });
  try {
    const { heads, profile, engine, warnings } = pool.ready;
    const format = rowFormat(outputFormat, heads);
    const inputLines = await countLines(options.input);
    const lines = options.shard ? shardLines(options.shard, inputLines) : ALL_LINES;
    const { after } = await prepareOutputs({ ...options, format, lines });
    const startAfter = Math.max(after, lines.after);
    const linesLeft = Math.max(0, Math.min(inputLines, lines.through) - startAfter);
    options.onStart?.({ heads, profile, engine, warnings, after, lines, inputLines, linesLeft });

    const summary: ScoreSummary = { requests: 0, failed: 0, candidates: 0, unknown: 0, after };
    const writer = await openOutputWriter(options.out, options.errors);
    // Chunks in input order; each resolves whenever its worker is done, and is written in turn.
    const inFlight: Promise<Outcome[]>[] = [];
    const writeOldest = async (): Promise<void> => {
      const outcomes = await inFlight.shift()!;
      await writer.write(outcomes);
      let candidates = 0;
      for (const outcome of outcomes) {
        if (isFailed(outcome)) summary.failed++;
        else {
          candidates += outcome.rows;
          summary.unknown += outcome.unknown;
        }
      }
      summary.requests += outcomes.length;
      summary.candidates += candidates;
      options.onProgress?.(outcomes.length, candidates);
    };
    const send = async (chunk: InputEntry[]): Promise<void> => {
      const scored = pool.score(chunk);
      // Awaited in turn below; until then a failure must not count as unhandled.
      scored.catch(() => {});
      inFlight.push(scored);
      if (inFlight.length >= pool.size * IN_FLIGHT_PER_WORKER) await writeOldest();
    };
    try {
      let chunk: InputEntry[] = [];
      let candidates = 0;
      for await (const entry of readRequests(options.input, inputFormat, startAfter, lines.through)) {
        chunk.push(entry);
        candidates += isFailed(entry) ? 0 : entry.request.candidates.length;
        if (candidates >= CHUNK_CANDIDATES || chunk.length >= CHUNK_REQUESTS) {
          await send(chunk);
          chunk = [];
          candidates = 0;
        }
      }
      if (chunk.length > 0) await send(chunk);
      while (inFlight.length > 0) await writeOldest();
    } finally {
      await writer.close();
    }
    return summary;
  } finally {
    await pool.close();
  }
}

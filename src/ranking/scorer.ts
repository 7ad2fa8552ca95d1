/**
 * The part of a ranking that costs CPU: encoding the request's candidates and running the
 * network. Behind one interface so the ranker runs it in-thread (one core, tests, batch workers)
 * or in the service's pool of worker threads (src/serving/scoring-pool.ts), which keeps the event
 * loop free for HTTP and Redis. Combining the heads and sorting stay with the ranker, and so does
 * the item catalog: a job brings its candidates' encoded catalog rows, so a scorer holds none.
 */
import type { RawRecord } from '../data/records.js';
import type { EngineName } from '../engine/names.js';
import type { ModelEngine } from '../engine/types.js';
import type { GatheredItems } from '../features/item-rows.js';
import { createRequestEncoder } from '../features/request-encoder.js';
import type { RequestView } from '../features/rows.js';
import type { ModelBundle } from '../model/bundle.js';

/** One request's candidates to score, with their place in the request (for error messages). */
export interface ScoreJob {
  view: RequestView;
  /**
   * `item`: the catalog record, set on candidates without a gathered row that still need it (own
   * features over it, or a bad value the row path must name).
   */
  candidates: {
    itemId: string;
    features?: RawRecord | undefined;
    item?: RawRecord | undefined;
    index: number;
  }[];
  /** The candidates' encoded catalog rows (LiveItemCatalog.gather); absent: none (every item unknown). */
  items?: GatheredItems | null;
}

/** Encodes and runs the network: one Float32Array per head (model space), rows in candidate order. */
export interface Scorer {
  readonly engine: EngineName;
  /** Rejects with MultirankError BAD_REQUEST naming `candidates[i]` and the column on a bad value. */
  score(job: ScoreJob): Promise<Float32Array[]>;
  /** Releases what the scorer holds (worker threads, the ONNX session); the bundle's model stays. */
  close(): Promise<void>;
  /**
   * Why a new job would be refused right now (every worker busy and the queue full), or null.
   * Lets the HTTP layer refuse before it reads a body; absent: never full (in-thread).
   */
  saturated?(): string | null;
}

/** The scorer of one bundle in this thread: the request encoder and `engine`. */
export function createLocalScorer(bundle: ModelBundle, engine: ModelEngine): Scorer {
  const encoder = createRequestEncoder(bundle.fitted, null);
  const heads = bundle.fitted.tasks.length;
  return {
    engine: engine.name,
    async score({ view, candidates, items }) {
      const batch = encoder.encode(view, candidates, items ?? null);
      if (batch.size !== candidates.length) throw new Error('the encoder left out a serving row');
      const outputs = await engine.run(batch);
      if (outputs.length !== heads)
        throw new Error(`the model has ${outputs.length} outputs for ${heads} tasks`);
      return outputs;
    },
    close: () => engine.dispose(),
  };
}

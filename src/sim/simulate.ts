/**
 * `multirank simulate` as a library call: builds the world, writes the user and item tables,
 * streams requests → slates → outcomes into the interaction log and the ground truth, and
 * finishes with world.json.
 *
 * Memory stays flat in the number of requests: only the world tables and each user's recent
 * clicks are kept; rows go straight to the writers, which apply file backpressure.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { INTERACTION_COLUMNS } from '../data/log-schema.js';
import { type Cell, openTableWriter, type TableFormat, type TableWriter } from '../data/table-writer.js';
import { Rng } from '../util/random.js';
import { emptyTruth, type Impression, type Labels, OutcomeModel } from './outcomes.js';
import { DEFAULT_PARAMS, type SimParams } from './params.js';
import {
  GROUND_TRUTH_COLUMNS,
  ITEM_COLUMNS,
  interactionRow,
  itemRow,
  SIM_FILES,
  truthRow,
  USER_COLUMNS,
  userRow,
} from './schema.js';
import { SessionGenerator } from './session.js';
import { type Counts, countLabels, emptyCounts, type WorldSummary, worldSummary } from './summary.js';
import { createWorld, type World } from './world.js';

/** Which formats to write the tables in. */
export type OutputFormat = TableFormat | 'both';

/** Where progress is reported (createProgress from src/cli/progress.ts fits). */
export interface ProgressSink {
  tick(n: number): void;
}

/** Inputs of one simulation run. */
export interface SimulateOptions {
  outDir: string;
  users: number;
  items: number;
  requests: number;
  seed: number;
  slateSize?: number;
  format?: OutputFormat;
  params?: SimParams;
  progress?: ProgressSink;
}

/** What a run produced. */
export interface SimulateResult {
  files: string[];
  counts: Counts;
  /** The world.json content. */
  summary: WorldSummary;
}

const PROGRESS_EVERY = 1000;

/** The table formats an output format stands for. */
export function tableFormats(format: OutputFormat): TableFormat[] {
  return format === 'both' ? ['jsonl', 'csv'] : [format];
}

/** Runs a simulation into `options.outDir` (created if needed; existing files are overwritten). */
export async function simulate(options: SimulateOptions): Promise<SimulateResult> {
  const params = options.params ?? DEFAULT_PARAMS;
  const slateSize = options.slateSize ?? 10;
  const formats = tableFormats(options.format ?? 'both');
  await mkdir(options.outDir, { recursive: true });
  const world = createWorld(options.seed, { users: options.users, items: options.items }, params);
  const files: string[] = [];
  const open = (name: string, format: TableFormat, columns: readonly string[]): TableWriter => {
    const file = name.endsWith('.jsonl') ? name : `${name}.${format}`;
    files.push(file);
    return openTableWriter(join(options.outDir, file), format, columns);
  };

  for (const format of formats) {
    await writeAll(open(SIM_FILES.items, format, ITEM_COLUMNS), world.items.count, (i) =>
      itemRow(world.items, world.topicNames, i),
    );
    await writeAll(open(SIM_FILES.users, format, USER_COLUMNS), world.users.count, (u) =>
      userRow(world.users, u),
    );
  }
  const logs = formats.map((format) => open(SIM_FILES.interactions, format, INTERACTION_COLUMNS));
  const truth = open(SIM_FILES.groundTruth, 'jsonl', GROUND_TRUTH_COLUMNS);
  const writers = [...logs, truth];
  let counts: Counts;
  try {
    counts = await runRequests(world, options.requests, slateSize, { logs, truth }, options.progress);
    await Promise.all(writers.map((w) => w.close()));
  } catch (err) {
    // Release every file handle before reporting, e.g. when the disk fills up.
    for (const w of writers) w.abort();
    throw err;
  }

  files.push(SIM_FILES.world);
  const run = { ...options, slateSize, format: options.format ?? 'both' };
  const summary = worldSummary(world, run, counts, files);
  await writeFile(join(options.outDir, SIM_FILES.world), `${JSON.stringify(summary, null, 2)}\n`);
  return { files, counts, summary };
}

/** Writes `n` rows produced by `row` and closes the writer. */
async function writeAll(writer: TableWriter, n: number, row: (i: number) => Cell[]): Promise<void> {
  for (let i = 0; i < n; i++) if (!writer.write(row(i))) await writer.drain();
  await writer.close();
}

/** The main loop: requests → slates → truth and labels → rows, with file backpressure. */
async function runRequests(
  world: World,
  requests: number,
  slateSize: number,
  out: { logs: TableWriter[]; truth: TableWriter },
  progress: ProgressSink | undefined,
): Promise<Counts> {
  const sessions = new SessionGenerator(world, requests, slateSize, world.seed);
  const model = new OutcomeModel(world, new Rng(world.seed, 'outcomes'));
  const counts = emptyCounts(slateSize);
  const truth = emptyTruth();
  const labels: Labels = { click: 0, watchSeconds: 0, like: 0, dismiss: 0, rating: null };
  const imp: Impression = { user: 0, item: 0, current: 0, device: 0, position: 0, time: 0 };
  const clicked = new Int32Array(slateSize);
  for (let r = 0; r < requests; r++) {
    const req = sessions.next(r);
    Object.assign(imp, { user: req.user, current: req.current, device: req.device, time: req.time });
    let nClicked = 0;
    let blocked = false;
    for (let k = 0; k < req.size; k++) {
      imp.item = req.slate[k] ?? 0;
      imp.position = k + 1;
      model.truth(imp, truth);
      model.sample(imp, truth, labels);
      const row = interactionRow(world, req, imp.position, labels);
      for (const log of out.logs) if (!log.write(row)) blocked = true;
      if (!out.truth.write(truthRow(world, req, imp.position, truth))) blocked = true;
      countLabels(counts, imp.position, labels, req.time);
      if (labels.click) clicked[nClicked++] = imp.item;
    }
    // Clicks join the history after the request: a slate never sees its own clicks.
    for (let c = 0; c < nClicked; c++) sessions.history.push(req.user, clicked[c] ?? 0);
    counts.requests++;
    if (blocked) await Promise.all([...out.logs, out.truth].map((w) => w.drain()));
    if (progress && (r + 1) % PROGRESS_EVERY === 0) progress.tick(PROGRESS_EVERY);
  }
  progress?.tick(requests % PROGRESS_EVERY);
  return counts;
}

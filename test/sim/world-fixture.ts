/** Runs small simulations into temp dirs and reads their files back, for the sim tests. */
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { type SimulateOptions, type SimulateResult, simulate } from '../../src/sim/simulate.js';

/** A finished run and the directory it wrote. */
export interface Run {
  dir: string;
  result: SimulateResult;
}

/** One interaction row as parsed from JSONL. */
export interface Interaction {
  request_id: string;
  user_id: string;
  item_id: string;
  timestamp: number;
  position: number;
  device: string;
  current_item_id: string;
  recent_items: string[];
  click: number;
  watch_seconds: number;
  like: number;
  dismiss: number;
  rating: number | null;
}

/** One ground-truth row as parsed from JSONL. */
export interface TruthRow {
  request_id: string;
  item_id: string;
  p_click: number;
  p_like: number;
  expected_watch_seconds: number;
  quality: number;
  clickbait: number;
  position: number;
  propensity: number;
  p_dismiss: number;
  expected_rating: number;
}

const dirs: string[] = [];

/** Simulates into a fresh temp dir (removed by cleanupRuns). */
export async function runSim(options: Omit<SimulateOptions, 'outDir'>): Promise<Run> {
  const dir = await mkdtemp(join(tmpdir(), 'multirank-sim-'));
  dirs.push(dir);
  return { dir, result: await simulate({ ...options, outDir: dir }) };
}

/** Removes every directory runSim created. */
export async function cleanupRuns(): Promise<void> {
  await Promise.all(dirs.splice(0).map((dir) => rm(dir, { recursive: true, force: true })));
}

/** Parses a JSONL file into objects. */
export async function readJsonl<T>(path: string): Promise<T[]> {
  const text = await readFile(path, 'utf8');
  return text
    .split('\n')
    .filter((line) => line.length > 0)
    .map((line) => JSON.parse(line) as T);
}

/** Parses a CSV file into its header and records (strings). */
export async function readCsv(path: string): Promise<{ header: string[]; rows: string[][] }> {
  const records = parse(await readFile(path, 'utf8')) as string[][];
  const [header = [], ...rows] = records;
  return { header, rows };
}

/**
 * Guards the simulator's output directory: a run never mixes its files into someone else's
 * data unless asked to (--force), and a forced run leaves no stale file of an earlier run.
 */
import { readdir, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { MultirankError } from '../errors.js';
import { SIM_FILES } from './schema.js';

/** Every file name a simulation can write, whatever the format. */
export function simulationFileNames(): string[] {
  const tables = [SIM_FILES.interactions, SIM_FILES.items, SIM_FILES.users];
  return [...tables.flatMap((t) => [`${t}.jsonl`, `${t}.csv`]), SIM_FILES.groundTruth, SIM_FILES.world];
}

/**
 * Checks that `dir` is absent or empty; with `force`, removes earlier simulator outputs from it
 * instead (other files are left alone). Throws a CONFLICT MultirankError otherwise.
 */
export async function prepareOutputDir(dir: string, force: boolean): Promise<void> {
  const info = await stat(dir).catch((err: NodeJS.ErrnoException) => {
    if (err.code === 'ENOENT') return undefined;
    throw err;
  });
  if (!info) return;
  if (!info.isDirectory()) throw new MultirankError('CONFLICT', `--out ${dir} exists and is not a directory`);
  const entries = await readdir(dir);
  if (entries.length === 0) return;
  if (!force) {
    throw new MultirankError('CONFLICT', `--out ${dir} is not empty; pass --force to overwrite its files`);
  }
  await Promise.all(simulationFileNames().map((name) => rm(join(dir, name), { force: true })));
}

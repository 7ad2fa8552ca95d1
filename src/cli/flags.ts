/**
 * Flag parsing shared by the verbs, so each flag reads and fails the same way everywhere: whole
 * numbers, the combination profile (`--weights`, `--profile`, MULTIRANK_WEIGHTS) and the TF.js
 * backend, which goes through the service's one configuration reader.
 */
import { readFile } from 'node:fs/promises';
import { InvalidArgumentError } from 'commander';
import type { ProfileSource } from '../combination/parse.js';
import { readSetting } from '../config.js';
import type { TfBackendChoice } from '../engine/names.js';
import type { EngineOptions } from '../engine/open-engine.js';
import { MultirankError } from '../errors.js';

/** A commander parser for a whole number >= `min` given to `flag`. */
export function wholeNumber(flag: string, min = 1): (value: string) => number {
  return (value) => {
    const n = Number(value);
    if (!/^\d+$/.test(value.trim()) || !Number.isSafeInteger(n) || n < min) {
      throw new InvalidArgumentError(`${flag} must be a whole number >= ${min}.`);
    }
    return n;
  };
}

/** A commander parser for a number > 0 (fractions allowed) given to `flag`. */
export function positiveNumber(flag: string): (value: string) => number {
  return (value) => {
    const n = Number(value);
    if (value.trim() === '' || !Number.isFinite(n) || n <= 0) {
      throw new InvalidArgumentError(`${flag} must be a positive number > 0.`);
    }
    return n;
  };
}

/** MULTIRANK_TF_BACKEND, read and checked as `serve` reads it (a bad value throws ConfigError). */
export function backendFromEnv(env: NodeJS.ProcessEnv = process.env): TfBackendChoice {
  return readSetting('tfBackend', env);
}

/** MULTIRANK_ENGINE and MULTIRANK_ONNX_THREADS, read as `serve` reads them. */
export function engineFromEnv(env: NodeJS.ProcessEnv = process.env): EngineOptions {
  return { engine: readSetting('engine', env), onnxThreads: readSetting('onnxThreads', env) };
}

/** The flags a combination profile can come from. */
export interface ProfileFlags {
  weights?: string;
  profile?: string;
}

/**
 * The profile the user gave: `--profile FILE` (JSON), `--weights TEXT`, else MULTIRANK_WEIGHTS when
 * `env` is passed (the verbs that score as the service does); null: the model's default.
 */
export async function profileInput(
  flags: ProfileFlags,
  env?: NodeJS.ProcessEnv,
): Promise<ProfileSource | null> {
  if (flags.profile !== undefined && flags.weights !== undefined) {
    throw new MultirankError('BAD_REQUEST', '--profile and --weights: give one of them');
  }
  if (flags.profile !== undefined) {
    const field = `--profile ${flags.profile}`;
    const text = await readFile(flags.profile, 'utf8').catch((error: Error) => {
      throw new MultirankError('BAD_REQUEST', `${field}: cannot read: ${error.message}`);
    });
    try {
      return { input: JSON.parse(text) as unknown, field };
    } catch (error) {
      throw new MultirankError('BAD_REQUEST', `${field}: not a JSON profile: ${(error as Error).message}`);
    }
  }
  if (flags.weights !== undefined) return { input: flags.weights, field: '--weights' };
  const fromEnv = env?.MULTIRANK_WEIGHTS?.trim();
  return fromEnv ? { input: fromEnv, field: 'MULTIRANK_WEIGHTS' } : null;
}

/**
 * The combination profile of `multirank evaluate`: `--weights` (the shorthand of a sum) or
 * `--profile FILE` (a profile as JSON, docs/combination.md), checked against the model's heads
 * before anything is scored. Errors name the flag or file and the field.
 */
import { readFile } from 'node:fs/promises';
import { MultirankError } from '../../../errors.js';
import type { TaskDef } from '../../../features/spec.js';
import { parseProfile } from '../../../combination/compile.js';
import type { CombinationProfile } from '../../../combination/schema.js';

/** The flags a profile can come from. */
export interface ProfileFlags {
  weights?: string;
  profile?: string;
}

/** The profile of --weights (shorthand) or --profile (a JSON file); undefined: the model's default. */
export async function profileOf(
  flags: ProfileFlags,
  tasks: readonly TaskDef[],
): Promise<CombinationProfile | undefined> {
  const [source, label] =
    flags.profile !== undefined
      ? [await readProfileFile(flags.profile), flags.profile]
      : flags.weights !== undefined
        ? [flags.weights, '--weights']
        : [undefined, ''];
  if (source === undefined) return undefined;
  try {
    // The shorthand's messages already say what is wrong; a JSON profile's name the field.
    return parseProfile(source, tasks, 'profile');
  } catch (error) {
    if (error instanceof MultirankError) {
      const message = typeof source === 'string' ? error.message.replace(/^profile: /, '') : error.message;
      throw new MultirankError(error.code, `${label}: ${message}`);
    }
    throw error;
  }
}

async function readProfileFile(path: string): Promise<unknown> {
  const text = await readFile(path, 'utf8').catch((error: Error) => {
    throw new MultirankError('BAD_REQUEST', `${path}: cannot read: ${error.message}`);
  });
  try {
    return JSON.parse(text) as unknown;
  } catch (error) {
    throw new MultirankError('BAD_REQUEST', `${path}: not a JSON profile: ${(error as Error).message}`);
  }
}

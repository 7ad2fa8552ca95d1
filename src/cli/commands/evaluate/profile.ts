/**
 * The combination profile of `multirank evaluate`: `--weights` (the shorthand of a sum) or
 * `--profile FILE` (a profile as JSON, docs/combination.md), checked against the model's heads
 * before anything is scored. Errors name the flag or file and the field.
 */
import { parseProfile } from '../../../combination/parse.js';
import type { CombinationProfile } from '../../../combination/schema.js';
import { MultirankError } from '../../../errors.js';
import type { TaskDef } from '../../../features/spec.js';
import { type ProfileFlags, profileInput } from '../../flags.js';

/** The profile of --weights or --profile, checked against `tasks`; undefined: the model's default. */
export async function profileOf(
  flags: ProfileFlags,
  tasks: readonly TaskDef[],
): Promise<CombinationProfile | undefined> {
  const given = await profileInput(flags);
  if (given === null) return undefined;
  try {
    return parseProfile(given.input, tasks, 'profile');
  } catch (error) {
    if (error instanceof MultirankError) {
      // The shorthand's messages already say what is wrong; a JSON profile's name the field.
      const message =
        typeof given.input === 'string' ? error.message.replace(/^profile: /, '') : error.message;
      throw new MultirankError(error.code, `${given.field}: ${message}`);
    }
    throw error;
  }
}

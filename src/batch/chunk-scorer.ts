/**
 * The worker's side of batch scoring, apart from the thread so it can be tested directly: user
 * features for a chunk in one lookup, each request ranked alone (a bad one fails alone), rows
 * formatted here so the main thread only appends text.
 */

import type { CombinationProfile } from '../combination/schema.js';
import type { DataFormat } from '../data/read-rows.js';
import { MultirankError } from '../errors.js';
import { loadFileOrigin, type UserFeatureOrigin } from '../features/user-store/index.js';
import type { ServedModel } from '../ranking/served-model.js';
import type { UnknownItemPolicy } from '../ranking/types.js';
import { rowFormat } from './output-format.js';
import { batchProfile, rankAll } from './rank-call.js';
import { type InputEntry, isFailed, type Outcome, type ProfileChoice } from './types.js';

/** Scores chunks of requests against one loaded model. */
export interface ChunkScorer {
  heads: string[];
  profile: CombinationProfile;
  score(entries: readonly InputEntry[]): Promise<Outcome[]>;
}

/** What the scorer needs besides the model. */
export interface ChunkScorerOptions {
  users: string | null;
  profile: ProfileChoice;
  unknownItems: UnknownItemPolicy;
  output: DataFormat;
}

/** The user origin: `--users FILE` when given, else the bundle's users.jsonl (as online), else none. */
async function userOrigin(model: ServedModel, file: string | null): Promise<UserFeatureOrigin | null> {
  if (file === null) return model.users;
  const key = model.bundle.fitted.layout.userTable?.key;
  if (!key) {
    throw new MultirankError(
      'BAD_REQUEST',
      `--users: model ${model.version} reads no user table (its user features come from the request)`,
    );
  }
  return loadFileOrigin({ path: file, idColumn: key });
}

/** Checks the profile against the model's heads and loads the user table. */
export async function createChunkScorer(
  model: ServedModel,
  options: ChunkScorerOptions,
): Promise<ChunkScorer> {
  const { ranker } = model;
  const heads = ranker.heads.map((h) => h.name);
  const profile = batchProfile(options.profile, ranker.heads);
  const format = rowFormat(options.output, heads);
  const users = await userOrigin(model, options.users);
  return {
    heads,
    profile,
    async score(entries) {
      const ids = new Set<string>();
      for (const entry of entries) if (!isFailed(entry)) ids.add(entry.request.userId);
      const found = users && ids.size > 0 ? await users.get([...ids]) : new Map();
      // One request at a time, in input order: the engine call is the cost and runs on this thread.
      const outcomes: Outcome[] = [];
      for (const entry of entries) outcomes.push(await scoreEntry(entry));
      return outcomes;

      async function scoreEntry(entry: (typeof entries)[number]): Promise<Outcome> {
        if (isFailed(entry)) return entry;
        const { line, request } = entry;
        try {
          const { items } = await rankAll(
            ranker,
            request,
            found.get(request.userId),
            profile,
            options.unknownItems,
          );
          const unknown = items.reduce((n, item) => n + (item.unknown ? 1 : 0), 0);
          return { line, rows: items.length, unknown, text: format.rows(line, request.userId, items) };
        } catch (error) {
          // Bad input fails its request only; anything else is a bug and stops the run.
          if (!(error instanceof MultirankError)) throw error;
          return { line, userId: request.userId, error: error.message };
        }
      }
    },
  };
}

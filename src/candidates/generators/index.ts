/**
 * The generator of each candidate source, in one table so the wiring (generate.ts) and the
 * offline recall measure run exactly the same functions.
 */
import type { CandidateSource } from '../types.js';
import type { Generator } from './common.js';
import { cowatchCandidates } from './cowatch.js';
import { creatorCandidates, topicCandidates } from './group.js';
import { historyCandidates } from './history.js';
import { freshCandidates, popularCandidates, trendingCandidates } from './ranked.js';

export type { Generator } from './common.js';

/** The generator behind each source name. */
export const GENERATORS: Readonly<Record<CandidateSource, Generator>> = Object.freeze({
  cowatch: cowatchCandidates,
  topic: topicCandidates,
  creator: creatorCandidates,
  history: historyCandidates,
  popular: popularCandidates,
  trending: trendingCandidates,
  fresh: freshCandidates,
});

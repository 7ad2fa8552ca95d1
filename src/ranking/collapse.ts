/**
 * Duplicate candidates (the same item proposed by several generators, or repeated by a caller)
 * are scored once: the first occurrence wins (its features, its place for tie-breaking) and the
 * sources of every occurrence are merged onto it.
 */
import { MultirankError } from '../errors.js';
import type { RankCandidate } from './types.js';

/** A distinct candidate with the index it first appeared at in the request. */
export interface DistinctCandidate {
  candidate: RankCandidate;
  /** Index in the request's `candidates` (for error messages and tie-breaking). */
  index: number;
  /** Union of the sources of all its occurrences, in first-seen order; null when none had any. */
  sources: string[] | null;
}

/** Collapses repeated item ids, keeping the first occurrence and merging sources. */
export function collapseCandidates(candidates: readonly RankCandidate[]): DistinctCandidate[] {
  const byId = new Map<string, DistinctCandidate>();
  candidates.forEach((candidate, index) => {
    if (typeof candidate.itemId !== 'string' || candidate.itemId === '') {
      throw new MultirankError('BAD_REQUEST', `candidates[${index}].itemId: expected a non-empty string`);
    }
    const seen = byId.get(candidate.itemId);
    if (!seen) {
      byId.set(candidate.itemId, {
        candidate,
        index,
        sources: candidate.sources ? [...new Set(candidate.sources)] : null,
      });
      return;
    }
    if (!candidate.sources) return;
    const merged = seen.sources ?? [];
    for (const source of candidate.sources) if (!merged.includes(source)) merged.push(source);
    seen.sources = merged;
  });
  return [...byId.values()];
}

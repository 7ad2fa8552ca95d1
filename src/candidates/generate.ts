/**
 * Candidate generation for one request: every source's generator, then the merge. The config
 * (quotas by source, total cap) is validated once into a frozen object; a config that did not
 * come from `parseCandidateConfig` is validated on each call, so a bad one cannot slip through.
 */
import { MultirankError } from '../errors.js';
import { isRecord } from '../util/is-record.js';
import { itemIndexOf } from './generators/common.js';
import { GENERATORS } from './generators/index.js';
import { type MergeLimits, mergeCandidates, type SourceLists } from './merge.js';
import {
  CANDIDATE_SOURCES,
  type Candidate,
  type CandidateIndex,
  type CandidateRequest,
  type CandidateSource,
} from './types.js';

/** Per-source quotas and the total cap of the merged list. */
export interface CandidateConfig extends MergeLimits {}

/**
 * Default quotas, summing to the cap. Co-watch is the strongest watch-next signal and gets the
 * most; history personalises; topic keeps the list on subject (the current and recent topics); a
 * creator group is small and repetitive, so it gets little; popular and trending are the safety
 * net (and popular the backfill); fresh keeps a few slots so new uploads can collect clicks.
 * Measured on the 5M-impression bench (bench/README.md, candidates-recall): fresh and creator
 * add almost no recall, which is why they get few slots.
 */
export const DEFAULT_CANDIDATE_CONFIG: CandidateConfig = Object.freeze({
  quotas: Object.freeze({
    cowatch: 170,
    history: 130,
    topic: 100,
    creator: 20,
    trending: 20,
    popular: 50,
    fresh: 10,
  }),
  cap: 500,
});

const validated = new WeakSet<CandidateConfig>();
validated.add(DEFAULT_CANDIDATE_CONFIG);

const invalid = (field: string, message: string): MultirankError =>
  new MultirankError('BAD_REQUEST', `candidates config: ${field}: ${message}`);
const isCount = (value: unknown): value is number => Number.isSafeInteger(value) && (value as number) >= 0;

/**
 * Validates a (partial) config over the defaults: quotas must name known sources and be
 * non-negative integers, the cap a positive integer; errors name the field.
 */
export function parseCandidateConfig(input: unknown = {}): CandidateConfig {
  if (!isRecord(input)) throw invalid('(root)', 'expected an object with "quotas" and/or "cap"');
  for (const key of Object.keys(input)) {
    if (key !== 'quotas' && key !== 'cap') throw invalid(key, 'unknown field (fields: quotas, cap)');
  }
  const quotas: Record<CandidateSource, number> = { ...DEFAULT_CANDIDATE_CONFIG.quotas };
  if (input.quotas !== undefined) {
    if (!isRecord(input.quotas)) throw invalid('quotas', 'expected an object of source: count');
    for (const [source, quota] of Object.entries(input.quotas)) {
      if (!(CANDIDATE_SOURCES as readonly string[]).includes(source)) {
        throw invalid(`quotas.${source}`, `unknown source (sources: ${CANDIDATE_SOURCES.join(', ')})`);
      }
      if (!isCount(quota))
        throw invalid(`quotas.${source}`, `expected a non-negative integer, got ${String(quota)}`);
      quotas[source as CandidateSource] = quota;
    }
  }
  const cap = input.cap ?? DEFAULT_CANDIDATE_CONFIG.cap;
  if (!isCount(cap) || cap === 0) throw invalid('cap', `expected a positive integer, got ${String(cap)}`);
  const config: CandidateConfig = Object.freeze({ quotas: Object.freeze(quotas), cap });
  validated.add(config);
  return config;
}

/** The item indices a request may not get back: its exclusions and the current item (unknown ids skipped). */
export function excludedItems(index: CandidateIndex, request: CandidateRequest): number[] {
  const excluded: number[] = [];
  for (const id of request.exclude ?? []) {
    const item = itemIndexOf(index, id);
    if (item >= 0) excluded.push(item);
  }
  const current = itemIndexOf(index, request.currentItem);
  if (current >= 0) excluded.push(current);
  return excluded;
}

/**
 * Every source's ranked list for a request, deep enough for the merge: a quota's worth plus room
 * for exclusions and items shared with other sources; popular and fresh as deep as the cap, for
 * the backfill. Also what the offline recall measure reads per source.
 */
export function generateSourceLists(
  index: CandidateIndex,
  request: CandidateRequest,
  config: CandidateConfig = DEFAULT_CANDIDATE_CONFIG,
): SourceLists {
  const checked = validated.has(config) ? config : parseCandidateConfig(config);
  const slack = (request.exclude?.length ?? 0) + 1;
  const lists: SourceLists = {};
  for (const source of CANDIDATE_SOURCES) {
    const quota = checked.quotas[source];
    const backfill = source === 'popular' || source === 'fresh' ? checked.cap : 0;
    const depth = Math.max(2 * quota, backfill) + slack;
    if (quota > 0 || backfill > 0) lists[source] = GENERATORS[source](index, request, depth);
  }
  return lists;
}

/** The merged candidates for a request: at most `config.cap`, each with every source that proposed it. */
export function generateCandidates(
  index: CandidateIndex,
  request: CandidateRequest,
  config: CandidateConfig = DEFAULT_CANDIDATE_CONFIG,
): Candidate[] {
  const checked = validated.has(config) ? config : parseCandidateConfig(config);
  return mergeCandidates(
    index,
    generateSourceLists(index, request, checked),
    checked,
    excludedItems(index, request),
  );
}

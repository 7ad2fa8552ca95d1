/**
 * One input line → one rank request, checked before it reaches a worker so that a bad line fails
 * alone, with a message naming the field (`candidates[2].itemId: expected a non-empty string`).
 *
 * JSONL: `{"userId", "context"?, "candidates": [{"itemId", "features"?} | "itemId", ...]}`; other
 * fields are ignored, as `POST /v1/rank` strips them. CSV: `userId`, `candidates` (ids joined by
 * "|"), and every other column a context value, as in the training logs (bags "|"-joined).
 */
import type { RawRecord } from '../data/records.js';
import { MultirankError } from '../errors.js';
import { describe } from '../util/describe.js';
import { isRecord } from '../util/is-record.js';
import type { BatchCandidate, BatchRequest } from './types.js';

/** The CSV columns that are not context values. */
export const CSV_USER_COLUMN = 'userId';
export const CSV_CANDIDATES_COLUMN = 'candidates';
/** The separator of the CSV `candidates` column (and of bag values, as in the logs). */
export const CSV_ID_SEPARATOR = '|';

const invalid = (field: string, message: string): MultirankError =>
  new MultirankError('BAD_REQUEST', `${field}: ${message}`);

function userIdOf(value: unknown): string {
  if (typeof value !== 'string' || value === '') {
    throw invalid(
      'userId',
      `expected a non-empty string, got ${value === undefined ? 'nothing' : describe(value)}`,
    );
  }
  return value;
}

function candidateOf(value: unknown, i: number): BatchCandidate {
  if (typeof value === 'string') {
    if (value === '') throw invalid(`candidates[${i}]`, 'expected a non-empty item id');
    return { itemId: value };
  }
  if (!isRecord(value)) {
    throw invalid(`candidates[${i}]`, `expected an item id or {itemId, features}, got ${describe(value)}`);
  }
  const { itemId, features } = value;
  if (typeof itemId !== 'string' || itemId === '') {
    const got = itemId === undefined ? 'nothing' : describe(itemId);
    throw invalid(`candidates[${i}].itemId`, `expected a non-empty string, got ${got}`);
  }
  if (features === undefined) return { itemId };
  if (!isRecord(features)) {
    throw invalid(
      `candidates[${i}].features`,
      `expected an object of feature values, got ${describe(features)}`,
    );
  }
  return { itemId, features };
}

/** Checks a parsed JSONL line; throws MultirankError('BAD_REQUEST') naming the field. */
export function requestFromJson(record: unknown): BatchRequest {
  if (!isRecord(record)) throw invalid('request', `expected a JSON object, got ${describe(record)}`);
  const userId = userIdOf(record.userId);
  const { context, candidates } = record;
  if (context !== undefined && !isRecord(context)) {
    throw invalid('context', `expected an object of feature values, got ${describe(context)}`);
  }
  if (!Array.isArray(candidates) || candidates.length === 0) {
    const got =
      candidates === undefined
        ? 'nothing'
        : Array.isArray(candidates)
          ? 'an empty list'
          : describe(candidates);
    throw invalid('candidates', `expected a non-empty list of item ids or {itemId, features}, got ${got}`);
  }
  const request: BatchRequest = { userId, candidates: candidates.map(candidateOf) };
  if (context !== undefined) request.context = context as RawRecord;
  return request;
}

/** Checks a CSV row (keyed by the header); empty context cells are left out (missing, as in the logs). */
export function requestFromCsv(record: Readonly<Record<string, string | undefined>>): BatchRequest {
  const userId = userIdOf(record[CSV_USER_COLUMN]);
  const ids = (record[CSV_CANDIDATES_COLUMN] ?? '').split(CSV_ID_SEPARATOR);
  if (ids.length === 1 && ids[0]?.trim() === '') {
    throw invalid('candidates', `expected item ids joined by "${CSV_ID_SEPARATOR}", got an empty cell`);
  }
  const candidates = ids.map((raw, i) => candidateOf(raw.trim(), i));
  const context: Record<string, string> = {};
  for (const [column, value] of Object.entries(record)) {
    if (column === CSV_USER_COLUMN || column === CSV_CANDIDATES_COLUMN) continue;
    if (value !== undefined && value !== '') context[column] = value;
  }
  return Object.keys(context).length > 0 ? { userId, context, candidates } : { userId, candidates };
}

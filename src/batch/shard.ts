/**
 * One machine's share of a score input (`multirank score --shard I/N`, docs/scoring.md): shard I
 * of N (0-based, as a Kubernetes Indexed Job's JOB_COMPLETION_INDEX) takes the I-th of N
 * contiguous runs of the input's lines. Contiguous runs keep the merge trivial: the shards'
 * outputs concatenated in shard order are the single-machine output, byte for byte.
 */
import { MultirankError } from '../errors.js';

/** Shard `index` of `count`, 0-based. */
export interface Shard {
  index: number;
  count: number;
}

/** The input lines a run scores: those after `after`, up to and including `through`. */
export interface LineRange {
  after: number;
  through: number;
}

/** Every line: an unsharded run. */
export const ALL_LINES: LineRange = { after: 0, through: Number.POSITIVE_INFINITY };

/** Reads `I/N` (0 <= I < N); the message names `flag` and says what is expected. */
export function parseShard(text: string, flag = '--shard'): Shard {
  const match = /^\s*(\d+)\s*\/\s*(\d+)\s*$/.exec(text);
  if (!match) {
    throw new MultirankError(
      'BAD_REQUEST',
      `${flag} expects I/N, shard I of N counted from 0 (e.g. 0/3, 1/3, 2/3).`,
    );
  }
  const index = Number(match[1]);
  const count = Number(match[2]);
  if (!Number.isSafeInteger(count) || count < 1) {
    throw new MultirankError('BAD_REQUEST', `${flag}: the shard count N must be at least 1.`);
  }
  if (!Number.isSafeInteger(index) || index >= count) {
    throw new MultirankError(
      'BAD_REQUEST',
      `${flag}: there is no shard ${match[1]} of ${count}; shards count from 0, so I is 0 to ${count - 1}.`,
    );
  }
  return { index, count };
}

/**
 * The lines of shard `index` of `count` in a file of `lines` lines (a CSV header and blank lines
 * included): the I-th of N runs of near-equal length. The last shard also takes any line past
 * `lines`, so every line a reader numbers belongs to exactly one shard whatever it counts as a line.
 */
export function shardLines(shard: Shard, lines: number): LineRange {
  const { index, count } = shard;
  return {
    after: Math.floor((index * lines) / count),
    through: index === count - 1 ? Number.POSITIVE_INFINITY : Math.floor(((index + 1) * lines) / count),
  };
}

/** `input lines 35–68 of 102` for messages, given the input's line count. */
export function describeLines(range: LineRange, lines: number): string {
  const through = Math.min(range.through, lines);
  return through <= range.after
    ? `no input lines (the input has ${lines})`
    : `input lines ${range.after + 1}–${through} of ${lines}`;
}

/**
 * The candidate index on disk:
 *   index.json               CandidateIndexMeta (format tag, provenance, settings, array lengths)
 *   items.txt                item ids, one per line, in index order
 *   topics.txt, creators.txt group names, one per line, in group order
 *   <array>.i32 / <array>.f32 each typed array as raw little-endian values
 * Raw arrays load with one read and no parsing, which matters for a million-item catalogue; the
 * lengths in index.json catch a truncated or mixed-up file before serving reads garbage.
 * A write goes to a sibling temp folder renamed into place, so readers never see half an index.
 */

import { mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { endianness } from 'node:os';
import { join } from 'node:path';
import { MultirankError } from '../errors.js';
import {
  CANDIDATE_INDEX_FORMAT,
  type CandidateIndex,
  type CandidateIndexMeta,
  type Csr,
  type RankedItems,
} from './types.js';

type IndexArray = Int32Array | Float32Array;
const SEGMENTED = ['popular', 'trending'] as const;
const TEXT_FILES = { itemIds: 'items.txt', topicNames: 'topics.txt', creatorNames: 'creators.txt' } as const;

/** Every typed array of the index under its name in meta.arrays, e.g. "cowatch.offsets", "popular.device:tv.items". */
export function indexArrays(index: CandidateIndex): Map<string, IndexArray> {
  const arrays = new Map<string, IndexArray>();
  const csr = (name: string, value: Csr) => {
    arrays.set(`${name}.offsets`, value.offsets);
    arrays.set(`${name}.targets`, value.targets);
    arrays.set(`${name}.scores`, value.scores);
  };
  const ranked = (name: string, value: RankedItems) => {
    arrays.set(`${name}.items`, value.items);
    arrays.set(`${name}.scores`, value.scores);
  };
  csr('cowatch', index.cowatch);
  csr('similar', index.similar);
  arrays.set('topicOf', index.topicOf);
  csr('topics', index.topics);
  arrays.set('creatorOf', index.creatorOf);
  csr('creators', index.creators);
  for (const list of SEGMENTED)
    for (const [segment, value] of index[list]) ranked(`${list}.${segment}`, value);
  ranked('fresh', index.fresh);
  return arrays;
}

/** meta.arrays for an index: each array's element type and length. */
export function describeArrays(index: CandidateIndex): CandidateIndexMeta['arrays'] {
  const described: CandidateIndexMeta['arrays'] = {};
  for (const [name, array] of indexArrays(index)) {
    described[name] = { type: array instanceof Int32Array ? 'int32' : 'float32', length: array.length };
  }
  return described;
}

/** The file holding an array: names are kept readable, anything unsafe in a file name (":" of segments) escaped. */
export function arrayFileName(name: string, type: 'int32' | 'float32'): string {
  const safe = name.replace(/[^A-Za-z0-9._-]/g, (c) => `~${c.charCodeAt(0).toString(16).padStart(2, '0')}`);
  return `${safe}.${type === 'int32' ? 'i32' : 'f32'}`;
}

/** Writes the index to `dir` atomically; returns the files written and their total bytes. */
export async function writeCandidateIndex(
  dir: string,
  index: CandidateIndex,
): Promise<{ files: number; bytes: number }> {
  const meta: CandidateIndexMeta = {
    ...index.meta,
    format: CANDIDATE_INDEX_FORMAT,
    arrays: describeArrays(index),
  };
  const staging = `${dir}.tmp-${process.pid}`;
  await rm(staging, { recursive: true, force: true });
  await mkdir(staging, { recursive: true });
  let files = 0;
  let bytes = 0;
  const put = async (file: string, data: string | Uint8Array) => {
    await writeFile(join(staging, file), data);
    files += 1;
    bytes += typeof data === 'string' ? Buffer.byteLength(data) : data.byteLength;
  };
  try {
    for (const [field, file] of Object.entries(TEXT_FILES)) {
      await put(file, linesOf(index[field as keyof typeof TEXT_FILES], file));
    }
    for (const [name, array] of indexArrays(index)) {
      const described = meta.arrays[name];
      if (described) await put(arrayFileName(name, described.type), littleEndianBytes(array));
    }
    await put('index.json', `${JSON.stringify(meta, null, 2)}\n`);
  } catch (error) {
    await rm(staging, { recursive: true, force: true });
    throw error;
  }
  await rm(dir, { recursive: true, force: true });
  await rename(staging, dir);
  return { files, bytes };
}

/** Loads an index written by writeCandidateIndex; a wrong format, missing file or bad length is an error naming the file. */
export async function readCandidateIndex(dir: string): Promise<CandidateIndex> {
  const fail = (file: string, problem: string): never => {
    throw new MultirankError('BAD_REQUEST', `candidate index ${dir}: ${file}: ${problem}`);
  };
  const read = (file: string): Promise<Buffer> =>
    readFile(join(dir, file)).catch((error: Error) => fail(file, `cannot read: ${error.message}`));

  const metaText = (await read('index.json')).toString('utf8');
  let meta: CandidateIndexMeta;
  try {
    meta = JSON.parse(metaText) as CandidateIndexMeta;
  } catch (error) {
    return fail('index.json', `not valid JSON: ${(error as Error).message}`);
  }
  if (meta?.format !== CANDIDATE_INDEX_FORMAT) {
    fail('index.json', `format is ${JSON.stringify(meta?.format)}, expected ${CANDIDATE_INDEX_FORMAT}`);
  }
  if (typeof meta.arrays !== 'object' || meta.arrays === null) fail('index.json', 'no "arrays" table');

  const lines = async (file: string) => {
    const body = (await read(file)).toString('utf8');
    return body === '' ? [] : body.replace(/\n$/, '').split('\n');
  };
  // Read every file at once: one await per file would queue each read behind a round of request
  // work when a hot swap loads an index under traffic.
  const [itemIds, topicNames, creatorNames] = await Promise.all([
    lines(TEXT_FILES.itemIds),
    lines(TEXT_FILES.topicNames),
    lines(TEXT_FILES.creatorNames),
  ]);
  const entries = Object.entries(meta.arrays).map(([name, entry]) => {
    const { type, length } = entry ?? {};
    if ((type !== 'int32' && type !== 'float32') || !Number.isSafeInteger(length) || length < 0) {
      fail('index.json', `arrays["${name}"] is not {type: int32 | float32, length}`);
    }
    return { name, type, length, file: arrayFileName(name, type) };
  });
  const raws = await Promise.all(entries.map((e) => read(e.file)));
  const arrays = new Map<string, IndexArray>();
  entries.forEach(({ name, type, length, file }, k) => {
    const raw = raws[k]!;
    if (raw.byteLength !== length * 4) {
      fail(file, `expected ${length} ${type} values (${length * 4} bytes), found ${raw.byteLength} bytes`);
    }
    arrays.set(name, fromLittleEndian(raw, type));
  });

  const n = itemIds.length;
  const check = checker(arrays, fail);
  const segments = (list: (typeof SEGMENTED)[number]) => {
    const out = new Map<string, RankedItems>();
    for (const name of arrays.keys()) {
      if (name.startsWith(`${list}.`) && name.endsWith('.items')) {
        const segment = name.slice(list.length + 1, -'.items'.length);
        out.set(segment, check.ranked(`${list}.${segment}`, n));
      }
    }
    return out;
  };
  return {
    format: CANDIDATE_INDEX_FORMAT,
    itemIds,
    indexOf: new Map(itemIds.map((id, i) => [id, i])),
    cowatch: check.csr('cowatch', n, n),
    similar: check.csr('similar', n, n),
    topicOf: check.groupOf('topicOf', n, topicNames.length),
    topics: check.csr('topics', topicNames.length, n),
    topicNames,
    creatorOf: check.groupOf('creatorOf', n, creatorNames.length),
    creators: check.csr('creators', creatorNames.length, n),
    creatorNames,
    popular: segments('popular'),
    trending: segments('trending'),
    fresh: check.ranked('fresh', n),
    meta,
  };
}

/**
 * Typed access to the loaded arrays with the structural checks serving relies on: right type,
 * indices in range, offsets increasing and consistent. A file of the right size can still be
 * corrupt, and an out-of-range index would otherwise surface as a wrong answer, not an error.
 */
function checker(arrays: Map<string, IndexArray>, fail: (file: string, problem: string) => never) {
  const get = <T extends IndexArray>(name: string, kind: new (n: number) => T): T => {
    const value = arrays.get(name);
    return value instanceof kind ? value : fail('index.json', `arrays has no ${kind.name} "${name}"`);
  };
  const indices = (name: string, min: number, bound: number): Int32Array => {
    const value = get(name, Int32Array);
    if (value.some((v) => v < min || v >= bound)) {
      fail(arrayFileName(name, 'int32'), `values out of range (expected ${min} ≤ v < ${bound})`);
    }
    return value;
  };
  const sameLength = (name: string, of: ArrayLike<number>, what: string): Float32Array => {
    const scores = get(name, Float32Array);
    if (scores.length !== of.length) fail(arrayFileName(name, 'float32'), `length differs from ${what}`);
    return scores;
  };
  return {
    csr(name: string, rows: number, bound: number): Csr {
      const offsets = get(`${name}.offsets`, Int32Array);
      const targets = indices(`${name}.targets`, 0, bound);
      const ordered = offsets.every((o, i) => i === 0 || o >= (offsets[i - 1] ?? 0));
      if (offsets.length !== rows + 1 || offsets[0] !== 0 || !ordered || offsets[rows] !== targets.length) {
        fail(
          arrayFileName(`${name}.offsets`, 'int32'),
          `not ${rows + 1} increasing offsets from 0 to ${targets.length}`,
        );
      }
      return { offsets, targets, scores: sameLength(`${name}.scores`, targets, 'targets') };
    },
    ranked(name: string, nItems: number): RankedItems {
      const items = indices(`${name}.items`, 0, nItems);
      return { items, scores: sameLength(`${name}.scores`, items, 'items') };
    },
    groupOf(name: string, nItems: number, groups: number): Int32Array {
      const value = indices(name, -1, groups);
      if (value.length !== nItems)
        fail(arrayFileName(name, 'int32'), `expected one entry per item (${nItems})`);
      return value;
    },
  };
}

function linesOf(values: string[], file: string): string {
  for (const value of values) {
    // One name a line: a line break inside a name would shift every later index.
    if (/[\r\n]/.test(value)) {
      throw new MultirankError('BAD_REQUEST', `${file}: name ${JSON.stringify(value)} contains a line break`);
    }
  }
  return values.length === 0 ? '' : `${values.join('\n')}\n`;
}

function littleEndianBytes(array: IndexArray): Uint8Array {
  const bytes = new Uint8Array(array.buffer, array.byteOffset, array.byteLength);
  return endianness() === 'LE' ? bytes : swapped(bytes);
}

function fromLittleEndian(raw: Buffer, type: 'int32' | 'float32'): IndexArray {
  // A copy: Buffers from readFile may share a pool and not be 4-byte aligned.
  const bytes = endianness() === 'LE' ? Uint8Array.from(raw) : swapped(raw);
  return type === 'int32' ? new Int32Array(bytes.buffer) : new Float32Array(bytes.buffer);
}

function swapped(bytes: Uint8Array): Uint8Array {
  const out = new Uint8Array(bytes.length);
  for (let i = 0; i < bytes.length; i += 4) {
    out[i] = bytes[i + 3] ?? 0;
    out[i + 1] = bytes[i + 2] ?? 0;
    out[i + 2] = bytes[i + 1] ?? 0;
    out[i + 3] = bytes[i] ?? 0;
  }
  return out;
}

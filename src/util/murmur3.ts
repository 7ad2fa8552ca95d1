/**
 * MurmurHash3, x86 32-bit variant (Austin Appleby's public-domain design).
 *
 * Used wherever an id must land in a stable bucket: hashed features and bag ids here, and
 * experiment bucketing in scoring. Strings are hashed as their UTF-8 bytes so that the result
 * matches the reference C++ implementation and its ports (Python `mmh3`, Java Guava) for the same text.
 */

const C1 = 0xcc9e2d51;
const C2 = 0x1b873593;
const encoder = new TextEncoder();
// Strings are encoded into one reused buffer: hashing ids is hot (every bag entry of every row).
let scratch = new Uint8Array(256);

/** Returns the unsigned 32-bit MurmurHash3_x86_32 of a string's UTF-8 bytes, or of raw bytes. */
export function murmur3(input: string | Uint8Array, seed = 0): number {
  if (typeof input !== 'string') return hashBytes(input, input.length, seed);
  // A UTF-16 unit takes at most 3 UTF-8 bytes.
  if (scratch.length < input.length * 3) scratch = new Uint8Array(input.length * 3);
  return hashBytes(scratch, encoder.encodeInto(input, scratch).written, seed);
}

function hashBytes(bytes: Uint8Array, length: number, seed: number): number {
  const blockEnd = length - (length % 4);
  let h = seed >>> 0;

  for (let i = 0; i < blockEnd; i += 4) {
    // Little-endian block read, as the reference does on x86.
    const k = bytes[i]! | (bytes[i + 1]! << 8) | (bytes[i + 2]! << 16) | (bytes[i + 3]! << 24);
    h ^= scramble(k);
    h = (h << 13) | (h >>> 19);
    h = (Math.imul(h, 5) + 0xe6546b64) | 0;
  }

  // The last 1–3 bytes, mixed in as one partial little-endian block.
  const rest = length & 3;
  if (rest > 0) {
    let tail = bytes[blockEnd]!;
    if (rest >= 2) tail ^= bytes[blockEnd + 1]! << 8;
    if (rest === 3) tail ^= bytes[blockEnd + 2]! << 16;
    h ^= scramble(tail);
  }

  h ^= length;
  return finalMix(h);
}

/** Maps a string into one of `buckets` buckets, numbered 0..buckets-1. */
export function murmur3Bucket(input: string, buckets: number, seed = 0): number {
  return murmur3(input, seed) % buckets;
}

function scramble(k: number): number {
  let x = Math.imul(k, C1);
  x = (x << 15) | (x >>> 17);
  return Math.imul(x, C2);
}

// The avalanche step: every input bit affects every output bit.
function finalMix(value: number): number {
  let h = value;
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

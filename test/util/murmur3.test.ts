import { describe, expect, it } from 'vitest';
import { murmur3, murmur3Bucket } from '../../src/util/murmur3.js';

const SEED = 0x9747b28c;
const bytes = (...values: number[]) => new Uint8Array(values);

// Published MurmurHash3_x86_32 vectors (reference implementation, SMHasher; also Python mmh3 / Guava).
const VECTORS: [string | Uint8Array, number, number][] = [
  ['', 0, 0],
  ['', 1, 0x514e28b7],
  ['', 0xffffffff, 0x81f16f39],
  [bytes(0), 0, 0x514e28b7],
  [bytes(0, 0), 0, 0x30f4c306],
  [bytes(0, 0, 0), 0, 0x85f0b427],
  [bytes(0, 0, 0, 0), 0, 0x2362f9de],
  [bytes(0xff, 0xff, 0xff, 0xff), 0, 0x76293b50],
  [bytes(0x21, 0x43, 0x65, 0x87), 0, 0xf55b516b],
  [bytes(0x21, 0x43, 0x65, 0x87), 0x5082edee, 0x2362f9de],
  ['hello', 0, 0x248bfa47],
  ['a', SEED, 0x7fa09ea6],
  ['ab', SEED, 0x74875592],
  ['abc', SEED, 0xc84a62dd],
  ['abcd', SEED, 0xf0478627],
  ['aa', SEED, 0x5d211726],
  ['aaa', SEED, 0x283e0130],
  ['aaaa', SEED, 0x5a97808a],
  ['Hello, world!', SEED, 0x24884cba],
  ['ππππππππ', SEED, 0xd58063c1],
  ['The quick brown fox jumps over the lazy dog', SEED, 0x2fa826cd],
  ['The quick brown fox jumps over the lazy dog', 0, 0x2e4ff723],
];

describe('murmur3 (x86, 32-bit)', () => {
  it.each(VECTORS)('hashes %j with seed %i to the published value', (input, seed, expected) => {
    expect(murmur3(input, seed)).toBe(expected);
  });

  it('hashes strings as UTF-8, so text and its bytes agree', () => {
    const text = 'vidéo-42 ✓';
    expect(murmur3(text, 7)).toBe(murmur3(new TextEncoder().encode(text), 7));
  });

  it('always returns an unsigned 32-bit integer', () => {
    for (let i = 0; i < 1000; i += 1) {
      const h = murmur3(`item-${i}`, i);
      expect(Number.isInteger(h) && h >= 0 && h <= 0xffffffff).toBe(true);
    }
  });

  it('buckets stay in range and spread ids evenly', () => {
    const counts = new Array<number>(10).fill(0);
    for (let i = 0; i < 10_000; i += 1) {
      const bucket = murmur3Bucket(`user-${i}`, 10);
      counts[bucket] = (counts[bucket] ?? 0) + 1;
    }
    for (const count of counts) expect(count).toBeGreaterThan(850);
  });
});

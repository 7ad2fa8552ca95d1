/** Timestamps in seconds or milliseconds, as numbers, numeric text or ISO dates, all read as unix seconds. */
import { describe, expect, it } from 'vitest';
import { cutoffSeconds } from '../../src/data/split.js';
import { readTimestamp } from '../../src/data/values.js';

describe('readTimestamp', () => {
  it('reads 1e11 or more as milliseconds under auto, in JSON numbers and CSV text alike', () => {
    expect(readTimestamp(1_700_000_000, 'auto')).toBe(1_700_000_000);
    expect(readTimestamp(1_700_000_000_123, 'auto')).toBe(1_700_000_000.123);
    expect(readTimestamp('1700000000000', 'auto')).toBe(1_700_000_000);
    // The smallest millisecond value read as such is 1973-03-03; the largest seconds value, the year 5138.
    expect(readTimestamp(1e11, 'auto')).toBe(1e8);
    expect(readTimestamp(1e11 - 1, 'auto')).toBe(1e11 - 1);
  });

  it('follows an explicit unit, and reads ISO dates whatever the unit', () => {
    expect(readTimestamp(1_700_000_000, 'ms')).toBe(1_700_000);
    expect(readTimestamp(1_700_000_000_000, 's')).toBe(1_700_000_000_000);
    for (const unit of ['auto', 's', 'ms'] as const) {
      expect(readTimestamp('2024-01-01T00:00:00Z', unit)).toBe(1_704_067_200);
    }
    expect(readTimestamp('', 'auto')).toBeNull();
  });

  it('refuses microseconds under auto and text that is no date, naming what it expected', () => {
    expect(readTimestamp(1_700_000_000_000_000, 'auto')).toEqual({
      bad: 'expected unix seconds or milliseconds, or an ISO date, got number 1700000000000000, too large for milliseconds (microseconds?)',
    });
    expect(readTimestamp('soon', 'ms')).toEqual({
      bad: 'expected unix milliseconds or an ISO date, got string "soon"',
    });
  });
});

describe('cutoffSeconds', () => {
  it('reads a validation.after of 1e11 or more as milliseconds, like the column', () => {
    expect(cutoffSeconds(1_700_000_000)).toBe(1_700_000_000);
    expect(cutoffSeconds(1_700_000_000_000)).toBe(1_700_000_000);
  });
});

import { describe, expect, it } from 'vitest';
import { createProgress, formatCount, formatDuration, type ProgressStream } from '../../src/cli/progress.js';

/** A stream that records writes, and a clock the test moves by hand. */
function fakes(isTTY: boolean) {
  const writes: string[] = [];
  const stream: ProgressStream = { isTTY, columns: 100, write: (text: string) => writes.push(text) };
  let t = 0;
  return { writes, stream, now: () => t, advance: (ms: number) => (t += ms) };
}

describe('formatting', () => {
  it('groups counts and shortens durations', () => {
    expect(formatCount(1234567)).toBe('1,234,567');
    expect(formatCount(999)).toBe('999');
    expect(formatDuration(3.24)).toBe('3.2s');
    expect(formatDuration(42)).toBe('42s');
    expect(formatDuration(185)).toBe('3m05s');
    expect(formatDuration(3720)).toBe('1h02m');
  });
});

describe('createProgress', () => {
  it('prints a plain line every interval when not on a terminal, then a summary', () => {
    const f = fakes(false);
    const p = createProgress({ label: 'job', total: 1000, unit: 'rows', stream: f.stream, now: f.now });
    f.advance(1000);
    p.tick(100);
    expect(f.writes).toHaveLength(0);
    f.advance(4000);
    p.tick(150);
    expect(f.writes).toEqual(['job: 250/1,000 rows (25%), 50/s ETA 15s\n']);
    f.advance(10_000);
    p.tick(750);
    p.done('extra');
    expect(f.writes.at(-1)).toBe('job: 1,000 rows in 15s (67/s); extra\n');
    expect(p.count).toBe(1000);
  });

  it('redraws a single line on a terminal and clears it for the summary', () => {
    const f = fakes(true);
    const p = createProgress({ label: 'job', total: 10, stream: f.stream, now: f.now });
    f.advance(200);
    p.tick(5);
    const redraw = '\r\x1b[2K';
    expect(f.writes[0]).toBe(`${redraw}job: [##########----------] 50% 5/10 items, 25/s ETA 0.2s`);
    p.done();
    expect(f.writes.at(-1)).toBe(`${redraw}job: 5 items in 0.2s (25/s)\n`);
    p.done();
    p.tick();
    expect(f.writes).toHaveLength(2);
  });

  it('omits percentage and ETA without a total', () => {
    const f = fakes(false);
    const p = createProgress({ label: 'scan', stream: f.stream, now: f.now, intervalSeconds: 1 });
    f.advance(2000);
    p.tick(10);
    expect(f.writes).toEqual(['scan: 10 items, 5/s\n']);
  });
});

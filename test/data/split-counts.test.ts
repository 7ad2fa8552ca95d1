/**
 * The split checked and shown before training: an empty side is refused with the row counts,
 * and the printed line gives the cutoff as a date, the rows on each side and the timestamp unit.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseConfigText } from '../../src/features/parse-config.js';
import { checkSplit, openTrainingData } from '../../src/training/training-data.js';
import { FIXTURES, tempFiles } from './helpers.js';

const files = tempFiles();
const LOG = `${FIXTURES}interactions.jsonl`;

/** A minimal config over `log` with the given `validation` and extra `keys` entries. */
function open(log: string, validation: string, keys = '') {
  const text = `
data:
  log: ${log}
  keys: { item: item_id, timestamp: timestamp${keys} }
  validation: ${validation}
features:
  - { name: device, source: context, type: categorical }
tasks:
  - { name: click, kind: binary }
`;
  return openTrainingData(parseConfigText(text, { baseDir: files.dir }));
}

/** The fixture log with its timestamps written in milliseconds. */
function millisecondLog(): string {
  const lines = readFileSync(LOG, 'utf8').trim().split('\n');
  const rows = lines.map((line) => {
    const record = JSON.parse(line) as { timestamp: number };
    return JSON.stringify({ ...record, timestamp: record.timestamp * 1000 });
  });
  return files.write('ms.jsonl', `${rows.join('\n')}\n`);
}

const RANGE = 'from 2023-11-14T22:13:20Z to 2023-11-14T22:20:00Z';

describe('checkSplit', () => {
  it('refuses a cutoff before every row: no training rows, with the counts and the range', async () => {
    const data = await open(LOG, '{ after: 2020-01-01 }');
    await expect(checkSplit(data)).rejects.toThrow(
      `${LOG}: validation.after 2020-01-01T00:00:00Z leaves 0 training rows (0 train, 10 validation; ` +
        `the log's timestamps run ${RANGE}): move the cutoff later`,
    );
  });

  it('refuses a cutoff after every row: no validation rows when a split was asked for', async () => {
    const data = await open(LOG, '{ after: 2030-01-01T00:00:00Z }');
    await expect(checkSplit(data)).rejects.toThrow(
      'validation.after 2030-01-01T00:00:00Z leaves 0 validation rows (10 train, 0 validation; ' +
        `the log's timestamps run ${RANGE}): move the cutoff earlier, or write validation: none to train without one`,
    );
  });

  it('refuses a fraction that leaves no validation because every row shares the cutoff time', async () => {
    const lines = readFileSync(LOG, 'utf8').trim().split('\n');
    const same = lines.map((l) => JSON.stringify({ ...JSON.parse(l), timestamp: 1_700_000_000 }));
    const log = files.write('same-time.jsonl', `${same.join('\n')}\n`);
    await expect(checkSplit(await open(log, '{ lastFraction: 0.2 }'))).rejects.toThrow(
      "leaves 0 validation rows (10 train, 0 validation; the log's timestamps run from 2023-11-14T22:13:20Z to 2023-11-14T22:13:20Z): raise the fraction (rows at the cutoff time stay in training)",
    );
  });

  it('prints the cutoff, the rows on each side and the unit the timestamps were read in', async () => {
    const { counts, line } = await checkSplit(await open(LOG, '{ lastFraction: 0.3 }'));
    expect(counts).toMatchObject({ train: 7, validation: 3, milliseconds: 0 });
    expect(line).toBe(
      'split: validation.lastFraction 0.3 (after 2023-11-14T22:16:40Z): 7 training rows, 3 validation rows; ' +
        `timestamps ${RANGE}, read as seconds (timestampUnit auto)`,
    );
    expect((await checkSplit(await open(LOG, 'none'))).line).toBe(
      'split: validation: none: 10 training rows, no validation',
    );
  });
});

describe('millisecond timestamps', () => {
  it('are detected under auto and split exactly as the same log in seconds', async () => {
    const log = millisecondLog();
    const seconds = await open(LOG, '{ lastFraction: 0.3 }');
    const ms = await open(log, '{ lastFraction: 0.3 }');
    expect(ms.plan).toEqual(seconds.plan);
    const { counts, line } = await checkSplit(ms);
    expect(counts).toMatchObject({ train: 7, validation: 3, milliseconds: 10, numericTimestamps: 10 });
    expect(line).toContain(`timestamps ${RANGE}, read as milliseconds (timestampUnit auto)`);
    // An ISO cutoff (and one in milliseconds) means the same instant on a millisecond log.
    for (const after of ['2023-11-14T22:15:00Z', '1700000100000']) {
      const { counts: byDate } = await checkSplit(await open(log, `{ after: ${after} }`));
      expect(byDate).toMatchObject({ train: 5, validation: 5 });
    }
  });

  it('follow timestampUnit when it is set, and the line shows a wrong choice at a glance', async () => {
    const right = await open(millisecondLog(), '{ lastFraction: 0.3 }', ', timestampUnit: ms');
    expect((await checkSplit(right)).line).toContain(
      `timestamps ${RANGE}, read as milliseconds (timestampUnit ms)`,
    );
    // Milliseconds declared as seconds: the year 55,840 is hard to miss.
    const wrong = await open(millisecondLog(), '{ lastFraction: 0.3 }', ', timestampUnit: s');
    expect((await checkSplit(wrong)).line).toContain('timestamps from +055840-11-08T22:13:20Z');
  });
});

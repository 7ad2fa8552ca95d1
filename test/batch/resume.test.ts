/**
 * Where a re-run continues: torn last lines cut off, a possibly incomplete last request dropped
 * (unless a later error proves it complete), and the error file cut to match.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { rowFormat } from '../../src/batch/output-format.js';
import { prepareOutputs } from '../../src/batch/resume.js';
import { tempFiles } from '../data/helpers.js';

const files = tempFiles();
const heads = ['click', 'like'];
const item = (itemId: string, score: number, unknown = false) => ({
  itemId,
  score,
  heads: { click: score, like: score / 2 },
  ...(unknown ? { unknown: true as const } : {}),
});

/** Rows of requests at the given input lines, two candidates each. */
function rows(format: 'jsonl' | 'csv', lines: number[]): string {
  const f = rowFormat(format, heads);
  return (
    f.header + lines.map((line) => f.rows(line, `u${line}`, [item('a', 0.5), item('b', 0.25, true)])).join('')
  );
}
const error = (line: number) => `${JSON.stringify({ line, error: 'userId: expected a non-empty string' })}\n`;

async function prepare(
  name: string,
  format: 'jsonl' | 'csv',
  out: string | null,
  errors?: string,
  force = false,
) {
  const outPath = join(files.dir, `${name}.${format}`);
  const errorPath = `${outPath}.errors.jsonl`;
  if (out !== null) writeFileSync(outPath, out);
  if (errors !== undefined) writeFileSync(errorPath, errors);
  const point = await prepareOutputs({
    out: outPath,
    errors: errorPath,
    format: rowFormat(format, heads),
    force,
  });
  const read = (path: string) => {
    try {
      return readFileSync(path, 'utf8');
    } catch {
      return null;
    }
  };
  return { point, out: read(outPath), errors: read(errorPath) };
}

describe('prepareOutputs', () => {
  it('formats rows best first with every head, and `unknown` only where it applies', () => {
    expect(rows('csv', [3])).toBe(
      'line,userId,itemId,rank,score,click,like,unknown\n3,u3,a,1,0.5,0.5,0.25,\n3,u3,b,2,0.25,0.25,0.125,true\n',
    );
    expect(rows('jsonl', [3]).split('\n')[1]).toBe(
      '{"line":3,"userId":"u3","itemId":"b","rank":2,"score":0.25,"click":0.25,"like":0.125,"unknown":true}',
    );
  });

  it('starts over with a header when there is no output, or with force', async () => {
    expect(await prepare('missing', 'csv', null, error(2))).toEqual({
      point: { after: 0 },
      out: 'line,userId,itemId,rank,score,click,like,unknown\n',
      errors: null,
    });
    const forced = await prepare('forced', 'jsonl', rows('jsonl', [1, 2]), error(3), true);
    expect(forced).toEqual({ point: { after: 0 }, out: '', errors: null });
  });

  for (const format of ['jsonl', 'csv'] as const) {
    it(`${format}: drops the last request (it may be incomplete) and cuts a torn line`, async () => {
      const whole = rows(format, [1, 2, 4]);
      const torn = whole.slice(0, whole.length - 7);
      const result = await prepare(`torn-${format}`, format, torn, error(3));
      expect(result.point).toEqual({ after: 3 });
      expect(result.out).toBe(rows(format, [1, 2]));
      expect(result.errors).toBe(error(3));
    });
  }

  it('keeps the last request when a later error proves it complete, and cuts a torn error line', async () => {
    const errors = `${error(3)}${error(5)}{"line":6,"err`;
    const result = await prepare('proved', 'jsonl', rows('jsonl', [1, 2, 4]), errors);
    expect(result).toEqual({
      point: { after: 5 },
      out: rows('jsonl', [1, 2, 4]),
      errors: `${error(3)}${error(5)}`,
    });
  });

  it('drops errors after the request it goes back to, when the output was torn', async () => {
    const whole = rows('jsonl', [1, 2, 4]);
    const result = await prepare('both', 'jsonl', whole.slice(0, -3), `${error(3)}${error(5)}`);
    expect(result).toEqual({ point: { after: 3 }, out: rows('jsonl', [1, 2]), errors: error(3) });
  });

  it('resumes after the last error when no row was written yet (header complete, cut or absent)', async () => {
    const header = rows('csv', []);
    for (const out of [header, header.slice(0, 5), '']) {
      const result = await prepare('errors-only', 'csv', out, `${error(2)}${error(3)}`);
      expect(result).toEqual({ point: { after: 3 }, out: header, errors: `${error(2)}${error(3)}` });
    }
  });

  it('refuses to resume into a file that is not this output', async () => {
    await expect(prepare('other', 'csv', 'a,b\n1,2\n')).rejects.toThrow(/its header is not "line,userId,/);
    await expect(prepare('junk', 'jsonl', '{"x":1}\n')).rejects.toThrow(/is not a score row; cannot resume/);
  });
});

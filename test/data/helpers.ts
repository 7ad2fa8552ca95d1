/** Temp files for data tests: each test writes its own small inputs. */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll } from 'vitest';
import type { SourceRow } from '../../src/data/records.js';

/** A temp folder removed after the test file; `write` puts a file in it and returns its path. */
export function tempFiles(): { dir: string; write: (name: string, text: string) => string } {
  const dir = mkdtempSync(join(tmpdir(), 'multirank-data-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  return {
    dir,
    write: (name, text) => {
      const path = join(dir, name);
      writeFileSync(path, text);
      return path;
    },
  };
}

/** Collects an async stream into an array. */
export async function collect<T>(rows: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const row of rows) out.push(row);
  return out;
}

/** Folder of the committed fixtures. */
export const FIXTURES = new URL('../fixtures/data/', import.meta.url).pathname;

/** The records of a stream, without their origins. */
export const records = (rows: SourceRow[]) => rows.map((row) => row.record);

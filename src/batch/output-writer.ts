/**
 * Appends outcomes, in input order, to the output (rows) and the error file (failures). One file
 * is written at a time and each write completes before the other file is touched: that ordering
 * is what lets resume.ts trust everything before the last line of either file.
 */
import { type FileHandle, open } from 'node:fs/promises';
import { isFailed, type Outcome } from './types.js';

/** The two appenders of a run. */
export interface OutputWriter {
  /** Appends the outcomes of consecutive requests (rows to the output, failures to the error file). */
  write(outcomes: readonly Outcome[]): Promise<void>;
  close(): Promise<void>;
}

async function append(handle: FileHandle, text: string): Promise<void> {
  const bytes = Buffer.from(text);
  let done = 0;
  while (done < bytes.length) done += (await handle.write(bytes, done, bytes.length - done)).bytesWritten;
}

/** Opens `out` for appending; the error file is created on the first failure only. */
export async function openOutputWriter(out: string, errors: string): Promise<OutputWriter> {
  const output = await open(out, 'a');
  let errorFile: FileHandle | null = null;

  const flush = async (toErrors: boolean, text: string): Promise<void> => {
    if (text === '') return;
    if (!toErrors) return append(output, text);
    errorFile ??= await open(errors, 'a');
    return append(errorFile, text);
  };

  return {
    async write(outcomes) {
      // Runs of rows (or of failures) become one write each.
      let toErrors = false;
      let text = '';
      for (const outcome of outcomes) {
        const failed = isFailed(outcome);
        if (failed !== toErrors) {
          await flush(toErrors, text);
          toErrors = failed;
          text = '';
        }
        if (isFailed(outcome)) {
          const { line, userId, error } = outcome;
          text += `${JSON.stringify(userId === undefined ? { line, error } : { line, userId, error })}\n`;
        } else {
          text += outcome.text;
        }
      }
      await flush(toErrors, text);
    },
    async close() {
      await output.close();
      await errorFile?.close();
    },
  };
}

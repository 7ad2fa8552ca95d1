/**
 * Building a candidate index from the command line, shared by `candidates build` and
 * `train --candidates`: the progress bar and phase lines on stderr, the atomic write, and the
 * one-line summary on stdout.
 */
import { type BuildInput, buildCandidateIndex } from '../../candidates/build/build.js';
import { writeCandidateIndex } from '../../candidates/index-io.js';
import { createProgress, formatCount, formatDuration } from '../progress.js';

/** Builds the index from `input`, writes it to `out` (replaced atomically) and returns the summary line. */
export async function buildIndexInto(
  input: Omit<BuildInput, 'tick' | 'log'>,
  out: string,
  showProgress: boolean,
): Promise<string> {
  const started = performance.now();
  const progress = showProgress ? createProgress({ label: 'candidates', unit: 'rows' }) : undefined;
  const say = (line: string) => process.stderr.write(`candidates: ${line}\n`);
  try {
    const index = await buildCandidateIndex({
      ...input,
      tick: (rows) => progress?.tick(rows),
      log: (line) => {
        // The row count is final once later phases start; close the bar before logging them.
        progress?.done();
        say(line);
      },
    });
    const written = await writeCandidateIndex(out, index);
    const seconds = (performance.now() - started) / 1000;
    return (
      `candidate index ${out}: ${formatCount(index.itemIds.length)} items, ` +
      `${formatCount(index.cowatch.targets.length)} co-watch pairs, ` +
      `${formatCount(index.similar.targets.length)} similar pairs, ` +
      `${index.topicNames.length} topics, ${index.creatorNames.length} creators, ` +
      `${index.popular.size} segments; ${written.files} files, ${formatBytes(written.bytes)}; ` +
      formatDuration(seconds)
    );
  } finally {
    // End the progress line, so an error starts on a line of its own.
    progress?.done();
  }
}

function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 ** 2) return `${(bytes / 1024).toFixed(1)} KB`;
  return `${(bytes / 1024 ** 2).toFixed(1)} MB`;
}

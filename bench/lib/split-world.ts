/**
 * Splits a simulated world's log (and its aligned ground truth) by time into a training log and
 * a held-out log: the world writes impressions in time order, so the last lines are the latest.
 */

import { once } from 'node:events';
import { createReadStream, createWriteStream } from 'node:fs';
import { join } from 'node:path';
import { createInterface } from 'node:readline';

/** Paths of the split files. */
export interface SplitWorld {
  train: string;
  heldout: string;
  heldoutTruth: string;
  items: string;
  users: string;
}

async function countLines(path: string): Promise<number> {
  let n = 0;
  for await (const _ of createInterface({
    input: createReadStream(path),
    crlfDelay: Number.POSITIVE_INFINITY,
  }))
    n++;
  return n;
}

/** Copies lines [from, to) of `path` to each target by range. */
async function splitLines(
  path: string,
  cut: number,
  targets: { before: string | null; after: string },
): Promise<void> {
  const before = targets.before ? createWriteStream(targets.before) : null;
  const after = createWriteStream(targets.after);
  let i = 0;
  for await (const line of createInterface({
    input: createReadStream(path),
    crlfDelay: Number.POSITIVE_INFINITY,
  })) {
    const out = i++ < cut ? before : after;
    if (out && !out.write(`${line}\n`)) await once(out, 'drain');
  }
  for (const out of [before, after]) {
    if (!out) continue;
    out.end();
    await once(out, 'finish');
  }
}

/** Writes train.jsonl, heldout.jsonl and heldout_truth.jsonl beside the world's files. */
export async function splitWorld(worldDir: string, heldoutFraction: number): Promise<SplitWorld> {
  const log = join(worldDir, 'interactions.jsonl');
  const lines = await countLines(log);
  const cut = Math.round(lines * (1 - heldoutFraction));
  const paths: SplitWorld = {
    train: join(worldDir, 'train.jsonl'),
    heldout: join(worldDir, 'heldout.jsonl'),
    heldoutTruth: join(worldDir, 'heldout_truth.jsonl'),
    items: join(worldDir, 'items.jsonl'),
    users: join(worldDir, 'users.jsonl'),
  };
  await splitLines(log, cut, { before: paths.train, after: paths.heldout });
  await splitLines(join(worldDir, 'ground_truth.jsonl'), cut, { before: null, after: paths.heldoutTruth });
  return paths;
}

/**
 * The logging policy's optional weight on video length (policy.logDuration): off by default and
 * for worlds whose world.json predates it, and when on, long videos take the top positions.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { DEFAULT_PARAMS, type SimParams } from '../../src/sim/params.js';
import { cleanupRuns, type Interaction, readJsonl, runSim } from './world-fixture.js';

const SIZE = { users: 200, items: 600, requests: 1500, seed: 4, format: 'jsonl' as const };
afterAll(cleanupRuns);

const withPolicy = (policy: Partial<SimParams['policy']>): SimParams => ({
  ...DEFAULT_PARAMS,
  policy: { ...DEFAULT_PARAMS.policy, ...policy },
});

/** Mean ln(duration) of the items shown at positions lo..hi. */
async function meanLogDuration(dir: string, lo: number, hi: number): Promise<number> {
  const items = await readJsonl<{ item_id: string; duration_seconds: number }>(join(dir, 'items.jsonl'));
  const duration = new Map(items.map((i) => [i.item_id, i.duration_seconds]));
  const shown = (await readJsonl<Interaction>(join(dir, 'interactions.jsonl'))).filter(
    (r) => r.position >= lo && r.position <= hi,
  );
  return shown.reduce((sum, r) => sum + Math.log(duration.get(r.item_id) ?? 1), 0) / shown.length;
}

describe('policy.logDuration', () => {
  it('is 0 by default, and a world.json without it simulates the same world', async () => {
    expect(DEFAULT_PARAMS.policy.logDuration).toBe(0);
    const { logDuration: _, ...older } = DEFAULT_PARAMS.policy;
    const before = await runSim({ ...SIZE, params: { ...DEFAULT_PARAMS, policy: older } as SimParams });
    const now = await runSim(SIZE);
    for (const file of ['interactions.jsonl', 'ground_truth.jsonl'])
      expect(await readFile(join(before.dir, file), 'utf8')).toBe(
        await readFile(join(now.dir, file), 'utf8'),
      );
  });

  it('puts long videos on top when positive, leaving the click model alone', async () => {
    const plain = await runSim(SIZE);
    const long = await runSim({ ...SIZE, params: withPolicy({ logDuration: 1.5 }) });
    const gap = async (dir: string) =>
      (await meanLogDuration(dir, 1, 2)) - (await meanLogDuration(dir, 9, 10));
    expect(await gap(long.dir)).toBeGreaterThan((await gap(plain.dir)) + 0.5);
    // Same users, items and outcome model: the true p_click of an impression does not read the policy.
    const summary = JSON.parse(await readFile(join(long.dir, 'world.json'), 'utf8'));
    expect(summary.params.policy.logDuration).toBe(1.5);
    expect(summary.params.click).toEqual(DEFAULT_PARAMS.click);
  });
});

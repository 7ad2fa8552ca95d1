/** `multirank candidates build` reading its columns from flags or a training config. */
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { readCandidateIndex } from '../../src/candidates/index-io.js';
import { spawnCli } from '../helpers/process.js';

const dir = mkdtempSync(join(tmpdir(), 'multirank-candidates-cli-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function write(name: string, text: string): string {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
}

const jsonl = (rows: Record<string, unknown>[]) => `${rows.map((r) => JSON.stringify(r)).join('\n')}\n`;

// A log and catalogue in a user's own column names, timestamps in milliseconds.
const T = 1_700_000_000_000;
const log = write(
  'events.jsonl',
  jsonl([
    { uid: 'u1', vid: 'a', ts: T, clicked: 1, platform: 'tv' },
    { uid: 'u1', vid: 'b', ts: T + 60_000, clicked: 1, platform: 'tv' },
    { uid: 'u2', vid: 'b', ts: T + 120_000, clicked: 0, platform: 'mobile' },
  ]),
);
const items = write(
  'videos.jsonl',
  jsonl([
    { video: 'a', category: 'news', creator_id: 'c1', upload_time: T - 86_400_000 },
    { video: 'b', category: 'music', creator_id: 'c2', upload_time: T },
  ]),
);
const config = write(
  'train.yaml',
  `
data:
  log: ${log}
  items: { path: ${items}, key: video }
  keys: { user: uid, item: vid, timestamp: ts }
features:
  - { name: category, source: item, type: categorical }
tasks:
  - { name: click, column: clicked, kind: binary, biasTower: true }
bias: { position: pos, device: platform }
`,
);

describe('multirank candidates build, columns', () => {
  it('lists every column it reads in --help, with its default', async () => {
    const cli = spawnCli(['candidates', 'build', '--help']);
    expect(await cli.exited).toBe(0);
    for (const flag of [
      '--config <file>',
      '--user-column <column>',
      '--click-column <column>',
      '--topic-column <column>',
      '--creator-column <column>',
      '--upload-time-column <column>',
      '--timestamp-unit <unit>',
    ]) {
      expect(cli.output()).toContain(flag);
    }
    expect(cli.output()).toMatch(
      /--topic-column <column>\s+item table column of the topic \(default:\s+"topic"\)/,
    );
  });

  it('takes the log, table and keys from --config, and a column the config cannot name from a flag', async () => {
    const out = join(dir, 'index-config');
    const cli = spawnCli([
      'candidates',
      'build',
      '--config',
      config,
      '--topic-column',
      'category',
      '--out',
      out,
      '--no-progress',
    ]);
    expect(await cli.exited).toBe(0);
    expect(cli.output()).toMatch(
      /candidate index .*index-config: 2 items, .* 2 topics, 2 creators, 2 segments;/,
    );
    const index = await readCandidateIndex(out);
    expect(index.topicNames).toEqual(['news', 'music']);
    expect(index.meta).toMatchObject({ clicks: 2, firstTimestamp: T / 1000, lastTimestamp: T / 1000 + 120 });
  });

  it('says which column never had a value when a name is wrong', async () => {
    const cli = spawnCli([
      'candidates',
      'build',
      '--config',
      config,
      '--out',
      join(dir, 'index-topic'),
      '--no-progress',
    ]);
    expect(await cli.exited).toBe(0);
    expect(cli.output()).toContain(
      'candidates: no "topic" values in the item table: no topic lists (name the column with --topic-column)',
    );
  });

  it('refuses a config without the key columns, naming them and the flags', async () => {
    const census = write(
      'census.yaml',
      `data: { log: ${log} }\nfeatures: [{ name: age, source: context, type: numeric }]\ntasks: [{ name: income, kind: binary }]\n`,
    );
    const out = join(dir, 'index-census');
    const cli = spawnCli(['candidates', 'build', '--config', census, '--user-column', 'uid', '--out', out]);
    expect(await cli.exited).toBe(1);
    expect(cli.output()).toContain(
      "error: the candidate index needs the log's user, item and timestamp columns, and the training config sets no data.keys.item, data.keys.timestamp: set it there or pass --item-column, --timestamp-column",
    );
    expect(cli.output()).not.toContain('Usage:');
    expect(existsSync(out)).toBe(false);
  });

  it('needs --logs or --config', async () => {
    const cli = spawnCli(['candidates', 'build', '--out', join(dir, 'none')]);
    expect(await cli.exited).toBe(1);
    expect(cli.output()).toContain(
      'error: give the log with --logs FILE, or a training config with --config FILE',
    );
  });
});

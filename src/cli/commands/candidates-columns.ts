/**
 * The column flags of `candidates build` and `train --candidates`: every column the index reads,
 * listed in `--help` with its default. A flag typed on the command line wins over the training
 * config, which wins over the default (the simulator's names).
 */
import { type Command, Option } from 'commander';
import type { ConfiguredSources } from '../../candidates/build/from-config.js';
import { DEFAULT_BUILD_OPTIONS, type ItemColumns, type LogColumns } from '../../candidates/build/options.js';
import type { TimestampUnit } from '../../data/values.js';
import { MultirankError } from '../../errors.js';

/** Columns a training config names in data.keys: `train --candidates` takes them from there only. */
const KEY_FLAGS = new Set(['--user-column', '--item-column', '--timestamp-column']);

/** One flag per column: its commander attribute, its place in the build options, and its help. */
const COLUMN_FLAGS = [
  ['--user-column', 'userColumn', 'log', 'user', 'log column of user ids'],
  ['--item-column', 'itemColumn', 'log', 'item', 'log column of item ids (also the item table key)'],
  ['--timestamp-column', 'timestampColumn', 'log', 'timestamp', 'log column of the impression time'],
  ['--click-column', 'clickColumn', 'log', 'click', 'log column of the 0/1 click label'],
  ['--device-column', 'deviceColumn', 'log', 'device', 'log column of the device (optional values)'],
  [
    '--current-item-column',
    'currentItemColumn',
    'log',
    'currentItem',
    'log column of the item being watched (optional values)',
  ],
  ['--topic-column', 'topicColumn', 'items', 'topic', 'item table column of the topic'],
  ['--creator-column', 'creatorColumn', 'items', 'creator', 'item table column of the creator id'],
  ['--upload-time-column', 'uploadTimeColumn', 'items', 'uploadTime', 'item table column of the upload time'],
] as const;

/** The flags' values as commander parses them (a command without the key flags lacks those). */
export type ColumnFlags = { [F in (typeof COLUMN_FLAGS)[number][1]]?: string } & {
  timestampUnit?: TimestampUnit;
};

/**
 * Adds the column flags, with their defaults, under the help heading `heading`. Without
 * `keys`, the key columns and the timestamp unit are left to the training config alone.
 */
export function addColumnOptions(command: Command, heading: string, keys: boolean): Command {
  for (const [flag, , source, field, description] of COLUMN_FLAGS) {
    if (!keys && KEY_FLAGS.has(flag)) continue;
    const columns: Record<string, string> =
      source === 'log' ? { ...DEFAULT_BUILD_OPTIONS.logColumns } : { ...DEFAULT_BUILD_OPTIONS.itemColumns };
    command.addOption(new Option(`${flag} <column>`, description).default(columns[field]).helpGroup(heading));
  }
  if (!keys) return command;
  return command.addOption(
    new Option('--timestamp-unit <unit>', 'numeric timestamps: auto (1e11 or more is milliseconds), s or ms')
      .choices(['auto', 's', 'ms'])
      .default(DEFAULT_BUILD_OPTIONS.timestampUnit)
      .helpGroup(heading),
  );
}

/** The columns and unit of a build: typed flags, then the config (when given), then the defaults. */
export function chosenColumns(
  command: Command,
  flags: ColumnFlags,
  configured: ConfiguredSources | null,
): { logColumns: LogColumns; itemColumns: ItemColumns; timestampUnit: TimestampUnit } {
  const typed = (attribute: string) => command.getOptionValueSource(attribute) === 'cli';
  const logColumns: LogColumns = { ...DEFAULT_BUILD_OPTIONS.logColumns, ...configured?.logColumns };
  const itemColumns: ItemColumns = { ...DEFAULT_BUILD_OPTIONS.itemColumns, ...configured?.itemColumns };
  for (const [, attribute, source, field] of COLUMN_FLAGS) {
    const value = flags[attribute];
    if (!typed(attribute) || value === undefined) continue;
    if (source === 'log') logColumns[field] = value;
    else itemColumns[field] = value;
  }
  if (typed('itemColumn') && flags.itemColumn) itemColumns.item = flags.itemColumn;
  // A key the config leaves unset is not guessed: the index would silently read another column.
  const flagOf: Record<string, string> = {
    'data.keys.user': 'userColumn',
    'data.keys.item': 'itemColumn',
    'data.keys.timestamp': 'timestampColumn',
  };
  const unset = (configured?.unset ?? []).filter((key) => !typed(flagOf[key] ?? ''));
  if (unset.length > 0) {
    const flagsToPass = unset
      .map((key) => flagName(flagOf[key] ?? ''))
      .filter((flag) => command.options.some((option) => option.long === flag));
    const fix = flagsToPass.length > 0 ? `set it there or pass ${flagsToPass.join(', ')}` : 'set it there';
    throw new MultirankError(
      'BAD_REQUEST',
      `the candidate index needs the log's user, item and timestamp columns, and the training config sets no ${unset.join(', ')}: ${fix}`,
    );
  }
  const timestampUnit =
    (typed('timestampUnit') || !configured ? flags.timestampUnit : configured.timestampUnit) ??
    DEFAULT_BUILD_OPTIONS.timestampUnit;
  return { logColumns, itemColumns, timestampUnit };
}

function flagName(attribute: string): string {
  return COLUMN_FLAGS.find(([, a]) => a === attribute)?.[0] ?? attribute;
}

/**
 * A candidate build read off a training config, so the index and the ranker agree on the data:
 * the same log and item table (and formats), the key columns under `data.keys`, the item table's
 * key, the timestamp unit, the device column of `bias`, and the label column of the task named
 * `click`. What the config does not say is left to the caller (flags, then the defaults).
 */
import type { DataFormat } from '../../data/read-rows.js';
import type { TimestampUnit } from '../../data/values.js';
import type { TrainingConfig } from '../../features/training-config.js';
import type { ItemColumns, LogColumns } from './options.js';

/** The files, columns and unit a training config gives a candidate build. */
export interface ConfiguredSources {
  logs: string;
  logFormat: DataFormat | null;
  items: string | null;
  itemsFormat: DataFormat | null;
  logColumns: Partial<LogColumns>;
  itemColumns: Partial<ItemColumns>;
  timestampUnit: TimestampUnit;
  /** Columns the index needs that the config leaves unset (`data.keys.user`, ...). */
  unset: string[];
}

/** Reads the candidate build's sources out of a training config. */
export function sourcesFromConfig(config: TrainingConfig): ConfiguredSources {
  const { data } = config;
  const logColumns: Partial<LogColumns> = {};
  const unset: string[] = [];
  const key = (name: 'user' | 'item' | 'timestamp') => {
    const column = data.keys[name];
    if (column === null) unset.push(`data.keys.${name}`);
    else logColumns[name] = column;
  };
  key('user');
  key('item');
  key('timestamp');
  const click = config.tasks.find((task) => task.name === 'click');
  if (click) logColumns.click = click.column;
  if (config.bias?.deviceColumn) logColumns.device = config.bias.deviceColumn;
  const itemKey = data.items?.key ?? data.keys.item;
  return {
    logs: data.log.path,
    logFormat: data.log.format,
    items: data.items?.path ?? null,
    itemsFormat: data.items?.format ?? null,
    logColumns,
    itemColumns: itemKey === null ? {} : { item: itemKey },
    timestampUnit: data.keys.timestampUnit,
    unset,
  };
}

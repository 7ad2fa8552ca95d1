/**
 * The training config as a bundle keeps it (training-config.json): portable, so a bundle copied
 * to another machine evaluates and serves with no flags. Table paths point at the bundle's own
 * serving tables (items.jsonl, users.jsonl, relative to the bundle); the log, which only the
 * training machine has, keeps its file name under `log.name`, for the record, and no path.
 */
import { basename, isAbsolute, join } from 'node:path';
import { isRecord } from '../util/is-record.js';
import { SERVING_TABLE_FILES } from './serving-tables.js';

/**
 * `config` with every path made relative to the bundle or dropped (unknown shapes pass as they
 * are): a table the bundle carries (`carried`) points at its copy, one it does not has no path.
 */
export function portableTrainingConfig(
  config: unknown,
  carried: { items: boolean; users: boolean },
): unknown {
  if (!isRecord(config) || !isRecord(config.data)) return config;
  const { log, items, users } = config.data;
  const table = (ref: unknown, file: string, isCarried: boolean) =>
    isRecord(ref)
      ? { ...ref, path: isCarried ? file : null, format: isCarried ? 'jsonl' : null }
      : (ref ?? null);
  return {
    ...config,
    data: {
      ...config.data,
      log: isRecord(log)
        ? { name: typeof log.path === 'string' ? basename(log.path) : null, format: log.format ?? null }
        : log,
      items: table(items, SERVING_TABLE_FILES.item, carried.items),
      users: table(users, SERVING_TABLE_FILES.user, carried.users),
    },
  };
}

/**
 * Where a table of the bundle's training config is: relative paths against the bundle; an
 * absolute path (bundles written before they were portable) only when it exists, else the
 * bundle's own copy of the table.
 */
export function bundleTablePath(
  bundleDir: string,
  configured: string,
  side: 'items' | 'users',
  exists: (path: string) => boolean,
): string {
  if (!isAbsolute(configured)) return join(bundleDir, configured);
  if (exists(configured)) return configured;
  return join(bundleDir, side === 'items' ? SERVING_TABLE_FILES.item : SERVING_TABLE_FILES.user);
}

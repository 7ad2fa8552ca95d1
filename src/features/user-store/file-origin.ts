/**
 * User features from a table in memory: the user table file (JSONL or CSV) shipped with a model
 * bundle or named in config, read once with the repo's table reader.
 */

import type { DataFormat } from '../../data/read-rows.js';
import { loadTable, type Table } from '../../data/tables.js';
import type { UserFeatureOrigin, UserFeatures } from './types.js';

/** An origin backed by an in-memory table; `size` is the number of users it knows. */
export interface TableOrigin extends UserFeatureOrigin {
  readonly size: number;
}

/** Where the user table lives and which column holds the user id. */
export interface FileOriginOptions {
  path: string;
  /** Id column of the table; `user_id` by default, as in the interaction logs. */
  idColumn?: string;
  format?: DataFormat;
}

/** Wraps an already loaded table (keyed by user id) as an origin. */
export function tableOrigin(table: Table): TableOrigin {
  return {
    size: table.size,
    async get(ids) {
      const found = new Map<string, UserFeatures>();
      for (const id of ids) {
        const record = table.get(id);
        if (record) found.set(id, record);
      }
      return found;
    },
  };
}

/** Loads a JSONL or CSV user table into memory and serves it as an origin; bad rows fail the load. */
export async function loadFileOrigin(options: FileOriginOptions): Promise<TableOrigin> {
  const table = await loadTable(options.path, options.idColumn ?? 'user_id', { format: options.format });
  return tableOrigin(table);
}

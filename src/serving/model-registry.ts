/**
 * The served model and its hot swap. Requests borrow the active model for their duration
 * (`use`); activating a version loads and warms the new bundle off to the side, swaps the pointer
 * in one assignment, and disposes the old model only when the last request borrowing it returns.
 * A bundle that fails to load is refused and the active one keeps serving.
 */
import { readdir, readFile, stat } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { MultirankError } from '../errors.js';
import { loadServedModel, type ServedModel } from '../ranking/served-model.js';

/** One bundle found under the models directory. */
export interface ModelListing {
  version: string;
  active: boolean;
  /** manifest.json fields, or the reason the folder is not a loadable bundle. */
  name?: string;
  createdAt?: string;
  contentHash?: string;
  heads?: string[];
  error?: string;
}

/** The registry the rank route and the model routes share. */
export interface ModelRegistry {
  /** The active model (for reads that do not need to pin it, such as /readyz). */
  active(): ServedModel;
  /** Runs `work` with the active model pinned: it is not disposed before `work` settles. */
  use<T>(work: (model: ServedModel) => Promise<T> | T): Promise<T>;
  /** Bundles under the models directory, the active one marked. */
  list(): Promise<ModelListing[]>;
  /** The folder of `version` under the models directory; null when it is no folder name (e.g. `..`). */
  folder(version: string): string | null;
  /** Whether `dir` holds the bundle being served. */
  isActive(dir: string): boolean;
  /** Loads, validates and warms `version`, then makes it active; throws (keeping the old one) on failure. */
  activate(version: string): Promise<Activation>;
  /** Disposes the active model once its requests end (shutdown). */
  close(): Promise<void>;
}

/** A completed swap: the model now served and the version it replaced. */
export interface Activation {
  model: ServedModel;
  previous: string;
}

interface Slot {
  model: ServedModel;
  inFlight: number;
  retired: boolean;
  drained?: () => void;
}

/** Versions are folder names: no path separators or dot-dot, so activate cannot leave the models directory. */
const VERSION = /^[\w][\w.-]{0,127}$/;

/** A registry over `modelsDir` starting with an already loaded model. */
export function createModelRegistry(
  modelsDir: string,
  initial: ServedModel,
  load: (dir: string) => Promise<ServedModel> = loadServedModel,
): ModelRegistry {
  let current: Slot = { model: initial, inFlight: 0, retired: false };
  // Activations run one at a time: two concurrent swaps would race on `current`.
  let activation: Promise<unknown> = Promise.resolve();

  const retire = (slot: Slot): Promise<void> => {
    slot.retired = true;
    if (slot.inFlight === 0) {
      slot.model.dispose();
      return Promise.resolve();
    }
    return new Promise((done) => {
      slot.drained = done;
    });
  };

  const release = (slot: Slot): void => {
    slot.inFlight--;
    if (slot.retired && slot.inFlight === 0) {
      slot.model.dispose();
      slot.drained?.();
    }
  };

  return {
    active: () => current.model,

    async use(work) {
      const slot = current;
      slot.inFlight++;
      try {
        return await work(slot.model);
      } finally {
        release(slot);
      }
    },

    async list() {
      const entries = await readdir(modelsDir, { withFileTypes: true }).catch(() => []);
      const versions = entries.filter((e) => e.isDirectory() && VERSION.test(e.name)).map((e) => e.name);
      const listings = await Promise.all(versions.sort().map((v) => describe(modelsDir, v)));
      return listings
        .filter((l): l is ModelListing => l !== null)
        .map((l) => ({ ...l, active: resolve(modelsDir, l.version) === resolve(current.model.bundle.dir) }));
    },

    folder: (version) => (VERSION.test(version) ? join(modelsDir, version) : null),

    isActive: (dir) => resolve(dir) === resolve(current.model.bundle.dir),

    activate(version) {
      const run = activation.then(async () => {
        if (!VERSION.test(version)) {
          throw new MultirankError('BAD_REQUEST', `version: "${version}" is not a model folder name`);
        }
        const dir = join(modelsDir, version);
        if (!(await isDirectory(dir))) {
          throw new MultirankError('NOT_FOUND', `version: no model "${version}"`);
        }
        const next = await load(dir).catch((error: unknown) => {
          // Callers see the version, not this host's paths (the cause, logged, keeps them).
          const message = (error instanceof Error ? error.message : String(error))
            .replaceAll(resolve(dir), version)
            .replaceAll(dir, version);
          throw new MultirankError(
            'BAD_REQUEST',
            `version: "${version}" refused, still serving "${current.model.version}": ${message}`,
            { cause: error },
          );
        });
        const previous = current;
        current = { model: next, inFlight: 0, retired: false };
        // Not awaited: the swap is done; the old model goes when its last request returns.
        void retire(previous);
        return { model: next, previous: previous.model.version };
      });
      activation = run.catch(() => undefined);
      return run;
    },

    async close() {
      await activation;
      await retire(current);
    },
  };
}

async function isDirectory(path: string): Promise<boolean> {
  return stat(path).then(
    (s) => s.isDirectory(),
    () => false,
  );
}

/** A folder's manifest, or null when the folder holds no manifest at all (not a bundle). */
async function describe(modelsDir: string, version: string): Promise<ModelListing | null> {
  let text: string;
  try {
    text = await readFile(join(modelsDir, version, 'manifest.json'), 'utf8');
  } catch {
    return null;
  }
  try {
    const manifest = JSON.parse(text) as {
      name?: string;
      createdAt?: string;
      contentHash?: string;
      heads?: { name: string }[];
    };
    return {
      version,
      active: false,
      name: manifest.name,
      createdAt: manifest.createdAt,
      contentHash: manifest.contentHash,
      heads: manifest.heads?.map((h) => h.name),
    };
  } catch (error) {
    return { version, active: false, error: `manifest.json: ${(error as Error).message}` };
  }
}

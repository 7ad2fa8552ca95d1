/**
 * The grid of `multirank evaluate --sweep`: weight values per head (`like=0,0.5,1;dismiss=0,-1`),
 * expanded into one combination profile per combination of values over a base profile. Everything
 * is checked against the model's heads before the log is scored, like --weights.
 */

import { type CombinableHead, parseProfile } from '../combination/parse.js';
import type { CombinationForm, CombinationProfile } from '../combination/schema.js';
import { MultirankError } from '../errors.js';

/** Profiles a sweep may rank by: the product of the value lists must stay below this. */
export const MAX_SWEEP_PROFILES = 1000;

/** Weight values to try per head, in the order given. */
export type SweepGrid = { head: string; values: number[] }[];

/** One profile of the sweep and the grid values that made it. */
export interface SweepProfile {
  /** The grid values, e.g. `like=0.5 dismiss=-1` (the base profile's other weights are not repeated). */
  name: string;
  profile: CombinationProfile;
}

const invalid = (message: string): MultirankError => new MultirankError('BAD_REQUEST', message);

/** Parses `like=0,0.5,1;dismiss=0,-1,-2`: heads separated by `;`, values by `,`. */
export function parseSweepGrid(text: string, heads: readonly CombinableHead[]): SweepGrid {
  const names = heads.map((h) => h.name);
  const grid: SweepGrid = [];
  const entries = text
    .split(';')
    .map((e) => e.trim())
    .filter((e) => e !== '');
  if (entries.length === 0) throw invalid('expected head=values such as "like=0,0.5,1;dismiss=0,-1"');
  for (const entry of entries) {
    const match = /^([^=\s]+)\s*=\s*(.+)$/.exec(entry);
    if (!match) throw invalid(`"${entry}" is not head=v1,v2,... (e.g. "like=0,0.5,1;dismiss=0,-1")`);
    const [, head = '', list = ''] = match;
    if (!names.includes(head))
      throw invalid(`unknown head "${head}" (this model's heads: ${names.join(', ')})`);
    if (grid.some((g) => g.head === head)) throw invalid(`head "${head}" is given twice`);
    const values = list.split(',').map((v) => {
      const value = Number(v.trim());
      if (v.trim() === '' || !Number.isFinite(value)) {
        throw invalid(`weight of "${head}" must be a number, got "${v.trim()}"`);
      }
      return value;
    });
    grid.push({ head, values: [...new Set(values)] });
  }
  const size = grid.reduce((n, g) => n * g.values.length, 1);
  if (size > MAX_SWEEP_PROFILES) {
    throw invalid(`the grid makes ${size} profiles; at most ${MAX_SWEEP_PROFILES} (use fewer values)`);
  }
  return grid;
}

/**
 * Every combination of the grid's values over `base` (first head varying slowest), in `form`
 * (default: the base's). All-zero combinations rank nothing and are left out (counted in
 * `skipped`); any other bad profile (a product over an unclamped regression head) is an error.
 */
export function sweepProfiles(
  base: CombinationProfile,
  grid: SweepGrid,
  heads: readonly CombinableHead[],
  form: CombinationForm = base.form,
): { profiles: SweepProfile[]; skipped: number } {
  let combos: { head: string; value: number }[][] = [[]];
  for (const { head, values } of grid) {
    combos = combos.flatMap((combo) => values.map((value) => [...combo, { head, value }]));
  }
  const profiles: SweepProfile[] = [];
  let skipped = 0;
  for (const combo of combos) {
    const weights = { ...base.weights };
    for (const { head, value } of combo) weights[head] = value;
    if (Object.values(weights).every((w) => w === 0)) {
      skipped++;
      continue;
    }
    const name = combo.map(({ head, value }) => `${head}=${value}`).join(' ');
    const candidate = { form, weights, ...(base.transforms ? { transforms: base.transforms } : {}) };
    try {
      profiles.push({ name, profile: parseProfile(candidate, heads) });
    } catch (error) {
      if (error instanceof MultirankError) throw invalid(`${name}: ${error.message}`);
      throw error;
    }
  }
  return { profiles, skipped };
}

/** One axis of the trade-off: a head's metric and which way is better. */
export interface SweepAxis {
  head: string;
  better: 'higher' | 'lower';
}

/** Heads of the scatter's axes from `click,-dismiss` (`-`: lower is better); default: first engagement and first satisfaction head. */
export function parseSweepAxes(
  text: string | undefined,
  heads: readonly (CombinableHead & { group: string })[],
): { engagement: SweepAxis; satisfaction: SweepAxis } {
  const names = heads.map((h) => h.name);
  if (text === undefined) {
    const engagement = heads.find((h) => h.group === 'engagement') ?? heads[0];
    const satisfaction = heads.find((h) => h.group === 'satisfaction' && h !== engagement) ?? heads[1];
    if (!engagement || !satisfaction) throw invalid('the trade-off needs a model with two heads or more');
    return {
      engagement: { head: engagement.name, better: 'higher' },
      satisfaction: { head: satisfaction.name, better: 'higher' },
    };
  }
  const parts = text.split(',').map((p) => p.trim());
  if (parts.length !== 2) throw invalid(`expected two heads such as "click,-dismiss", got "${text}"`);
  const [engagement, satisfaction] = parts.map((part): SweepAxis => {
    const head = part.replace(/^-/, '');
    if (!names.includes(head))
      throw invalid(`unknown head "${head}" (this model's heads: ${names.join(', ')})`);
    return { head, better: part.startsWith('-') ? 'lower' : 'higher' };
  }) as [SweepAxis, SweepAxis];
  return { engagement, satisfaction };
}

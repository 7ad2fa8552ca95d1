/**
 * A small field reader for hand-written config validation: every read knows its path
 * (`features[0].type`), problems are collected rather than thrown one at a time, and each read
 * returns a usable value (the default or a placeholder) so parsing continues and the user sees
 * every mistake in one run.
 */
import { MultirankError } from '../errors.js';
import { closest } from '../util/closest.js';
import { describe } from '../util/describe.js';
import { isRecord } from '../util/is-record.js';

/** One problem in a config, at the path of the field. */
export interface ConfigIssue {
  path: string;
  message: string;
}

/** A config that failed validation; the message lists every issue as `path: problem`. */
export class TrainingConfigError extends MultirankError {
  constructor(
    readonly issues: readonly ConfigIssue[],
    where: string,
  ) {
    const lines = issues.map((issue) => `  ${issue.path}: ${issue.message}`);
    super('BAD_REQUEST', `invalid training config${where ? ` ${where}` : ''}:\n${lines.join('\n')}`);
    this.name = 'TrainingConfigError';
  }
}

type Obj = Readonly<Record<string, unknown>>;

interface Range {
  min?: number;
  max?: number;
  /** Excludes `min` itself (a learning rate of 0 is not allowed). */
  aboveMin?: boolean;
}

/** Reads the fields of one config object, recording issues under its path. */
export class Section {
  constructor(
    readonly path: string,
    private readonly obj: Obj,
    readonly issues: ConfigIssue[],
  ) {}

  /** The path of a child field. */
  at(key: string): string {
    return this.path === '' ? key : `${this.path}.${key}`;
  }

  /** Whether the field is present (null counts as absent). */
  has(key: string): boolean {
    return Object.hasOwn(this.obj, key) && this.obj[key] !== null && this.obj[key] !== undefined;
  }

  /** The raw value of a field. */
  raw(key: string): unknown {
    return this.has(key) ? this.obj[key] : undefined;
  }

  /** Records a problem with a field. */
  fail(key: string, message: string): void {
    this.issues.push({ path: this.at(key), message });
  }

  /** Reports every field not in `allowed`, suggesting the closest allowed name. */
  onlyKeys(allowed: readonly string[], context = ''): void {
    for (const key of Object.keys(this.obj)) {
      if (allowed.includes(key)) continue;
      const guess = closest(key, allowed);
      const hint = guess ? ` (did you mean "${guess}"?)` : ` (allowed: ${allowed.join(', ')})`;
      this.fail(key, `unknown field${context}${hint}`);
    }
  }

  /** A required string, or `fallback` when given and the field is absent. */
  string(key: string, fallback?: string): string {
    const value = this.raw(key);
    if (value === undefined) {
      if (fallback === undefined) this.fail(key, 'required');
      return fallback ?? '';
    }
    if (typeof value !== 'string' || value.trim() === '') {
      this.fail(key, `expected a non-empty string, got ${describe(value)}`);
      return fallback ?? '';
    }
    return value;
  }

  /** An optional string: null when absent. */
  optionalString(key: string): string | null {
    return this.has(key) ? this.string(key) : null;
  }

  /** A number within a range, or `fallback` when absent (required when no fallback). */
  number(key: string, range: Range, fallback?: number): number {
    return this.numeric(key, range, false, fallback);
  }

  /** An integer within a range, or `fallback` when absent. */
  int(key: string, range: Range, fallback?: number): number {
    return this.numeric(key, range, true, fallback);
  }

  /** A boolean, or `fallback` when absent. */
  bool(key: string, fallback: boolean): boolean {
    const value = this.raw(key);
    if (value === undefined) return fallback;
    if (typeof value !== 'boolean') this.fail(key, `expected true or false, got ${describe(value)}`);
    return typeof value === 'boolean' ? value : fallback;
  }

  /** One of `allowed`, or `fallback` when absent; `noun` names the thing in the message (`unknown type`). */
  oneOf<T extends string>(key: string, allowed: readonly T[], fallback?: T, noun = 'value'): T {
    const value = this.raw(key);
    if (value === undefined) {
      if (fallback === undefined) this.fail(key, `required (expected ${allowed.join(' | ')})`);
      return fallback ?? (allowed[0] as T);
    }
    if (typeof value === 'string' && (allowed as readonly string[]).includes(value)) return value as T;
    const shown = typeof value === 'string' ? `"${value}"` : describe(value);
    this.fail(key, `unknown ${noun} ${shown} (expected ${allowed.join(' | ')})`);
    return fallback ?? (allowed[0] as T);
  }

  /** A list of integers (layer sizes), each within range; entries are reported as `key[i]`. */
  intList(key: string, range: Range, length: { min: number; max: number }, fallback: number[]): number[] {
    const value = this.raw(key);
    if (value === undefined) return fallback;
    if (!Array.isArray(value)) {
      this.fail(key, `expected a list of integers, got ${describe(value)}`);
      return fallback;
    }
    if (value.length < length.min || value.length > length.max) {
      this.fail(key, `expected ${length.min} to ${length.max} entries, got ${value.length}`);
    }
    return value.map((entry: unknown, i) => {
      const problem = numberProblem(entry, range, true);
      if (problem) this.issues.push({ path: `${this.at(key)}[${i}]`, message: problem });
      return problem ? 1 : (entry as number);
    });
  }

  /** A list of names (`[item_id, creator_id]`); bad entries are reported as `key[i]`. */
  names(key: string): string[] {
    const value = this.raw(key);
    if (value === undefined) return [];
    if (!Array.isArray(value)) {
      this.fail(key, `expected a list of feature names, got ${describe(value)}`);
      return [];
    }
    return value.filter((name: unknown, i) => {
      const ok = typeof name === 'string' && name !== '';
      if (!ok)
        this.issues.push({
          path: `${this.at(key)}[${i}]`,
          message: `expected a feature name, got ${describe(name)}`,
        });
      return ok;
    }) as string[];
  }

  /** A list of name groups (`[[a, b], [c, d, e]]`), each of `size` names; entries are reported as `key[i]`. */
  nameGroups(key: string, size: { min: number; max: number }): string[][] {
    const value = this.raw(key);
    if (value === undefined) return [];
    if (!Array.isArray(value)) {
      this.fail(key, `expected a list of lists of feature names, got ${describe(value)}`);
      return [];
    }
    return value.map((group: unknown, i) => {
      const path = `${this.at(key)}[${i}]`;
      const names = Array.isArray(group) ? group : [];
      const bad = !Array.isArray(group) || names.some((n) => typeof n !== 'string' || n === '');
      if (bad)
        this.issues.push({ path, message: `expected a list of feature names, got ${describe(group)}` });
      else if (names.length < size.min || names.length > size.max) {
        const expected = size.min === size.max ? `${size.min}` : `${size.min} to ${size.max}`;
        this.issues.push({ path, message: `expected ${expected} names, got ${names.length}` });
      }
      return bad ? [] : (names as string[]);
    });
  }

  /** A nested object as its own section, or null when absent (reported when required). */
  section(key: string, required = false): Section | null {
    const value = this.raw(key);
    if (value === undefined) {
      if (required) this.fail(key, 'required');
      return null;
    }
    if (!isRecord(value)) {
      this.fail(key, `expected an object, got ${describe(value)}`);
      return null;
    }
    return new Section(this.at(key), value, this.issues);
  }

  /** A list of objects as sections with indexed paths (`features[2]`). */
  sections(key: string): Section[] {
    const value = this.raw(key);
    if (!Array.isArray(value)) {
      this.fail(key, value === undefined ? 'required' : `expected a list, got ${describe(value)}`);
      return [];
    }
    const sections: Section[] = [];
    value.forEach((item, i) => {
      const path = `${this.at(key)}[${i}]`;
      if (isRecord(item)) sections.push(new Section(path, item, this.issues));
      else this.issues.push({ path, message: `expected an object, got ${describe(item)}` });
    });
    return sections;
  }

  private numeric(key: string, range: Range, integer: boolean, fallback: number | undefined): number {
    const value = this.raw(key);
    if (value === undefined) {
      if (fallback === undefined) this.fail(key, 'required');
      return fallback ?? 0;
    }
    const problem = numberProblem(value, range, integer);
    if (problem) this.fail(key, problem);
    return problem ? (fallback ?? 0) : (value as number);
  }
}

function numberProblem(value: unknown, range: Range, integer: boolean): string | undefined {
  const kind = integer ? 'an integer' : 'a number';
  if (typeof value !== 'number' || !Number.isFinite(value)) return `expected ${kind}, got ${describe(value)}`;
  if (integer && !Number.isInteger(value)) return `expected ${kind}, got ${value}`;
  const { min, max, aboveMin } = range;
  const tooLow = min !== undefined && (aboveMin ? value <= min : value < min);
  if (!tooLow && (max === undefined || value <= max)) return undefined;
  const low = min === undefined ? '' : aboveMin ? `> ${min}` : `>= ${min}`;
  const high = max === undefined ? '' : `<= ${max}`;
  return `expected ${kind} ${[low, high].filter(Boolean).join(' and ')}, got ${value}`;
}

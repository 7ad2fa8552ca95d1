/**
 * The bounds of an event window (`since`, `until`) as the report route and the `events export` /
 * `experiments report` commands read them: one rule, so the route and the CLI reject the same
 * inputs.
 *
 * A bound is Unix milliseconds (digits only) or an ISO 8601 date or date-time
 * (`2025-01-31`, `2025-01-31T12:00:00Z`, `2025-01-31T12:00:00.000+01:00`; without an offset a
 * date-time is the machine's local time, a date alone is UTC). It must lie between
 * 1970-01-01T00:00:00Z (events' timestamps are never negative) and the last time a Date holds,
 * 8640000000000000 (+275760-09-13T00:00:00Z); and `since` must be before `until`.
 */

/** The latest time a Date can hold, in Unix milliseconds. */
export const MAX_EVENT_TIME_MS = 8.64e15;

const ISO_TIME = /^(\d{4})-(\d{2})-(\d{2})(?:T\d{2}:\d{2}(?::\d{2}(?:\.\d{1,9})?)?(?:Z|[+-]\d{2}:?\d{2})?)?$/;

const RANGE = `1970-01-01T00:00:00Z (0) to +275760-09-13T00:00:00Z (${MAX_EVENT_TIME_MS})`;

/** Unix milliseconds of a window bound, or what is wrong with it (a phrase, without the name). */
export function parseEventTime(raw: string): { ms: number } | { problem: string } {
  let ms = Number.NaN;
  if (/^\d+$/.test(raw)) ms = Number(raw);
  else {
    const iso = ISO_TIME.exec(raw);
    if (iso && realDay(Number(iso[1]), Number(iso[2]), Number(iso[3]))) ms = Date.parse(raw);
  }
  if (Number.isNaN(ms)) {
    return {
      problem: `expected an ISO time (e.g. 2025-01-31T00:00:00Z) or Unix milliseconds, got "${raw}"`,
    };
  }
  if (ms < 0 || ms > MAX_EVENT_TIME_MS) return { problem: `expected a time from ${RANGE}, got "${raw}"` };
  return { ms };
}

/** What is wrong with a window whose bounds each parsed (a phrase about `since`), if anything. */
export function windowProblem(since: number | undefined, until: number | undefined): string | undefined {
  if (since === undefined || until === undefined || since < until) return undefined;
  const iso = (ms: number) => new Date(ms).toISOString();
  return `must be before until, got ${iso(since)} and ${iso(until)}`;
}

/** True when the month has that day (Date.parse rolls 2025-02-31 over to March 3). */
function realDay(year: number, month: number, day: number): boolean {
  if (month < 1 || month > 12 || day < 1) return false;
  return day <= new Date(Date.UTC(year, month, 0)).getUTCDate();
}

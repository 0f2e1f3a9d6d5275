import { DateTime } from 'luxon';

/** A calendar date without a time or zone, as an ISO string `YYYY-MM-DD`. */
export type LocalDate = string;

/** The zone of every local date in vt-monitor (indicators.md, Time). */
export const ZONE = 'Europe/Amsterdam';

const MS_PER_DAY = 86_400_000;
const LOCAL_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
/** A timestamp with a time and an explicit offset (`Z`, `+01:00`, `+0100` or `+01`). */
const INSTANT_WITH_OFFSET = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}(:?\d{2})?)$/i;

/** Days since 1970-01-01 of a date, or NaN when `value` is not a real `YYYY-MM-DD` date. */
function toEpochDay(value: string): number {
  const m = LOCAL_DATE.exec(value);
  if (!m) return NaN;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const date = new Date(0);
  date.setUTCFullYear(y, mo - 1, d);
  if (date.getUTCFullYear() !== y || date.getUTCMonth() !== mo - 1 || date.getUTCDate() !== d) return NaN;
  return Math.round(date.getTime() / MS_PER_DAY);
}

function fromEpochDay(day: number): LocalDate {
  const date = new Date(day * MS_PER_DAY);
  const y = date.getUTCFullYear();
  if (y < 0 || y > 9999) throw new RangeError(`Date out of range (year ${y})`);
  const pad = (n: number, w = 2) => String(n).padStart(w, '0');
  return `${pad(y, 4)}-${pad(date.getUTCMonth() + 1)}-${pad(date.getUTCDate())}`;
}

function epochDayOf(d: LocalDate): number {
  const day = toEpochDay(d);
  if (Number.isNaN(day)) throw new Error(`Invalid local date "${d}": expected an existing date as YYYY-MM-DD`);
  return day;
}

/** True when `value` is an existing calendar date written `YYYY-MM-DD`. */
export function isLocalDate(value: unknown): value is LocalDate {
  return typeof value === 'string' && !Number.isNaN(toEpochDay(value));
}

/** Throws a descriptive Error unless `value` is a valid LocalDate. */
export function assertLocalDate(value: unknown): asserts value is LocalDate {
  if (typeof value !== 'string') throw new Error(`Invalid local date ${String(value)}: expected a string YYYY-MM-DD`);
  epochDayOf(value);
}

/**
 * The Europe/Amsterdam calendar date of an ISO-8601 timestamp. The timestamp must carry an offset
 * (or `Z`): without one its instant would depend on the machine's zone.
 * `localDateOf('2024-12-31T23:30:00Z')` is `'2025-01-01'`.
 */
export function localDateOf(instant: string): LocalDate {
  const dt = INSTANT_WITH_OFFSET.test(instant) ? DateTime.fromISO(instant, { zone: ZONE }) : undefined;
  if (!dt?.isValid) throw new Error(`Invalid instant "${instant}": expected an ISO-8601 timestamp with an offset, e.g. 2024-07-01T09:30:00+02:00`);
  return dt.toISODate()!;
}

/** `d` plus `n` calendar days (n may be negative). Pure date arithmetic: no instants, so no DST effects. */
export function addDays(d: LocalDate, n: number): LocalDate {
  if (!Number.isInteger(n)) throw new Error(`addDays: n must be an integer, got ${n}`);
  return fromEpochDay(epochDayOf(d) + n);
}

/** Calendar days from `a` to `b` (`b − a`): `diffDays('2024-03-30', '2024-03-31')` is 1 across the DST change. */
export function diffDays(a: LocalDate, b: LocalDate): number {
  return epochDayOf(b) - epochDayOf(a);
}

/** ISO day of the week: 1 = Monday … 7 = Sunday. */
export function dayOfWeek(d: LocalDate): number {
  // 1970-01-01 was a Thursday (4).
  return ((((epochDayOf(d) + 3) % 7) + 7) % 7) + 1;
}

/** The first instant of local day `d` in Amsterdam, e.g. `'2024-04-01T00:00:00.000+02:00'`. */
export function instantAtStartOfLocalDay(d: LocalDate): string {
  assertLocalDate(d);
  return DateTime.fromISO(d, { zone: ZONE }).startOf('day').toISO()!;
}

/** The last instant (to the millisecond) of local day `d` in Amsterdam, e.g. `'2015-03-31T23:59:59.999+02:00'`. */
export function instantAtEndOfLocalDay(d: LocalDate): string {
  assertLocalDate(d);
  return DateTime.fromISO(d, { zone: ZONE }).endOf('day').toISO()!;
}

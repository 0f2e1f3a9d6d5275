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
function parseEpochDay(value: string): number {
  const m = LOCAL_DATE.exec(value);
  if (!m) return NaN;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const date = new Date(0);
  date.setUTCFullYear(y, mo - 1, d);
  if (date.getUTCFullYear() !== y || date.getUTCMonth() !== mo - 1 || date.getUTCDate() !== d) return NaN;
  return Math.round(date.getTime() / MS_PER_DAY);
}

/**
 * Memo of `parseEpochDay` and of its inverse: the projections do date arithmetic on the same few
 * thousand dates millions of times. Bounded so that odd input cannot grow it without end.
 */
const MEMO_LIMIT = 200_000;
const epochDays = new Map<string, number>();
const datesOfDay = new Map<number, LocalDate>();

function toEpochDay(value: string): number {
  let day = epochDays.get(value);
  if (day === undefined) {
    day = parseEpochDay(value);
    if (epochDays.size >= MEMO_LIMIT) epochDays.clear();
    epochDays.set(value, day);
  }
  return day;
}

function formatEpochDay(day: number): LocalDate {
  const date = new Date(day * MS_PER_DAY);
  const y = date.getUTCFullYear();
  if (y < 0 || y > 9999) throw new RangeError(`Date out of range (year ${y})`);
  const pad = (n: number, w = 2) => String(n).padStart(w, '0');
  return `${pad(y, 4)}-${pad(date.getUTCMonth() + 1)}-${pad(date.getUTCDate())}`;
}

function fromEpochDay(day: number): LocalDate {
  let d = datesOfDay.get(day);
  if (d === undefined) {
    d = formatEpochDay(day);
    if (datesOfDay.size >= MEMO_LIMIT) datesOfDay.clear();
    datesOfDay.set(day, d);
  }
  return d;
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
  const fast = fastLocalDateOf(instant);
  if (fast !== undefined) return fast;
  const dt = INSTANT_WITH_OFFSET.test(instant) ? DateTime.fromISO(instant, { zone: ZONE }) : undefined;
  if (!dt?.isValid) throw new Error(`Invalid instant "${instant}": expected an ISO-8601 timestamp with an offset, e.g. 2024-07-01T09:30:00+02:00`);
  return dt.toISODate()!;
}

// The fast path of localDateOf, for the common shape `YYYY-MM-DDTHH:MM[:SS[.fff]](Z|±HH:MM)` with
// every field in its ordinary range (anything else goes through luxon, so behaviour is unchanged).
// Amsterdam has changed its offset only on whole UTC hours since 1977 (CET/CEST, switching at
// 01:00 UTC), at most once a day, so the offset is looked up with luxon once per UTC day: at its
// first and last hour. Where they differ (a day of change, two a year) it is looked up per hour.
const COMMON_INSTANT = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,3}))?)?(?:(Z)|([+-])(\d{2}):(\d{2}))$/;
const MS_PER_HOUR = 3_600_000;
const FAST_FROM_MS = Date.UTC(1978, 0, 1);
const FAST_TO_MS = Date.UTC(2100, 0, 1);
/** Per UTC day: the offset of the whole day, or NaN on a day of change. */
const offsetByUtcDay = new Map<number, number>();
const offsetByUtcHour = new Map<number, number>();
const luxonOffsetMs = (ms: number) => DateTime.fromMillis(ms, { zone: ZONE }).offset * 60_000;

function amsterdamOffsetMs(utcMs: number): number {
  const day = Math.floor(utcMs / MS_PER_DAY);
  let offset = offsetByUtcDay.get(day);
  if (offset === undefined) {
    const first = luxonOffsetMs(day * MS_PER_DAY);
    offset = first === luxonOffsetMs(day * MS_PER_DAY + 23 * MS_PER_HOUR) ? first : NaN;
    offsetByUtcDay.set(day, offset);
  }
  if (!Number.isNaN(offset)) return offset;
  const hour = Math.floor(utcMs / MS_PER_HOUR);
  let hourly = offsetByUtcHour.get(hour);
  if (hourly === undefined) {
    hourly = luxonOffsetMs(hour * MS_PER_HOUR);
    offsetByUtcHour.set(hour, hourly);
  }
  return hourly;
}

function fastLocalDateOf(instant: string): LocalDate | undefined {
  const m = COMMON_INSTANT.exec(instant);
  if (!m) return undefined;
  const y = Number(m[1]);
  const mo = Number(m[2]);
  const d = Number(m[3]);
  const h = Number(m[4]);
  const mi = Number(m[5]);
  const sec = m[6] === undefined ? 0 : Number(m[6]);
  if (mo < 1 || mo > 12 || d < 1 || d > 28 + (mo === 2 ? 1 : 3) || h > 23 || mi > 59 || sec > 59) return undefined;
  const local = Date.UTC(y, mo - 1, d, h, mi, sec, m[7] === undefined ? 0 : Number(m[7].padEnd(3, '0')));
  if (new Date(local).getUTCDate() !== d) return undefined; // 29–31 of a shorter month: let luxon judge
  let offsetMin = 0;
  if (m[8] === undefined) {
    const oh = Number(m[10]);
    const om = Number(m[11]);
    if (oh > 14 || om > 59) return undefined;
    offsetMin = (m[9] === '-' ? -1 : 1) * (oh * 60 + om);
  }
  const utc = local - offsetMin * 60_000;
  if (utc < FAST_FROM_MS || utc >= FAST_TO_MS) return undefined;
  return fromEpochDay(Math.floor((utc + amsterdamOffsetMs(utc)) / MS_PER_DAY));
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

/**
 * Remembered per local date (a pure function; luxon's zone arithmetic costs some 30 µs a call, and
 * the term alerts' scan asks for two per running clock after every applied page). At most one
 * entry per day of a century per map; cleared when larger.
 */
const DAY_INSTANT_MEMO_MAX = 40_000;
const startsOfDay = new Map<LocalDate, string>();
const endsOfDay = new Map<LocalDate, string>();
function remembered(memo: Map<LocalDate, string>, d: LocalDate, compute: () => string): string {
  let value = memo.get(d);
  if (value === undefined) {
    assertLocalDate(d);
    value = compute();
    if (memo.size >= DAY_INSTANT_MEMO_MAX) memo.clear();
    memo.set(d, value);
  }
  return value;
}

/** The first instant of local day `d` in Amsterdam, e.g. `'2024-04-01T00:00:00.000+02:00'`. */
export function instantAtStartOfLocalDay(d: LocalDate): string {
  return remembered(startsOfDay, d, () => DateTime.fromISO(d, { zone: ZONE }).startOf('day').toISO()!);
}

/** The last instant (to the millisecond) of local day `d` in Amsterdam, e.g. `'2015-03-31T23:59:59.999+02:00'`. */
export function instantAtEndOfLocalDay(d: LocalDate): string {
  return remembered(endsOfDay, d, () => DateTime.fromISO(d, { zone: ZONE }).endOf('day').toISO()!);
}

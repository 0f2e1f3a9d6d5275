import { addDays, assertLocalDate, dayOfWeek, LocalDate } from './local-date';

/** A day that is not a werkdag although it may fall on Monday–Friday. */
export interface Holiday {
  date: LocalDate;
  name: string;
}

/** Name given to a day that a royal decree equates to a holiday (art. 3 lid 3 Algemene termijnenwet). */
export const DECREE_DAY_NAME = 'Gelijkgestelde dag (KB, art. 3 lid 3 Atw)';

/**
 * The days that royal decrees under art. 3 lid 3 Algemene termijnenwet equate to an algemeen erkende
 * feestdag, as verified for 2023–2028 (indicators.md, Working days and terms). Decrees come three
 * years at a time; other years are added with `createWorkingDayCalendar({ extraDecreeDays })`.
 */
export const BUILT_IN_DECREE_DAYS: readonly LocalDate[] = [
  '2023-04-28',
  '2023-05-19',
  '2024-05-10',
  '2024-12-27',
  '2025-05-30',
  '2026-01-02',
  '2026-05-15',
  '2027-05-07',
  '2028-04-28',
  '2028-05-26',
];

/**
 * The first year of `BUILT_IN_DECREE_DAYS`. Before it the decrees are not verified, but the Friday
 * after Hemelvaartsdag has always been among them (indicators.md): it is built in for those years.
 */
const FIRST_VERIFIED_DECREE_YEAR = 2023;

const pad = (n: number, w = 2) => String(n).padStart(w, '0');
const dateOf = (year: number, month: number, day: number): LocalDate => `${pad(year, 4)}-${pad(month)}-${pad(day)}`;

function assertYear(year: number): void {
  if (!Number.isInteger(year) || year < 1583 || year > 9999) throw new Error(`Invalid year ${year}: expected an integer from 1583 (Gregorian) to 9999`);
}

/** Easter Sunday of a Gregorian year, by the anonymous Gregorian (Meeus/Jones/Butcher) algorithm. */
export function easterSunday(year: number): LocalDate {
  assertYear(year);
  const a = year % 19;
  const b = Math.floor(year / 100);
  const c = year % 100;
  const d = Math.floor(b / 4);
  const e = b % 4;
  const f = Math.floor((b + 8) / 25);
  const g = Math.floor((b - f + 1) / 3);
  const h = (19 * a + b - d - g + 15) % 30;
  const i = Math.floor(c / 4);
  const k = c % 4;
  const l = (32 + 2 * e + 2 * i - h - k) % 7;
  const m = Math.floor((a + 11 * h + 22 * l) / 451);
  const n = h + l - 7 * m + 114;
  return dateOf(year, Math.floor(n / 31), (n % 31) + 1);
}

/**
 * The day on which the monarch's birthday is celebrated (art. 3 lid 1: "de dag waarop de verjaardag
 * van de Koning wordt gevierd"). From 2014 Koningsdag: 27 April, or 26 April when the 27th is a
 * Sunday. Before 2014 Koninginnedag: 30 April, or 29 April when the 30th is a Sunday (the rule since
 * 1980; the earlier move of a Sunday 30 April to Monday 1 May is not modelled).
 */
function monarchsDay(year: number): Holiday {
  if (year >= 2014) {
    const d = dateOf(year, 4, 27);
    return { date: dayOfWeek(d) === 7 ? addDays(d, -1) : d, name: 'Koningsdag' };
  }
  const d = dateOf(year, 4, 30);
  return { date: dayOfWeek(d) === 7 ? addDays(d, -1) : d, name: 'Koninginnedag' };
}

/**
 * The algemeen erkende feestdagen of art. 3 lid 1 Algemene termijnenwet, plus Goede Vrijdag, which
 * lid 2 equates to them, for `year`, in date order. Eerste Paas- and Pinksterdag are not listed:
 * they are Sundays, which art. 1 already excludes. Bevrijdingsdag (5 May) counts every year, not
 * only every fifth. Decree days (lid 3) are not included: see `BUILT_IN_DECREE_DAYS` and
 * `WorkingDayCalendar.holidaysIn`. Today's article is applied to every year.
 */
export function legalHolidays(year: number): Holiday[] {
  const easter = easterSunday(year);
  const days: Holiday[] = [
    { date: dateOf(year, 1, 1), name: 'Nieuwjaarsdag' },
    { date: addDays(easter, -2), name: 'Goede Vrijdag' },
    { date: addDays(easter, 1), name: 'Tweede Paasdag' },
    monarchsDay(year),
    { date: dateOf(year, 5, 5), name: 'Bevrijdingsdag' },
    { date: addDays(easter, 39), name: 'Hemelvaartsdag' },
    { date: addDays(easter, 50), name: 'Tweede Pinksterdag' },
    { date: dateOf(year, 12, 25), name: 'Eerste Kerstdag' },
    { date: dateOf(year, 12, 26), name: 'Tweede Kerstdag' },
  ];
  return days.sort((x, y) => (x.date < y.date ? -1 : x.date > y.date ? 1 : 0));
}

export interface WorkingDayCalendarOptions {
  /** Further days equated by royal decree (art. 3 lid 3), beyond `BUILT_IN_DECREE_DAYS`. */
  extraDecreeDays?: readonly LocalDate[];
}

/**
 * Werkdagen for legal terms (indicators.md, Working days and terms): Monday to Friday (art. 1
 * Algemene termijnenwet excludes Saturday and Sunday), except the holidays of art. 3 and the
 * decree days. An organisation's own closing days do not change a legal term, so they have no place here.
 */
export class WorkingDayCalendar {
  private readonly decreeDays: ReadonlySet<LocalDate>;
  private readonly byYear = new Map<number, ReadonlyMap<LocalDate, string>>();
  /** Memo of `addWerkdagen` (the projections ask for the same few deadlines millions of times). */
  private readonly werkdagenAdded = new Map<string, LocalDate>();

  constructor(options: WorkingDayCalendarOptions = {}) {
    const extra = options.extraDecreeDays ?? [];
    extra.forEach((d) => assertLocalDate(d));
    this.decreeDays = new Set([...BUILT_IN_DECREE_DAYS, ...extra]);
  }

  /** The legal holidays and decree days of `year`, in date order. */
  holidaysIn(year: number): Holiday[] {
    return [...this.holidayMap(year)].map(([date, name]) => ({ date, name })).sort((x, y) => (x.date < y.date ? -1 : 1));
  }

  /** The name of the holiday or decree day on `d`, or undefined. */
  holidayName(d: LocalDate): string | undefined {
    assertLocalDate(d);
    return this.holidayMap(Number(d.slice(0, 4))).get(d);
  }

  /** Monday to Friday, and neither a legal holiday nor a decree day. */
  isWerkdag(d: LocalDate): boolean {
    return dayOfWeek(d) <= 5 && this.holidayName(d) === undefined;
  }

  /**
   * The `n`-th werkdag after `d`. `d` is day 0 and never counts, even when it is itself a werkdag
   * or not one ("binnen vijf werkdagen na ontvangst": the day of receipt is day 0). `n` = 0 gives `d`.
   */
  addWerkdagen(d: LocalDate, n: number): LocalDate {
    if (!Number.isInteger(n) || n < 0) throw new Error(`addWerkdagen: n must be a non-negative integer, got ${n}`);
    const key = `${d}+${n}`;
    const known = this.werkdagenAdded.get(key);
    if (known !== undefined) return known;
    let day = d;
    assertLocalDate(day);
    for (let counted = 0; counted < n; ) {
      day = addDays(day, 1);
      if (this.isWerkdag(day)) counted++;
    }
    if (this.werkdagenAdded.size >= 100_000) this.werkdagenAdded.clear();
    this.werkdagenAdded.set(key, day);
    return day;
  }

  /**
   * The werkdagen after `a` up to and including `b`, so that `werkdagenBetween(d, addWerkdagen(d, n))`
   * is `n`. Negative when `b` is before `a`: `werkdagenBetween(a, b) === -werkdagenBetween(b, a)`.
   */
  werkdagenBetween(a: LocalDate, b: LocalDate): number {
    assertLocalDate(a);
    assertLocalDate(b);
    if (b < a) return -this.werkdagenBetween(b, a);
    let count = 0;
    for (let day = addDays(a, 1); day <= b; day = addDays(day, 1)) if (this.isWerkdag(day)) count++;
    return count;
  }

  private holidayMap(year: number): ReadonlyMap<LocalDate, string> {
    let map = this.byYear.get(year);
    if (!map) {
      const entries = new Map(legalHolidays(year).map((h) => [h.date, h.name] as const));
      for (const d of this.decreeDays) if (d.startsWith(`${pad(year, 4)}-`) && !entries.has(d)) entries.set(d, DECREE_DAY_NAME);
      const ascensionFriday = addDays(easterSunday(year), 40);
      // Bevrijdingsdag keeps its name when it is that Friday (1978, 1989).
      if (year < FIRST_VERIFIED_DECREE_YEAR && !entries.has(ascensionFriday)) entries.set(ascensionFriday, DECREE_DAY_NAME);
      map = entries;
      this.byYear.set(year, map);
    }
    return map;
  }
}

export function createWorkingDayCalendar(options: WorkingDayCalendarOptions = {}): WorkingDayCalendar {
  return new WorkingDayCalendar(options);
}

import { createProjectionConfig, type ProjectionConfig } from '../../libs/projections/src';
import type { LocalDate } from '../../libs/calendar/src';

/**
 * Calendar days as integers (days since 1970-01-01) for the planning arithmetic, with the werkdagen
 * of the product's own calendar (libs/calendar: weekends, the holidays of the Algemene termijnenwet
 * incl. Goede Vrijdag and Bevrijdingsdag, and the built-in decree days). Terms are computed exactly as
 * the projections compute them, so a planned "tijdig" stop is tijdig on replay.
 */
export type Day = number;

const FIRST_YEAR = 2013;
const LAST_YEAR = 2028;
const MS_PER_DAY = 86_400_000;

const pad = (n: number, w = 2) => String(n).padStart(w, '0');

export class DayIndex {
  readonly first: Day;
  readonly last: Day;
  private readonly labels: string[] = [];
  private readonly years: number[] = [];
  private readonly months: number[] = [];
  private readonly weekdays: number[] = [];
  private readonly werkdag: boolean[] = [];
  /** werkdagen in [first, d] */
  private readonly prefix: number[] = [];

  constructor(readonly config: ProjectionConfig = createProjectionConfig()) {
    this.first = Date.UTC(FIRST_YEAR, 0, 1) / MS_PER_DAY;
    this.last = Date.UTC(LAST_YEAR, 11, 31) / MS_PER_DAY;
    let count = 0;
    for (let d = this.first; d <= this.last; d++) {
      const date = new Date(d * MS_PER_DAY);
      const label = `${pad(date.getUTCFullYear(), 4)}-${pad(date.getUTCMonth() + 1)}-${pad(date.getUTCDate())}`;
      const i = d - this.first;
      this.labels[i] = label;
      this.years[i] = date.getUTCFullYear();
      this.months[i] = date.getUTCMonth() + 1;
      this.weekdays[i] = ((date.getUTCDay() + 6) % 7) + 1;
      this.werkdag[i] = config.calendar.isWerkdag(label);
      if (this.werkdag[i]) count++;
      this.prefix[i] = count;
    }
  }

  private at(d: Day): number {
    const i = d - this.first;
    if (!(i >= 0 && d <= this.last)) throw new Error(`day ${d} outside the seed calendar ${FIRST_YEAR}–${LAST_YEAR}`);
    return i;
  }

  /** 'YYYY-MM-DD' of a day. */
  label(d: Day): LocalDate {
    return this.labels[this.at(d)];
  }

  day(label: LocalDate): Day {
    const [y, m, dd] = label.split('-').map(Number);
    return Date.UTC(y, m - 1, dd) / MS_PER_DAY;
  }

  ymd(year: number, month: number, dayOfMonth: number): Day {
    return Date.UTC(year, month - 1, dayOfMonth) / MS_PER_DAY;
  }

  yearOf(d: Day): number {
    return this.years[this.at(d)];
  }

  monthOf(d: Day): number {
    return this.months[this.at(d)];
  }

  /** 1 = Monday … 7 = Sunday */
  weekdayOf(d: Day): number {
    return this.weekdays[this.at(d)];
  }

  isWerkdag(d: Day): boolean {
    return this.werkdag[this.at(d)];
  }

  isHoliday(d: Day): boolean {
    return this.weekdayOf(d) <= 5 && !this.isWerkdag(d);
  }

  yearStart(year: number): Day {
    return this.ymd(year, 1, 1);
  }

  yearEnd(year: number): Day {
    return this.ymd(year, 12, 31);
  }

  /** The n-th werkdag after d (d is day 0), as `addWerkdagen` of the calendar. */
  addWerkdagen(d: Day, n: number): Day {
    if (n === 0) return d;
    const target = this.prefix[this.at(d)] + n;
    let lo = d + 1;
    let hi = Math.min(this.last, d + n * 3 + 20);
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (this.prefix[this.at(mid)] >= target) hi = mid;
      else lo = mid + 1;
    }
    return lo;
  }

  /** werkdagen after a up to and including b (b ≥ a). */
  werkdagenBetween(a: Day, b: Day): number {
    return this.prefix[this.at(b)] - this.prefix[this.at(a)];
  }

  werkdagOnOrAfter(d: Day): Day {
    let x = d;
    while (!this.isWerkdag(x)) x++;
    return x;
  }

  werkdagOnOrBefore(d: Day): Day {
    let x = d;
    while (!this.isWerkdag(x)) x--;
    return x;
  }

  /** The werkdagen in [lo, hi]. */
  werkdagenIn(lo: Day, hi: Day): Day[] {
    const out: Day[] = [];
    for (let d = lo; d <= hi; d++) if (this.isWerkdag(d)) out.push(d);
    return out;
  }

  /** The deadline of the 5-werkdagen terms (triage, veiligheidsbeoordeling) from a start day. */
  deadline5Werkdagen(start: Day): Day {
    return this.addWerkdagen(start, 5);
  }
}

let shared: DayIndex | undefined;

/** The day index of the product's default calendar (what `createProjectionConfig()` uses). */
export function defaultDayIndex(): DayIndex {
  shared ??= new DayIndex();
  return shared;
}

// Calendar helpers for the page. Periods are in Europe/Amsterdam, as in the API (indicators.md, "Time").
const TZ = 'Europe/Amsterdam';
const ymd = new Intl.DateTimeFormat('en-CA', { timeZone: TZ, year: 'numeric', month: '2-digit', day: '2-digit' });

/** The local date (YYYY-MM-DD) in Amsterdam of an instant. */
export function localDateOf(instant) {
  return ymd.format(instant);
}

/** `2024-Q3` for a local date. */
export function quarterOf(date) {
  const [year, month] = date.split('-').map(Number);
  return `${year}-Q${Math.ceil(month / 3)}`;
}

/** The `n` quarters up to and including the one of `date`, oldest first. */
export function lastQuarters(date, n) {
  const [year, month] = date.split('-').map(Number);
  let index = year * 4 + Math.ceil(month / 3) - 1;
  const out = [];
  for (let i = 0; i < n; i++, index--) out.unshift(`${Math.floor(index / 4)}-Q${(index % 4) + 1}`);
  return out;
}

/** The `n` whole months before the month of `date` (`2024-07`), oldest first. */
export function monthsBefore(date, n) {
  const [year, month] = date.split('-').map(Number);
  let index = year * 12 + month - 2;
  const out = [];
  for (let i = 0; i < n; i++, index--) out.unshift(`${Math.floor(index / 12)}-${String((index % 12) + 1).padStart(2, '0')}`);
  return out;
}

/** The last local date of a month (`2024-07` → `2024-07-31`). */
export function lastDayOfMonth(month) {
  const [year, m] = month.split('-').map(Number);
  return `${month}-${String(new Date(Date.UTC(year, m, 0)).getUTCDate()).padStart(2, '0')}`;
}

/** The last local date of a quarter (`2024-Q3` → `2024-09-30`). */
export function lastDayOfQuarter(label) {
  const [year, q] = label.split('-Q').map(Number);
  return lastDayOfMonth(`${year}-${String(q * 3).padStart(2, '0')}`);
}

/** The instant at noon UTC of the last day of a month (`2024-07`): a point for the chart's time axis. */
export function monthEndMs(month) {
  const [year, m] = month.split('-').map(Number);
  return Date.UTC(year, m, 0, 12);
}

/**
 * What the board shows: `now` (live, a new instant at every refresh) or a fixed past date from
 * `?at=YYYY-MM-DD` (the end of that day; flows of its quarter).
 */
export function momentFrom(search) {
  const at = new URLSearchParams(search).get('at');
  if (at && /^\d{4}-\d{2}-\d{2}$/.test(at)) return { fixed: true, date: at, instant: () => at };
  return {
    fixed: false,
    get date() {
      return localDateOf(new Date());
    },
    instant: () => new Date().toISOString(),
  };
}

import { addDays, assertLocalDate, instantAtEndOfLocalDay, instantAtStartOfLocalDay, LocalDate } from './local-date';

export type PeriodKind = 'month' | 'quarter' | 'year';
export const PERIOD_KINDS: readonly PeriodKind[] = ['month', 'quarter', 'year'];

/** A reporting period in Europe/Amsterdam local dates; `to` is its last day, inclusive. */
export interface Period {
  kind: PeriodKind;
  from: LocalDate;
  to: LocalDate;
  /** The canonical label: `2024-07`, `2024-Q3` or `2024`. */
  label: string;
}

const pad = (n: number, w = 2) => String(n).padStart(w, '0');

function lastDayOfMonth(year: number, month: number): LocalDate {
  const next = month === 12 ? `${pad(year + 1, 4)}-01-01` : `${pad(year, 4)}-${pad(month + 1)}-01`;
  return addDays(next, -1);
}

function monthPeriod(year: number, month: number): Period {
  const from = `${pad(year, 4)}-${pad(month)}-01`;
  return { kind: 'month', from, to: lastDayOfMonth(year, month), label: from.slice(0, 7) };
}

function quarterPeriod(year: number, quarter: number): Period {
  const first = (quarter - 1) * 3 + 1;
  return { kind: 'quarter', from: `${pad(year, 4)}-${pad(first)}-01`, to: lastDayOfMonth(year, first + 2), label: `${pad(year, 4)}-Q${quarter}` };
}

function yearPeriod(year: number): Period {
  return { kind: 'year', from: `${pad(year, 4)}-01-01`, to: `${pad(year, 4)}-12-31`, label: pad(year, 4) };
}

/** Parses `2024-07` (month), `2024-Q3` (quarter, `q` accepted) or `2024` (year). */
export function parsePeriod(p: string): Period {
  const text = typeof p === 'string' ? p.trim() : '';
  let m: RegExpExecArray | null;
  if ((m = /^(\d{4})$/.exec(text))) return yearPeriod(Number(m[1]));
  if ((m = /^(\d{4})-[Qq]([1-4])$/.exec(text))) return quarterPeriod(Number(m[1]), Number(m[2]));
  if ((m = /^(\d{4})-(0[1-9]|1[0-2])$/.exec(text))) return monthPeriod(Number(m[1]), Number(m[2]));
  // Quoted only when it looks like a period at all: a value in a URL may be anything, a name too.
  const shown = /^(19|20)\d{2}(-[0-9Qq]{1,3})?$/.test(text) ? ` "${text}"` : '';
  throw new Error(`Invalid period${shown}: expected a year (2024), a quarter (2024-Q3) or a month (2024-07)`);
}

function toPeriod(p: string | Period): Period {
  return typeof p === 'string' ? parsePeriod(p) : p;
}

/** The period of `kind` that holds local date `d`. */
export function periodOf(kind: PeriodKind, d: LocalDate): Period {
  assertLocalDate(d);
  const year = Number(d.slice(0, 4));
  const month = Number(d.slice(5, 7));
  switch (kind) {
    case 'month':
      return monthPeriod(year, month);
    case 'quarter':
      return quarterPeriod(year, Math.ceil(month / 3));
    case 'year':
      return yearPeriod(year);
    default:
      throw new Error(`Invalid period kind "${String(kind)}": expected ${PERIOD_KINDS.join(', ')}`);
  }
}

/** The first instant of the period's first local day, with the Amsterdam offset. */
export function startOfPeriodInstant(p: string | Period): string {
  return instantAtStartOfLocalDay(toPeriod(p).from);
}

/**
 * "The end of a period" (indicators.md, Time): the last instant of its last local day, with the
 * Amsterdam offset, e.g. `endOfPeriodInstant('2015-Q1')` is `'2015-03-31T23:59:59.999+02:00'`.
 */
export function endOfPeriodInstant(p: string | Period): string {
  return instantAtEndOfLocalDay(toPeriod(p).to);
}

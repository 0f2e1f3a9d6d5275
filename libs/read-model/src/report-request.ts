import { endOfPeriodInstant, instantAtEndOfLocalDay, isLocalDate, parsePeriod, type Period } from '../../calendar/src';
import { FLOW_DIMENSIONS, STOCK_DIMENSIONS, UNKNOWN } from '../../projections/src';
import { isGemeenteOf } from '../../reference/src/organisations';

/** Bad input to a report: the message names the field (`vt-monitor report` exits 2, the API answers 400). */
export class QueryInputError extends Error {}

/** The years a report can ask about: those of the events (events.md, README: 1990 up to 2100). */
const FIRST_YEAR = 1990;
const LAST_YEAR = 2099;

/** A report request as `vt-monitor report` and `GET …/indicators` take it: a period (flows) or an instant (stocks). */
export interface ReportRequest {
  period?: string;
  at?: string;
  asOf?: string;
  gemeente?: string;
  by?: string[];
}

/** Whether a text that begins with a date (YYYY-MM-DD) names a day the calendar has (Date.parse takes 2024-02-30 as 1 March). */
function dateExists(text: string): boolean {
  const m = /^(\d{4})-(\d{2})-(\d{2})/.exec(text);
  if (!m) return true;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const day = new Date(Date.UTC(y, mo - 1, d));
  return day.getUTCFullYear() === y && day.getUTCMonth() === mo - 1 && day.getUTCDate() === d;
}

/** An offset within ±14:00, as the events' (a clock has none beyond); `Z` is UTC. */
function offsetInRange(iso: string): boolean {
  const m = /([+-])(\d{2}):?(\d{2})$/.exec(iso);
  return !m || Number(m[2]) * 60 + Number(m[3]) <= 14 * 60;
}

const inYears = (ms: number) => {
  const year = new Date(ms).getUTCFullYear();
  return year >= FIRST_YEAR && year <= LAST_YEAR;
};

/**
 * `--at` (or, by `what`, `--as-of`): `now`, a timestamp with offset, a local date (its last instant) or a
 * period (its last instant; `2024-q2` as `2024-Q2`, as a period takes it). The value is quoted in
 * the message only when it looks like an instant at all: one in a URL may be anything, a name too.
 */
export function resolveInstant(at: string, what = 'at'): { iso: string; ms: number } {
  if (at === 'now') {
    const now = new Date();
    return { iso: now.toISOString(), ms: now.getTime() };
  }
  let iso = at;
  if (isLocalDate(at)) iso = instantAtEndOfLocalDay(at);
  else if (/^\d{4}(-[Qq][1-4]|-(0[1-9]|1[0-2]))?$/.test(at)) iso = endOfPeriodInstant(String(at).toUpperCase());
  const ms = Date.parse(iso);
  // Quoted only when it begins like one, with a year of 19xx or 20xx: a 9-digit number may be a BSN,
  // and 0413-123456 a telephone number (every Dutch one begins with 0).
  const shown = /^(19|20)\d{2}(-[0-9TZQq:+.-]{1,36})?$/.test(at) ? ` "${at}"` : '';
  if (Number.isNaN(ms) || !dateExists(at) || (!/[zZ]|[+-]\d{2}:?\d{2}$/.test(iso) && !isLocalDate(at))) {
    // In a URL an unencoded + of an offset arrives as a space (2024-06-30T23:59:59 02:00).
    const plusAsSpace = / \d{2}:?\d{2}$/.test(at) ? ' (in a URL, write the + of an offset as %2B)' : '';
    throw new QueryInputError(`${what}${shown} is not an instant: give now, a timestamp with offset (2024-06-30T23:59:59+02:00), a date (2024-06-30) or a period (2024-Q2)${plusAsSpace}`);
  }
  if (!offsetInRange(iso)) throw new QueryInputError(`${what}${shown}: the offset must lie within ±14:00`);
  if (!inYears(ms)) throw new QueryInputError(`${what}${shown}: only the years ${FIRST_YEAR}–${LAST_YEAR} hold events`);
  return { iso, ms };
}

/** `--period`/`period=`: a year, a quarter or a month within the years that hold events. */
export function resolvePeriod(p: string): Period {
  let period: Period;
  try {
    period = parsePeriod(p);
  } catch (err) {
    throw new QueryInputError((err as Error).message);
  }
  const year = Number(period.from.slice(0, 4));
  if (year < FIRST_YEAR || year > LAST_YEAR) throw new QueryInputError(`period "${period.label}": only the years ${FIRST_YEAR}–${LAST_YEAR} hold events`);
  return period;
}

/** The dimensions a request may name in `by` (`stat` too: indicators.md lists it, and every duration row carries it anyway). */
export const dimensionsOf = (kind: 'period' | 'at'): readonly string[] => [...(kind === 'period' ? FLOW_DIMENSIONS : STOCK_DIMENSIONS), 'stat'];

/**
 * `--by`/`by=`: a misspelt dimension would quietly give the totals only; it is refused, naming the
 * ones there are. An empty name (`by=`, `gemeente,,aard`) is refused too. `stat` asks for nothing
 * more (each duration row has its stat) and is dropped; `by` of `stat` alone is the default report.
 */
function checkDimensions(by: readonly string[] | undefined, kind: 'period' | 'at'): string[] | undefined {
  if (by === undefined) return undefined;
  if (by.length === 0 || by.some((d) => d.trim() === '')) throw new QueryInputError('by: an empty dimension name; give names separated by commas (gemeente,dienst)');
  const known = dimensionsOf(kind);
  const unknown = by.filter((d) => !known.includes(d));
  if (unknown.length > 0) {
    // Quoted only when it is a dimension of the other kind of report: any other word may be a name.
    const everyDimension = [...dimensionsOf('period'), ...dimensionsOf('at')];
    const quoted = unknown.filter((d) => everyDimension.includes(d));
    const others = unknown.length - quoted.length;
    const what = kind === 'period' ? 'a period' : 'an instant';
    const parts = [
      ...(quoted.length > 0 ? [`${quoted.map((d) => `"${d}"`).join(', ')} ${quoted.length === 1 ? 'is not a dimension' : 'are not dimensions'} of a report for ${what}`] : []),
      ...(others > 0 ? [`${others === 1 ? 'a name' : `${others} names`} given ${others === 1 ? 'is' : 'are'} no dimension of any report`] : []),
    ];
    throw new QueryInputError(`by: ${parts.join('; ')}; there are ${known.join(', ')}`);
  }
  const dims = [...new Set(by.filter((d) => d !== 'stat'))];
  return dims.length > 0 ? dims : undefined;
}

/** `--gemeente`/`gemeente=`: a municipality of the organisation, `overig`, or `onbekend` (cases with no melding or advice request to take one from). */
function checkGemeente(organisation: string, gemeente: string | undefined): void {
  if (gemeente === undefined || gemeente === UNKNOWN) return;
  if (gemeente === '') throw new QueryInputError('gemeente: empty; give a municipality code (GMnnnn), overig or onbekend, or leave it out for the whole organisation');
  // Quoted only when it is a code: a query value may be anything, a name too.
  if (!isGemeenteOf(organisation, gemeente)) {
    throw new QueryInputError(/^GM\d{4}$/.test(gemeente) ? `gemeente ${gemeente} is not a municipality of ${organisation}` : `gemeente is not a municipality code (GMnnnn) of ${organisation}, overig or onbekend`);
  }
}

/**
 * Checks a report request before anything is read (the CLI before it opens the store): exactly one
 * of period and at, each a period or an instant, asOf an instant, gemeente one of the organisation's,
 * `by` dimensions of the report's kind. Returns it with `by` as the report takes it.
 */
export function checkReportRequest(organisation: string, request: ReportRequest): ReportRequest {
  const { period, at, asOf, gemeente } = request;
  if ((period === undefined) === (at === undefined)) throw new QueryInputError('give exactly one of period or at');
  if (period !== undefined) resolvePeriod(period);
  else resolveInstant(at!);
  if (asOf !== undefined) resolveInstant(asOf, 'as-of');
  checkGemeente(organisation, gemeente);
  return { ...request, by: checkDimensions(request.by, period !== undefined ? 'period' : 'at') };
}

import { addDays, type LocalDate, type TermDefinition, type WorkingDayCalendar } from '../../../../libs/calendar/src';

export const DAY_SECONDS = 86_400;

/** Calendar-day boundaries of `vt_doorlooptijd_seconds` (× 86,400): 10 dagen and 10 weken are among them. */
export const DEFAULT_DAY_BUCKETS = [1, 2, 3, 4, 5, 6, 7, 10, 14, 21, 28, 42, 56, 70, 84, 112, 140, 182, 365];

/** Boundaries of `vt_doorlooptijd_werkdagen`: 5 werkdagen is among them. */
export const DEFAULT_WERKDAG_BUCKETS = [1, 2, 3, 4, 5, 6, 7, 8, 10, 15, 20, 30, 40, 60];

/**
 * The buckets of both histograms: the defaults plus every configured term, so that each term has a
 * boundary exactly at its length (`le` is "at most", so the count at the term's boundary is the
 * number of tijdig stops): N dagen at N days, N weken at 7N days, N werkdagen at N werkdagen.
 */
export function doorlooptijdBuckets(terms: Iterable<TermDefinition>): { seconds: number[]; werkdagen: number[] } {
  const days = new Set(DEFAULT_DAY_BUCKETS);
  const werkdagen = new Set(DEFAULT_WERKDAG_BUCKETS);
  for (const t of terms) {
    if (t.length === 0) continue;
    if (t.unit === 'werkdagen') werkdagen.add(t.length);
    else days.add(t.unit === 'weken' ? 7 * t.length : t.length);
  }
  const sorted = (s: Set<number>) => [...s].sort((a, b) => a - b);
  return { seconds: sorted(days).map((d) => d * DAY_SECONDS), werkdagen: sorted(werkdagen) };
}

/**
 * The shortest term in werkdagen that a stop on `stop` would have met for a clock started on
 * `start`: the smallest N with `stop` on or before the N-th werkdag after `start` (0 when it stopped
 * on its start day). So a stop counts in bucket `le=N` exactly when it is tijdig for a term of N
 * werkdagen: a Saturday stop after a Friday deadline is late, though no werkdag passed since.
 */
export function werkdagenToMeet(calendar: WorkingDayCalendar, start: LocalDate, stop: LocalDate): number {
  if (stop <= start) return 0;
  const passed = calendar.werkdagenBetween(start, stop);
  return calendar.isWerkdag(stop) ? passed : passed + 1;
}

/** The local date a clock started, from its stop date and its doorlooptijd in calendar days. */
export function clockStartOf(stop: LocalDate, days: number): LocalDate {
  return addDays(stop, -days);
}

import { diffDays, localDateOf, type LocalDate, type WorkingDayCalendar } from '../../../calendar/src';
import type { Span } from '../case-fold/derived';
import { isLegalClock } from '../case-fold/legal-clock';

/** One row of `GET …/cases?status=over_termijn`: pseudonymous id, dates and categories only. */
export interface OverTermijnRow {
  caseId: string;
  /** The waiting list the case is on, or `in_behandeling` when it waits on none (its dienst runs). */
  fase: string;
  termijn: string;
  deadline: LocalDate;
  /** The deadline has passed (today, in Amsterdam, is after it). */
  overTermijn: boolean;
  /**
   * Calendar days in Amsterdam since it entered its fase or its clock started, whichever came first,
   * as `wachttijd_dagen` counts them: a veiligheidsbeoordeling 9 days overdue shows 9, also when
   * the case entered a new fase today.
   */
  dagenWachtend: number;
}

/**
 * The open cases past, or within one werkdag of, a term at `now`: each running legal clock whose
 * deadline is at most one werkdag after today, earliest deadline first. `spans` are a case's spans
 * that run at `now`. "Within one werkdag" is the term alert's warning: a case shows here from the
 * start of the last werkdag before its deadline, when the warning goes out (`warningAt`).
 */
export function overTermijnRows(spans: readonly Span[], now: string, calendar: WorkingDayCalendar): OverTermijnRow[] {
  const today = localDateOf(now);
  const horizon = calendar.addWerkdagen(today, 1);
  const waitsByCase = new Map<string, Span>();
  for (const s of spans) if (s.kind === 'wacht') waitsByCase.set(s.caseId, s);
  return spans
    .filter((s) => isLegalClock(s) && s.deadline! <= horizon)
    .map((s) => {
      const wait = waitsByCase.get(s.caseId);
      return {
        caseId: s.caseId,
        fase: wait ? String(wait.dims.fase) : 'in_behandeling',
        termijn: String(s.dims.termijn),
        deadline: s.deadline!,
        overTermijn: today > s.deadline!,
        dagenWachtend: diffDays(localDateOf(new Date(Math.min(wait?.enteredAt ?? s.enteredAt, s.enteredAt)).toISOString()), today),
      };
    })
    .sort((a, b) => compare(a.deadline, b.deadline) || compare(a.caseId, b.caseId) || compare(a.termijn, b.termijn));
}

const compare = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

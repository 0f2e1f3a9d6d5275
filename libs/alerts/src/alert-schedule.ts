import { addDays, instantAtStartOfLocalDay, type LocalDate, type WorkingDayCalendar } from '../../calendar/src';
import { TERMIJNEN } from '../../events/src';
import { alertFingerprint, termijnOverschredenEventId } from './alert-ids';

/**
 * A term's legal clock as the read models hold it (a span of kind `klok` in a case's `rm_cases` row): the
 * clocks of veiligheidsbeoordeling, triage and eerste contact, and a dienst's `vanaf_triage`
 * clock, the same ones the over-term cases list shows. `from`/`to` in ms since the epoch; `to`
 * is null while the clock runs.
 */
export interface TermClock {
  organisation: string;
  caseId: string;
  termijn: string;
  deadline: LocalDate;
  from: number;
  to: number | null;
}

/**
 * - `overdue`: the term has passed with the clock still running: `TermijnOverschreden` is written
 *   and a `critical` alert delivered;
 * - `warning`: one werkdag before the deadline: a `warning` alert, no event.
 */
export type AlertKind = 'overdue' | 'warning';

export const ALERT_NAMES: Readonly<Record<AlertKind, string>> = { overdue: 'TermijnOverschreden', warning: 'TermijnVerlooptBinnenkort' };
export const ALERT_SEVERITIES: Readonly<Record<AlertKind, string>> = { overdue: 'critical', warning: 'warning' };

export interface TermAlert {
  kind: AlertKind;
  organisation: string;
  caseId: string;
  termijn: string;
  deadline: LocalDate;
  /** When the alert is due (ms since the epoch). */
  dueAt: number;
  /** Alertmanager labels: alertname, organisation, termijn, severity and the pseudonymous caseId, nothing else. */
  labels: Record<string, string>;
  /** Alertmanager-style fingerprint of the labels: the key of the alert everywhere (jobs, delivery log). */
  fingerprint: string;
  /** For `overdue`: the id of its `TermijnOverschreden` event. */
  eventId?: string;
}

/**
 * The first instant after the deadline's local day (Europe/Amsterdam): a clock stop is tijdig
 * when its local date is on or before the deadline (indicators.md), so the term has passed only
 * once that day has ended. Midnight of a DST change day is still unambiguous (the shift is at 02:00/03:00).
 */
export function overdueAt(deadline: LocalDate): number {
  return Date.parse(instantAtStartOfLocalDay(addDays(deadline, 1)));
}

/**
 * The start (local midnight) of the last werkdag before the deadline. The over-term cases list
 * (GET …/cases?status=over_termijn) holds a case on local day `d` when `deadline <=
 * addWerkdagen(d, 1)`; the first such day is exactly the last werkdag before the deadline (no
 * werkdag lies between it and the deadline, while one does for every earlier day). So the warning
 * goes out the moment the case appears on that list: for a Monday deadline on the Friday before,
 * for a deadline after Easter Monday on the Thursday before Goede Vrijdag (`overTermijnRows`; its
 * unit test checks the two agree for every deadline of three years).
 */
export function warningAt(deadline: LocalDate, calendar: WorkingDayCalendar): number {
  let day = addDays(deadline, -1);
  while (!calendar.isWerkdag(day)) day = addDays(day, -1);
  return Date.parse(instantAtStartOfLocalDay(day));
}

/** Whether the clock ran at instant `t` (started by then, not yet stopped). */
export function clockRunsAt(clock: Pick<TermClock, 'from' | 'to'>, t: number): boolean {
  return clock.from <= t && (clock.to === null || clock.to > t);
}

/** An alert's Alertmanager labels: alertname, organisation, termijn, severity and the pseudonymous caseId, nothing else. */
function alertLabels(kind: AlertKind, organisation: string, caseId: string, termijn: string): Record<string, string> {
  return { alertname: ALERT_NAMES[kind], organisation, termijn, severity: ALERT_SEVERITIES[kind], caseId };
}

/** The fingerprints of every alert one case can have (each kind for each term): what erasing the case deletes from the delivery log. */
export function alertFingerprintsOfCase(organisation: string, caseId: string): string[] {
  return (Object.keys(ALERT_NAMES) as AlertKind[]).flatMap((kind) => TERMIJNEN.map((termijn) => alertFingerprint(alertLabels(kind, organisation, caseId, termijn))));
}

export function buildAlert(kind: AlertKind, clock: TermClock, calendar: WorkingDayCalendar): TermAlert {
  const labels = alertLabels(kind, clock.organisation, clock.caseId, clock.termijn);
  return {
    kind,
    organisation: clock.organisation,
    caseId: clock.caseId,
    termijn: clock.termijn,
    deadline: clock.deadline,
    dueAt: kind === 'overdue' ? overdueAt(clock.deadline) : warningAt(clock.deadline, calendar),
    labels,
    fingerprint: alertFingerprint(labels),
    ...(kind === 'overdue' ? { eventId: termijnOverschredenEventId(clock.organisation, clock.caseId, clock.termijn) } : {}),
  };
}

/**
 * Whether an alert still stands at `now`, given the clock as the read models hold it now:
 * - `overdue`: the clock ran when the term passed. A stop dated on or before the deadline (even
 *   one that arrives late) cancels it; a stop dated after the deadline does not: the term did pass
 *   with the case open, whenever we learn of it;
 * - `warning`: the clock still runs now and the term has not passed yet (afterwards the overdue
 *   alert says more).
 * A clock whose deadline moved (a corrected melding date) stands for the alert of its new deadline only.
 */
export function alertStands(alert: Pick<TermAlert, 'kind' | 'deadline'>, clock: TermClock | null, now: number): boolean {
  if (!clock || clock.deadline !== alert.deadline) return false;
  if (alert.kind === 'overdue') return clockRunsAt(clock, overdueAt(clock.deadline));
  return clockRunsAt(clock, now) && now < overdueAt(clock.deadline);
}

/**
 * When a delivered alert stopped holding, for its `resolved` message, or null while it still holds
 * (or when nothing can be said: the clock is gone, as for an erased case, whose id is sent nowhere
 * again). Alertmanager's model: an alert fires while its condition is true and is resolved when
 * it turns false, with `endsAt` the moment it did.
 * - `overdue`: holds while the clock runs past the term. It ends when the clock stops (triage or
 *   contact done late); a stop dated on or before the deadline that arrived after the alert went
 *   out ends it at once (the alert should not have fired).
 * - `warning`: holds while the clock runs before the term passes. It ends when the clock stops or
 *   when the term passes (then the overdue alert takes over).
 * Never before the alert was due (`endsAt` not before `startsAt`), never after `now`.
 */
export function alertEndsAt(alert: Pick<TermAlert, 'kind' | 'deadline' | 'dueAt'>, clock: TermClock | null, now: number): number | null {
  if (!clock || clock.deadline !== alert.deadline) return null;
  const termPassed = overdueAt(clock.deadline);
  const stop = clock.to !== null && clock.to <= now ? clock.to : null;
  let end: number | null;
  if (alert.kind === 'overdue') end = !clockRunsAt(clock, termPassed) ? (stop ?? now) : stop;
  else end = Math.min(stop ?? Infinity, now >= termPassed ? termPassed : Infinity);
  if (end === null || end === Infinity) return null;
  // Not before it was due, nor after now (a deadline moved later since the alert went out).
  return Math.min(Math.max(end, alert.dueAt), now);
}

export interface PlanOptions {
  now: number;
  /** How far ahead alerts are planned (delayed jobs), in ms. */
  horizonMs: number;
  calendar: WorkingDayCalendar;
  /** Plan warnings too (only useful when they can be delivered somewhere). */
  warnings: boolean;
}

/**
 * The alerts due by `now + horizonMs` that still stand, for the given clocks, earliest first.
 * Which past alerts are still worth sending is the caller's choice of clocks (a lookback).
 */
export function planAlerts(clocks: readonly TermClock[], options: PlanOptions): TermAlert[] {
  const until = options.now + options.horizonMs;
  const alerts: TermAlert[] = [];
  for (const clock of clocks) {
    const kinds: AlertKind[] = options.warnings ? ['warning', 'overdue'] : ['overdue'];
    for (const kind of kinds) {
      // Most running clocks are not due within the horizon: their alerts' labels and hashes are not made.
      const dueAt = kind === 'overdue' ? overdueAt(clock.deadline) : warningAt(clock.deadline, options.calendar);
      if (dueAt > until) continue;
      const alert = buildAlert(kind, clock, options.calendar);
      if (alertStands(alert, clock, Math.max(options.now, alert.dueAt))) alerts.push(alert);
    }
  }
  return alerts.sort((a, b) => a.dueAt - b.dueAt || (a.fingerprint < b.fingerprint ? -1 : 1));
}

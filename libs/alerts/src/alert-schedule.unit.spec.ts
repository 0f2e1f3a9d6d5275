import { addDays, createWorkingDayCalendar, deadlineOf, instantAtStartOfLocalDay } from '../../calendar/src';
import { validateEvent } from '../../events/src';
import { alertEndsAt, alertStands, buildAlert, overdueAt, planAlerts, warningAt, type TermClock } from './alert-schedule';
import { alertmanagerPayload } from './alertmanager-payload';
import { termijnOverschredenEventId } from './alert-ids';
import { termijnOverschredenEvent } from './termijn-overschreden-event';

const calendar = createWorkingDayCalendar();
const iso = (ms: number) => new Date(ms).toISOString();
const at = (s: string) => Date.parse(s);

function clock(deadline: string, from: string, to: string | null = null, termijn = 'triage'): TermClock {
  return { organisation: 'VTIJ', caseId: 'VTIJ-2024-0042', termijn, deadline, from: at(from), to: to === null ? null : at(to) };
}

describe('when a term passes (Europe/Amsterdam)', () => {
  it('is the first instant after the deadline day: a stop on the deadline day is still tijdig', () => {
    // A melding on Friday 1 March 2024: triage within 5 werkdagen ends on Friday 8 March.
    expect(deadlineOf('triage', '2024-03-01', calendar)).toBe('2024-03-08');
    expect(iso(overdueAt('2024-03-08'))).toBe('2024-03-08T23:00:00.000Z'); // Sat 9 March 00:00 CET
  });

  it('follows the DST changes: midnight is +01:00 before and +02:00 after', () => {
    // Summer time starts Sunday 31 March 2024 at 02:00.
    expect(iso(overdueAt('2024-03-30'))).toBe('2024-03-30T23:00:00.000Z'); // Sun 31 March 00:00 +01:00
    expect(iso(overdueAt('2024-03-31'))).toBe('2024-03-31T22:00:00.000Z'); // Mon 1 April 00:00 +02:00
    // Winter time starts Sunday 27 October 2024 at 03:00.
    expect(iso(overdueAt('2024-10-26'))).toBe('2024-10-26T22:00:00.000Z'); // Sun 27 Oct 00:00 +02:00
    expect(iso(overdueAt('2024-10-27'))).toBe('2024-10-27T23:00:00.000Z'); // Mon 28 Oct 00:00 +01:00
  });
});

describe('the warning one werkdag before', () => {
  it('goes out at the start of the last werkdag before the deadline', () => {
    expect(iso(warningAt('2024-03-08', calendar))).toBe('2024-03-06T23:00:00.000Z'); // Thu 7 March 00:00 CET
  });

  it('skips the weekend: a Monday deadline warns on the Friday', () => {
    expect(iso(warningAt('2024-03-11', calendar))).toBe('2024-03-07T23:00:00.000Z'); // Fri 8 March
    // eerste contact (10 dagen) can end on a Sunday: the Friday before too.
    expect(iso(warningAt('2024-03-10', calendar))).toBe('2024-03-07T23:00:00.000Z');
  });

  it('skips holidays: after Easter 2024 (Goede Vrijdag 29 March, Tweede Paasdag 1 April) it is Thursday 28 March', () => {
    expect(iso(warningAt('2024-04-02', calendar))).toBe('2024-03-27T23:00:00.000Z'); // Thu 28 March 00:00 CET
    expect(iso(overdueAt('2024-04-02'))).toBe('2024-04-02T22:00:00.000Z'); // Wed 3 April 00:00 CEST
  });

  it('starts on exactly the day the over-term cases list first shows the case ("within one werkdag")', () => {
    // The list's rule (IndicatorQueries.overTermijnCases): on local day d, deadline <= addWerkdagen(d, 1).
    const disagreements: string[] = [];
    let checked = 0;
    for (let deadline = '2024-01-01'; deadline <= '2024-12-31'; deadline = addDays(deadline, 1)) {
      const warn = warningAt(deadline, calendar);
      for (let d = addDays(deadline, -12); d <= deadline; d = addDays(d, 1)) {
        const listed = deadline <= calendar.addWerkdagen(d, 1);
        const warned = Date.parse(instantAtStartOfLocalDay(d)) >= warn;
        if (listed !== warned) disagreements.push(`deadline ${deadline}, day ${d}: listed ${listed}, warned ${warned}`);
        checked++;
      }
    }
    expect(disagreements).toEqual([]);
    expect(checked).toBe(366 * 13);
  });
});

describe('which alerts stand', () => {
  const now = at('2024-03-08T12:00:00+01:00');
  const day = 86_400_000;

  it('plans the overdue alert of a running clock, and its warning when warnings are wanted', () => {
    const plan = planAlerts([clock('2024-03-08', '2024-03-01T10:00:00+01:00')], { now, horizonMs: day, calendar, warnings: true });
    expect(plan.map((a) => [a.kind, iso(a.dueAt)])).toEqual([
      ['warning', '2024-03-06T23:00:00.000Z'],
      ['overdue', '2024-03-08T23:00:00.000Z'],
    ]);
    expect(planAlerts([clock('2024-03-08', '2024-03-01T10:00:00+01:00')], { now, horizonMs: day, calendar, warnings: false }).map((a) => a.kind)).toEqual(['overdue']);
  });

  it('plans nothing beyond the horizon', () => {
    const dueIn = overdueAt('2024-03-08') - now;
    const c = clock('2024-03-08', '2024-03-01T10:00:00+01:00');
    expect(planAlerts([c], { now, horizonMs: dueIn - 1, calendar, warnings: false })).toEqual([]);
    expect(planAlerts([c], { now, horizonMs: dueIn, calendar, warnings: false })).toHaveLength(1);
  });

  it('a stop on or before the deadline day cancels; a stop after it does not (the term did pass with the case open)', () => {
    const stoppedInTime = clock('2024-03-08', '2024-03-01T10:00:00+01:00', '2024-03-08T23:59:59+01:00');
    const stoppedLate = clock('2024-03-08', '2024-03-01T10:00:00+01:00', '2024-03-09T00:00:01+01:00');
    const later = at('2024-03-10T12:00:00+01:00');
    expect(planAlerts([stoppedInTime], { now: later, horizonMs: day, calendar, warnings: true })).toEqual([]);
    expect(planAlerts([stoppedLate], { now: later, horizonMs: day, calendar, warnings: true }).map((a) => a.kind)).toEqual(['overdue']);
  });

  it('a warning stands only while the clock runs and the term has not passed', () => {
    const running = clock('2024-03-08', '2024-03-01T10:00:00+01:00');
    const warning = buildAlert('warning', running, calendar);
    expect(alertStands(warning, running, now)).toBe(true);
    expect(alertStands(warning, running, overdueAt('2024-03-08'))).toBe(false);
    expect(alertStands(warning, { ...running, to: at('2024-03-08T09:00:00+01:00') }, now)).toBe(false);
  });

  it('an alert planned for an old deadline stands no more once the deadline moved (a corrected melding date)', () => {
    const alert = buildAlert('overdue', clock('2024-03-08', '2024-03-01T10:00:00+01:00'), calendar);
    expect(alertStands(alert, clock('2024-03-11', '2024-03-04T10:00:00+01:00'), now)).toBe(false);
    expect(alertStands(alert, null, now)).toBe(false);
  });
});

describe('when a delivered alert is resolved', () => {
  // Melding Friday 1 March 2024: triage deadline Friday 8 March, the term passes Saturday 9 March 00:00 CET.
  const running = clock('2024-03-08', '2024-03-01T10:00:00+01:00');
  const overdue = buildAlert('overdue', running, calendar);
  const warning = buildAlert('warning', running, calendar);
  const termPassed = overdueAt('2024-03-08');

  it('an overdue alert holds while the clock runs, and ends when triage is done late', () => {
    expect(alertEndsAt(overdue, running, at('2024-03-20T12:00:00+01:00'))).toBeNull();
    const doneLate = { ...running, to: at('2024-03-12T14:00:00+01:00') };
    expect(alertEndsAt(overdue, doneLate, at('2024-03-12T14:00:01+01:00'))).toBe(at('2024-03-12T14:00:00+01:00'));
    // A stop recorded ahead of its time (dated after now) does not end it yet.
    expect(alertEndsAt(overdue, doneLate, at('2024-03-12T13:00:00+01:00'))).toBeNull();
  });

  it('an overdue alert that went out before a stop dated on the deadline day arrived ends when it was due (it should not have fired)', () => {
    const stoppedInTime = { ...running, to: at('2024-03-08T16:00:00+01:00') };
    expect(alertEndsAt(overdue, stoppedInTime, at('2024-03-11T09:00:00+01:00'))).toBe(termPassed);
  });

  it('a warning ends when the clock stops before the term, or when the term passes (the overdue alert takes over)', () => {
    expect(alertEndsAt(warning, running, at('2024-03-08T12:00:00+01:00'))).toBeNull();
    expect(alertEndsAt(warning, running, termPassed - 1)).toBeNull();
    expect(alertEndsAt(warning, running, termPassed)).toBe(termPassed);
    expect(alertEndsAt(warning, running, at('2024-03-20T12:00:00+01:00'))).toBe(termPassed);
    const doneInTime = { ...running, to: at('2024-03-08T10:30:00+01:00') };
    expect(alertEndsAt(warning, doneInTime, at('2024-03-08T11:00:00+01:00'))).toBe(at('2024-03-08T10:30:00+01:00'));
  });

  it('never ends before the alert was due', () => {
    // The warning was due Thursday 7 March 00:00; a stop dated Wednesday that arrived Thursday.
    const stoppedEarlier = { ...running, to: at('2024-03-06T15:00:00+01:00') };
    expect(alertEndsAt(warning, stoppedEarlier, at('2024-03-07T09:00:00+01:00'))).toBe(warning.dueAt);
  });

  it('never ends after now: a warning whose deadline moved later, stopped before its new warning was due', () => {
    const moved = { ...running, deadline: '2024-03-15', to: at('2024-03-08T10:00:00+01:00') };
    const movedWarning = buildAlert('warning', moved, calendar); // due Thursday 14 March
    const now = at('2024-03-08T11:00:00+01:00');
    expect(alertEndsAt(movedWarning, moved, now)).toBe(now);
    // Its resolved message does not start after it ends.
    const [message] = alertmanagerPayload(movedWarning, { endsAt: now }).alerts;
    expect(Date.parse(message.startsAt)).toBeLessThanOrEqual(Date.parse(message.endsAt));
  });

  it('says nothing of a case that is gone (erased) or a clock whose deadline moved', () => {
    expect(alertEndsAt(overdue, null, at('2024-03-20T12:00:00+01:00'))).toBeNull();
    expect(alertEndsAt(overdue, { ...running, deadline: '2024-03-11', to: at('2024-03-12T10:00:00+01:00') }, at('2024-03-20T12:00:00+01:00'))).toBeNull();
  });

  it('the resolved message is the same alert (labels, fingerprint, startsAt) with status resolved and its endsAt', () => {
    const ended = at('2024-03-12T14:00:00+01:00');
    const firing = alertmanagerPayload(overdue);
    const resolved = alertmanagerPayload(overdue, { endsAt: ended });
    expect(resolved.status).toBe('resolved');
    expect(resolved.alerts).toEqual([{ ...firing.alerts[0], status: 'resolved', endsAt: '2024-03-12T13:00:00.000Z' }]);
  });
});

describe('ids, event and payload', () => {
  const c = clock('2024-03-31', '2024-03-21T10:00:00+01:00', null, 'eerste_contact');

  it('derives the event id from organisation, case and term only: every replica writes the same event', () => {
    const id = termijnOverschredenEventId('VTIJ', 'VTIJ-2024-0042', 'eerste_contact');
    expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(termijnOverschredenEventId('VTIJ', 'VTIJ-2024-0042', 'eerste_contact')).toBe(id);
    expect(termijnOverschredenEventId('VTIJ', 'VTIJ-2024-0042', 'triage')).not.toBe(id);
    expect(termijnOverschredenEventId('VTNOG', 'VTIJ-2024-0042', 'eerste_contact')).not.toBe(id);
    expect(buildAlert('overdue', c, calendar).eventId).toBe(id);
    expect(buildAlert('warning', c, calendar).eventId).toBeUndefined();
  });

  it('builds a valid TermijnOverschreden event dated when the term passed, in Amsterdam time', () => {
    const event = termijnOverschredenEvent(buildAlert('overdue', c, calendar));
    expect(event).toEqual({
      id: termijnOverschredenEventId('VTIJ', 'VTIJ-2024-0042', 'eerste_contact'),
      type: 'TermijnOverschreden',
      organisation: 'VTIJ',
      caseId: 'VTIJ-2024-0042',
      occurredAt: '2024-04-01T00:00:00+02:00',
      data: { termijn: 'eerste_contact', deadline: '2024-03-31' },
    });
    expect(validateEvent(event, 0).ok).toBe(true);
    expect(() => termijnOverschredenEvent(buildAlert('warning', c, calendar))).toThrow(/only an overdue alert/);
  });

  it('sends an Alertmanager webhook (v4) message whose labels hold the pseudonymous case id and categories only', () => {
    const overdue = buildAlert('overdue', c, calendar);
    const warning = buildAlert('warning', c, calendar);
    const payload = alertmanagerPayload(overdue);
    const labels = { alertname: 'TermijnOverschreden', organisation: 'VTIJ', termijn: 'eerste_contact', severity: 'critical', caseId: 'VTIJ-2024-0042' };
    // A group of its own per alert: receivers that key on groupKey keep one incident per case and term.
    expect(payload).toMatchObject({
      version: '4',
      status: 'firing',
      receiver: 'vt-monitor',
      groupLabels: labels,
      groupKey: '{}:{alertname="TermijnOverschreden", caseId="VTIJ-2024-0042", organisation="VTIJ", severity="critical", termijn="eerste_contact"}',
    });
    expect(alertmanagerPayload(overdue, { endsAt: Date.parse('2024-04-02T10:00:00Z') }).groupKey).toBe(payload.groupKey);
    expect(alertmanagerPayload(warning).groupKey).not.toBe(payload.groupKey);
    expect(alertmanagerPayload(buildAlert('overdue', { ...c, caseId: 'VTIJ-2024-0043' }, calendar)).groupKey).not.toBe(payload.groupKey);
    expect(payload.alerts).toEqual([
      {
        status: 'firing',
        labels: { alertname: 'TermijnOverschreden', organisation: 'VTIJ', termijn: 'eerste_contact', severity: 'critical', caseId: 'VTIJ-2024-0042' },
        annotations: { summary: 'Termijn eerste_contact overschreden (deadline 2024-03-31)', deadline: '2024-03-31' },
        startsAt: '2024-03-31T22:00:00.000Z',
        endsAt: '0001-01-01T00:00:00Z',
        generatorURL: '',
        fingerprint: overdue.fingerprint,
      },
    ]);
    expect(overdue.fingerprint).toMatch(/^[0-9a-f]{16}$/);
    expect(warning.fingerprint).not.toBe(overdue.fingerprint);
    expect(alertmanagerPayload(warning).alerts[0].labels).toEqual({ alertname: 'TermijnVerlooptBinnenkort', organisation: 'VTIJ', termijn: 'eerste_contact', severity: 'warning', caseId: 'VTIJ-2024-0042' });
  });
});

describe('planAlerts within the horizon', () => {
  it("plans a Monday deadline's warning on the Friday before while its overdue alert lies beyond the horizon", () => {
    // Deadline Monday 11 March 2024: the warning at Friday 8 March 00:00, the term passes at Tuesday 12 March 00:00.
    const c = clock('2024-03-11', '2024-03-04T10:00:00+01:00');
    const now = at('2024-03-07T12:00:00+01:00');
    const plan = planAlerts([c], { now, horizonMs: 2 * 86_400_000, calendar, warnings: true });
    expect(plan.map((a) => [a.kind, iso(a.dueAt)])).toEqual([['warning', '2024-03-07T23:00:00.000Z']]);
    // Without warnings nothing is due by then.
    expect(planAlerts([c], { now, horizonMs: 2 * 86_400_000, calendar, warnings: false })).toEqual([]);
  });
});

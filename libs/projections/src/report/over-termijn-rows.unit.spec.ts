import { addDays, createWorkingDayCalendar, instantAtStartOfLocalDay, type LocalDate } from '../../../calendar/src';
import { warningAt } from '../../../alerts/src/alert-schedule';
import type { Dims, Span } from '../case-fold/derived';
import { overTermijnRows } from './over-termijn-rows';

const calendar = createWorkingDayCalendar();
const ms = (iso: string) => Date.parse(iso);
const span = (kind: Span['kind'], caseId: string, enteredAt: string, dims: Dims, deadline: LocalDate | null = null): Span => ({
  kind,
  caseId,
  from: ms(enteredAt),
  to: null,
  enteredAt: ms(enteredAt),
  deadline,
  dims,
  contacts: [],
});
const triageClock = (caseId: string, deadline: LocalDate, enteredAt = '2024-09-20T10:00:00+02:00') => span('klok', caseId, enteredAt, { termijn: 'triage' }, deadline);

describe('overTermijnRows', () => {
  // Monday 30 September 2024, noon in Amsterdam.
  const now = '2024-09-30T12:00:00+02:00';

  it('lists a clock past its deadline, and one due on the next werkdag, with the fase the case waits in', () => {
    const spans = [
      triageClock('K-1', '2024-09-27'),
      span('wacht', 'K-1', '2024-09-20T10:00:00+02:00', { fase: 'triage' }),
      triageClock('K-2', '2024-10-01', '2024-09-24T09:00:00+02:00'),
      span('wacht', 'K-2', '2024-09-24T09:00:00+02:00', { fase: 'triage' }),
    ];
    expect(overTermijnRows(spans, now, calendar)).toEqual([
      { caseId: 'K-1', fase: 'triage', termijn: 'triage', deadline: '2024-09-27', overTermijn: true, dagenWachtend: 10 },
      { caseId: 'K-2', fase: 'triage', termijn: 'triage', deadline: '2024-10-01', overTermijn: false, dagenWachtend: 6 },
    ]);
  });

  it('leaves out a clock due in two werkdagen, and counts the deadline day itself as not yet over', () => {
    expect(overTermijnRows([triageClock('K-3', '2024-10-02')], now, calendar)).toEqual([]);
    expect(overTermijnRows([triageClock('K-4', '2024-09-30')], now, calendar)).toMatchObject([{ caseId: 'K-4', overTermijn: false }]);
  });

  it('takes only the legal clock of a dienst (from the triagebesluit), and no wait or dienst span by itself', () => {
    const spans = [
      span('klok', 'K-5', '2024-07-01T10:00:00+02:00', { termijn: 'onderzoek', klok: 'vanaf_melding' }, '2024-09-09'),
      span('klok', 'K-5', '2024-07-03T10:00:00+02:00', { termijn: 'onderzoek', klok: 'vanaf_start' }, '2024-09-11'),
      span('dienst', 'K-5', '2024-07-03T10:00:00+02:00', { dienst: 'onderzoek' }),
      span('wacht', 'K-6', '2024-09-01T10:00:00+02:00', { fase: 'dienst' }),
    ];
    expect(overTermijnRows(spans, now, calendar)).toEqual([]);
    const legal = span('klok', 'K-5', '2024-07-02T10:00:00+02:00', { termijn: 'onderzoek', klok: 'vanaf_triage' }, '2024-09-10');
    // No wait: its dienst runs. The days count from when its clock started.
    expect(overTermijnRows([...spans, legal], now, calendar)).toEqual([
      { caseId: 'K-5', fase: 'in_behandeling', termijn: 'onderzoek', deadline: '2024-09-10', overTermijn: true, dagenWachtend: 90 },
    ]);
  });

  it('counts the days of a clock that started before the fase the case is in now from the clock', () => {
    // Melding Friday 20 September; sent to a dienst today: the veiligheidsbeoordeling runs since the melding.
    const spans = [
      span('klok', 'K-11', '2024-09-20T10:00:00+02:00', { termijn: 'veiligheidsbeoordeling' }, '2024-09-27'),
      span('wacht', 'K-11', '2024-09-30T09:00:00+02:00', { fase: 'dienst', dienst: 'onderzoek' }),
    ];
    expect(overTermijnRows(spans, now, calendar)).toEqual([
      { caseId: 'K-11', fase: 'dienst', termijn: 'veiligheidsbeoordeling', deadline: '2024-09-27', overTermijn: true, dagenWachtend: 10 },
    ]);
  });

  it('puts the earliest deadline first, then the case id, then the term', () => {
    const spans = [
      span('klok', 'K-9', '2024-09-20T10:00:00+02:00', { termijn: 'veiligheidsbeoordeling' }, '2024-09-27'),
      triageClock('K-9', '2024-09-27'),
      triageClock('K-8', '2024-09-27'),
      triageClock('K-7', '2024-09-30'),
    ];
    expect(overTermijnRows(spans, now, calendar).map((r) => `${r.caseId}/${r.termijn}`)).toEqual(['K-8/triage', 'K-9/triage', 'K-9/veiligheidsbeoordeling', 'K-7/triage']);
  });

  it('counts days waiting by the Amsterdam date across a change to winter time', () => {
    // Entered late on Saturday 26 October (summer time), listed on Monday 28 October (winter time): 2 days.
    const spans = [triageClock('K-10', '2024-10-28', '2024-10-26T23:30:00+02:00'), span('wacht', 'K-10', '2024-10-26T23:30:00+02:00', { fase: 'triage' })];
    expect(overTermijnRows(spans, '2024-10-28T00:30:00+01:00', calendar)).toMatchObject([{ dagenWachtend: 2 }]);
  });

  // The list and the term alert's warning say the same thing: a case is "within one werkdag" of its
  // term from the moment the warning goes out (the start of the last werkdag before the deadline).
  it('lists a case exactly from the instant its warning alert is due, for every deadline of 2024–2026', () => {
    let checked = 0;
    for (let deadline: LocalDate = '2024-01-01'; deadline <= '2026-12-31'; deadline = addDays(deadline, 1)) {
      const due = warningAt(deadline, calendar);
      const listedAt = (t: number) => overTermijnRows([triageClock('K', deadline, '2023-12-01T10:00:00+01:00')], new Date(t).toISOString(), calendar).length === 1;
      expect([deadline, listedAt(due - 1), listedAt(due)]).toEqual([deadline, false, true]);
      // …and stays listed through the deadline and after it, at the start and the end of each day.
      for (let day = instantAtStartOfLocalDay(addDays(deadline, -1)), i = 0; i < 4; i++, day = instantAtStartOfLocalDay(addDays(day.slice(0, 10), 1))) {
        if (ms(day) >= due) expect([deadline, day, listedAt(ms(day)), listedAt(ms(day) + 86_399_000)]).toEqual([deadline, day, true, true]);
      }
      checked++;
    }
    expect(checked).toBe(1096);
  });
});

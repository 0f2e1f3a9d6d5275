import { createWorkingDayCalendar } from './holidays';
import { localDateOf } from './local-date';
import { TERMIJNEN } from '../../events/src/enumerations';
import { DEFAULT_TERMS, deadlineOf, DIENST_TERM_KEYS, isDienstTerm, isTijdig, KLOK_START_EVENT, KLOKKEN, resolveTerms, TERM_KEYS } from './terms';

const calendar = createWorkingDayCalendar();

describe('term definitions', () => {
  it('has the defaults of indicators.md: lengths, units and norms', () => {
    expect(TERM_KEYS).toEqual(['veiligheidsbeoordeling', 'triage', 'eerste_contact', 'voorwaarden_en_vervolg', 'onderzoek']);
    const summary = Object.fromEntries(TERM_KEYS.map((k) => [k, `${DEFAULT_TERMS[k].length} ${DEFAULT_TERMS[k].unit} ${DEFAULT_TERMS[k].normPct}%`]));
    expect(summary).toEqual({
      veiligheidsbeoordeling: '5 werkdagen 90%',
      triage: '5 werkdagen 90%',
      eerste_contact: '10 dagen 80%',
      voorwaarden_en_vervolg: '10 weken 80%',
      onderzoek: '10 weken 80%',
    });
  });

  it('has the three dienst clocks and their start events', () => {
    expect(KLOKKEN).toEqual(['vanaf_start', 'vanaf_triage', 'vanaf_melding']);
    expect(KLOK_START_EVENT).toEqual({ vanaf_start: 'DienstGestart', vanaf_triage: 'TriagebesluitGenomen', vanaf_melding: 'MeldingOntvangen' });
    expect(DIENST_TERM_KEYS.map((k) => DEFAULT_TERMS[k].stopEvent)).toEqual(['DienstAfgerond', 'DienstAfgerond']);
    expect(TERM_KEYS.filter(isDienstTerm)).toEqual(DIENST_TERM_KEYS);
    expect(isDienstTerm('triage')).toBe(false);
  });

  it('has the termijnen of the event catalogue (TermijnOverschreden.termijn), in its order', () => {
    expect(TERM_KEYS).toEqual(TERMIJNEN);
  });

  it('applies an organisation’s overrides of length, unit and norm, keeping the rest', () => {
    const terms = resolveTerms({ triage: { unit: 'dagen' }, onderzoek: { normPct: 85, length: 8 } });
    expect(terms.triage).toMatchObject({ length: 5, unit: 'dagen', normPct: 90 });
    expect(terms.onderzoek).toMatchObject({ length: 8, unit: 'weken', normPct: 85 });
    expect(terms.veiligheidsbeoordeling).toEqual(DEFAULT_TERMS.veiligheidsbeoordeling);
    expect(resolveTerms()).toEqual(DEFAULT_TERMS);
  });

  it('rejects an unknown term, a bad length, unit or norm', () => {
    expect(() => resolveTerms({ wachttijd: {} } as never)).toThrow(/Unknown term "wachttijd"/);
    expect(() => resolveTerms({ triage: { length: -1 } })).toThrow(/Invalid length for term "triage"/);
    expect(() => resolveTerms({ triage: { unit: 'uren' as never } })).toThrow(/Invalid unit/);
    expect(() => resolveTerms({ triage: { normPct: 120 } })).toThrow(/Invalid normPct/);
  });
});

describe('deadlineOf', () => {
  it('gives 5 werkdagen for the triage term of a melding received on the Thursday before Easter', () => {
    expect(deadlineOf('triage', '2024-03-28', calendar)).toBe('2024-04-08');
  });

  it('starts the clock on the local date of a melding received at 23:30 on the night DST starts', () => {
    // Sat 30 Mar 2024 (day 0); Sun 31, Mon 1 Apr Tweede Paasdag; Tue 2 … Fri 5, Mon 8.
    const start = localDateOf('2024-03-30T23:30:00+01:00');
    expect(deadlineOf('veiligheidsbeoordeling', start, calendar)).toBe('2024-04-08');
  });

  it('starts the clock on the local date of a melding received at 23:30 on the night DST ends', () => {
    // Sat 26 Oct 2024 (day 0); Mon 28 … Fri 1 Nov.
    const start = localDateOf('2024-10-26T23:30:00+02:00');
    expect(deadlineOf('triage', start, calendar)).toBe('2024-11-01');
  });

  it('starts the clock on the next local day for a UTC timestamp that is already that day', () => {
    // 2024-12-31T23:30Z is Wed 1 Jan 2025 00:30 CET, Nieuwjaarsdag (day 0); Thu 2, Fri 3, Mon 6, Tue 7, Wed 8.
    const start = localDateOf('2024-12-31T23:30:00Z');
    expect(start).toBe('2025-01-01');
    expect(deadlineOf('triage', start, calendar)).toBe('2025-01-08');
  });

  it('gives 10 dagen as calendar days, holidays included', () => {
    expect(deadlineOf('eerste_contact', '2024-12-24', calendar)).toBe('2025-01-03');
  });

  it('gives 10 weken as 70 calendar days across the autumn DST change', () => {
    expect(deadlineOf('onderzoek', '2024-10-01', calendar)).toBe('2024-12-10');
  });

  it('gives 10 weken as 70 calendar days across the spring DST change, whatever day it ends on', () => {
    expect(deadlineOf('voorwaarden_en_vervolg', '2024-03-01', calendar)).toBe('2024-05-10'); // a decree day
  });

  it('uses an organisation’s overrides and resolved definitions', () => {
    expect(deadlineOf('triage', '2024-03-28', calendar, { triage: { unit: 'dagen' } })).toBe('2024-04-02');
    expect(deadlineOf(resolveTerms({ onderzoek: { length: 8 } }).onderzoek, '2024-10-01', calendar)).toBe('2024-11-26');
  });

  it('uses a configured decree day for werkdagen terms', () => {
    // Wed 9 May 2029 (day 0); Thu 10 Hemelvaartsdag; Fri 11 configured; Mon 14 … Fri 18.
    const configured = createWorkingDayCalendar({ extraDecreeDays: ['2029-05-11'] });
    expect(deadlineOf('triage', '2029-05-09', calendar)).toBe('2029-05-17');
    expect(deadlineOf('triage', '2029-05-09', configured)).toBe('2029-05-18');
  });
});

describe('isTijdig', () => {
  it('is tijdig on the deadline day itself and not the day after', () => {
    const deadline = deadlineOf('triage', '2024-03-28', calendar); // 2024-04-08
    expect(isTijdig('2024-04-07', deadline)).toBe(true);
    expect(isTijdig(deadline, deadline)).toBe(true);
    expect(isTijdig('2024-04-09', deadline)).toBe(false);
  });

  it('judges a stop late in the evening of the deadline by its local date', () => {
    // 2024-04-08T21:59:59Z is 23:59:59 CEST on the deadline; one second on is the next local day.
    expect(isTijdig(localDateOf('2024-04-08T21:59:59Z'), '2024-04-08')).toBe(true);
    expect(isTijdig(localDateOf('2024-04-08T22:00:00Z'), '2024-04-08')).toBe(false);
  });
});

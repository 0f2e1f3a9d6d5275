import { createWorkingDayCalendar, DEFAULT_TERMS } from '../../../calendar/src';
import type { Fact, Span } from './derived';
import { clockId, TermClocks } from './term-clocks';

const ms = (iso: string) => Date.parse(iso);

function clocksWithOutput() {
  const spans: Span[] = [];
  const facts: Fact[] = [];
  const clocks = new TermClocks(DEFAULT_TERMS, createWorkingDayCalendar(), {
    openSpan: (kind, at, dims, deadline) => {
      const span: Span = { kind, caseId: 'C-1', from: at, to: null, enteredAt: at, deadline, dims, contacts: [] };
      spans.push(span);
      return span;
    },
    fact: (key, date, dims, extra) => void facts.push({ key, date, dims, ...extra }),
  });
  return { clocks, spans, facts };
}

describe('TermClocks', () => {
  it('runs a clock as a span until its first stop, which counts once with its days and whether it was in time', () => {
    const { clocks, spans, facts } = clocksWithOutput();
    // Triage: 5 werkdagen from Monday 3 June 2024: Monday 10 June.
    clocks.start('triage', undefined, ms('2024-06-03T10:00:00+02:00'), '2024-06-03');
    expect(spans).toMatchObject([{ kind: 'klok', dims: { termijn: 'triage' }, deadline: '2024-06-10', to: null }]);
    clocks.stop('triage', ms('2024-06-11T09:00:00+02:00'), '2024-06-11');
    clocks.stop('triage', ms('2024-06-12T09:00:00+02:00'), '2024-06-12');
    expect(spans[0].to).toBe(ms('2024-06-11T09:00:00+02:00'));
    expect(facts).toEqual([{ key: 'klokstop', date: '2024-06-11', dims: { termijn: 'triage' }, tijdig: false, days: 8 }]);
    // Stopped: it does not start again.
    clocks.start('triage', undefined, ms('2024-06-12T10:00:00+02:00'), '2024-06-12');
    expect(spans).toHaveLength(1);
  });

  it('after the closure ends the spans, still counts a stop registered later', () => {
    const { clocks, spans, facts } = clocksWithOutput();
    clocks.start('eerste_contact', undefined, ms('2024-06-03T10:00:00+02:00'), '2024-06-03');
    clocks.close(ms('2024-06-04T10:00:00+02:00'));
    expect(spans[0].to).toBe(ms('2024-06-04T10:00:00+02:00'));
    expect(clocks.unstopped('eerste_contact')).toMatchObject({ termijn: 'eerste_contact' });
    clocks.stop('eerste_contact', ms('2024-06-05T10:00:00+02:00'), '2024-06-05');
    expect(spans[0].to).toBe(ms('2024-06-04T10:00:00+02:00'));
    expect(facts).toMatchObject([{ key: 'klokstop', date: '2024-06-05', days: 2 }]);
    // A clock started on a closed case runs for its stop alone: no span.
    clocks.start('veiligheidsbeoordeling', undefined, ms('2024-06-06T10:00:00+02:00'), '2024-06-06');
    expect(spans).toHaveLength(1);
  });

  it('drops the unstarted clocks of a dienst no longer waited for, remembers the lapse, and brings them back when it starts after all', () => {
    const { clocks, spans } = clocksWithOutput();
    const at = ms('2024-06-03T10:00:00+02:00');
    clocks.start('onderzoek', 'vanaf_triage', at, '2024-06-03');
    clocks.start('onderzoek', 'vanaf_start', at, '2024-06-03');
    const id = clockId('onderzoek', 'vanaf_triage');
    const deadline = clocks.unstopped(id)!.deadline;
    // Sent to another dienst: the triage clock of onderzoek ends without a stop; vanaf_start is kept.
    clocks.dropUnstarted(ms('2024-06-10T10:00:00+02:00'), '2024-06-10', 'voorwaarden_en_vervolg', new Set());
    expect(clocks.unstopped(id)).toBeUndefined();
    expect(clocks.unstopped(clockId('onderzoek', 'vanaf_start'))).toBeDefined();
    expect(clocks.lapsedBy(id, deadline)).toBe(true);
    expect(spans[0].to).toBe(ms('2024-06-10T10:00:00+02:00'));
    // Onderzoek starts after all: the clock runs again with its own deadline, and is no lapse.
    expect(clocks.restoreDropped('onderzoek', ms('2024-06-12T10:00:00+02:00'))).toBe(true);
    expect(clocks.unstopped(id)).toMatchObject({ deadline });
    expect(clocks.lapsedBy(id, deadline)).toBe(false);
    expect(spans).toHaveLength(3);
    expect(clocks.restoreDropped('onderzoek', ms('2024-06-13T10:00:00+02:00'))).toBe(false);
  });

  it('keeps the clocks of a dienst that is under way', () => {
    const { clocks } = clocksWithOutput();
    clocks.start('onderzoek', 'vanaf_triage', ms('2024-06-03T10:00:00+02:00'), '2024-06-03');
    clocks.dropUnstarted(ms('2024-06-10T10:00:00+02:00'), '2024-06-10', undefined, new Set(['onderzoek']));
    expect(clocks.unstopped(clockId('onderzoek', 'vanaf_triage'))).toBeDefined();
  });
});

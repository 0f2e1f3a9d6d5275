import { buildFlowRows, createProjectionConfig, foldCase, type CaseEvent } from '../../projections/src';
import { decodeFact, decodeSpan, foldCaseRow, groupStoredFacts } from './case-row-codec';

// How a case's fold is stored (rm_cases, rm_case_facts) and read back: the reports see exactly the
// facts and spans the pure fold derived, and the ranges they are found by cover them.

const config = createProjectionConfig();
let seq = 0;
const ev = (type: string, occurredAt: string, data: Record<string, unknown> = {}, recordedAt = '2024-06-01T12:00:00.000Z'): CaseEvent => ({
  id: `00000000-0000-4000-8000-${String(++seq).padStart(12, '0')}`,
  type,
  organisation: 'VTIJ',
  caseId: 'K-1',
  occurredAt,
  recordedAt,
  data,
});
const melding = ev('MeldingOntvangen', '2024-03-28T10:00:00+01:00', { gemeente: 'GM0150', melder: { soort: 'beroepsmatig', groep: 'medisch' }, aard: ['partnergeweld'], crisis: false });
const triage = ev('TriagebesluitGenomen', '2024-04-08T16:00:00+02:00', { besluit: 'vervolgstappen_veilig_thuis', dienst: 'onderzoek' });
const contact = ev('ContactTijdensWachten', '2024-04-10T09:00:00+02:00');

describe('a case as the read models store it', () => {
  it('keeps every fact, by month, and every span, with its contacts, as the fold derived them', () => {
    const events = [melding, triage, contact];
    const derived = foldCase(events, config);
    const { row, months } = foldCaseRow('VTIJ:K-1', events, config);
    expect(months.map((m) => m.month)).toEqual(['2024-03-01', '2024-04-01']);
    expect(months.flatMap((m) => m.facts.map((f) => decodeFact(f)))).toEqual(derived.facts);
    expect(months.every((m) => m.facts.every((f) => f[1].startsWith(m.month.slice(0, 7))))).toBe(true);
    expect(row.spans.map((s) => decodeSpan(s, row.case_id, row.contacts))).toEqual(derived.spans);
    expect(row.contacts).toEqual([Date.parse(contact.occurredAt)]);
    expect(row.gemeente).toBe('GM0150');
    // Spans from the melding; a wait and the onderzoek clock still run.
    expect(row.spans_from).toBe('2024-03-28T09:00:00.000Z');
    expect(row.open_until).toBe('infinity');
    // The latest legal deadline: onderzoek (10 weeks from the triage on 8 April), not vanaf_melding.
    expect(row.deadline_max).toBe('2024-06-17');
  });

  it('bounds the spans by the closure, and keeps when the closure was recorded', () => {
    const closure = ev('ZaakAfgesloten', '2024-04-12T09:00:00+02:00', { reden: 'afgerond' }, '2024-04-15T08:00:00.000Z');
    const { row } = foldCaseRow('VTIJ:K-1', [closure, melding, triage], config);
    expect(row.open_until).toBe('2024-04-12T07:00:00.000Z');
    expect(row.closed_at).toBe('2024-04-12T07:00:00.000Z');
    expect(row.closed_recorded_at).toBe('2024-04-15T08:00:00.000Z');
    expect(row.first_at).toBe('2024-03-28T09:00:00.000Z');
  });

  it('lists the oddities, and a case without a melding has no spans to find', () => {
    const lone = ev('DienstAfgerond', '2024-05-02T09:00:00+02:00', { dienst: 'onderzoek' });
    const { row, issues } = foldCaseRow('VTIJ:K-1', [lone], config);
    expect(issues.map((i) => i.kind).sort()).toEqual(['dienst_afgerond_zonder_start', 'event_zonder_melding']);
    expect(row.spans).toEqual([]);
    expect(row.spans_from).toBeNull();
    expect(row.open_until).toBeNull();
    expect(row.deadline_max).toBeNull();
    expect(row.gemeente).toBe('onbekend');
  });
});

describe('stored facts as a report reads them', () => {
  it('groups equal facts of a period with a weight, giving the rows of the facts one by one', () => {
    // Twelve cases: melded on the same days in pairs, half with the triage in time.
    const cases = Array.from({ length: 12 }, (_, i) => {
      const day = String(2 + (i % 6)).padStart(2, '0');
      const caseEvents = [
        { ...melding, id: `m-${i}`, caseId: `K-${i}`, occurredAt: `2024-04-${day}T10:00:00+02:00` },
        { ...triage, id: `t-${i}`, caseId: `K-${i}`, occurredAt: `2024-04-${String(8 + (i % 2) * 9).padStart(2, '0')}T16:00:00+02:00` },
      ];
      return foldCaseRow(`VTIJ:K-${i}`, caseEvents, config);
    });
    const rows = cases.flatMap((c) => c.months);
    const oneByOne = rows.flatMap((r) => r.facts.filter((f) => f[1] >= '2024-04-01' && f[1] <= '2024-04-30').map((f) => decodeFact(f)));
    const grouped = groupStoredFacts(rows, '2024-04-01', '2024-04-30');
    expect(grouped.length).toBeLessThan(oneByOne.length);
    expect(grouped.reduce((n, f) => n + (f.weight ?? 1), 0)).toBe(oneByOne.length);
    for (const by of [undefined, ['gemeente'], ['termijn']]) expect(buildFlowRows(grouped, { by })).toEqual(buildFlowRows(oneByOne, { by }));
    // Facts outside the period are left out.
    expect(groupStoredFacts(rows, '2024-04-10', '2024-04-30').every((f) => f.date >= '2024-04-10')).toBe(true);
  });
});

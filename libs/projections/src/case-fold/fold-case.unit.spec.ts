import { createProjectionConfig } from '../config/projection-config';
import { buildFlowRows } from '../report/flow-rows';
import { buildStockRows, openAt } from '../report/stock-rows';
import type { CaseEvent } from './case-event';
import type { CaseDerivation, Fact, Span } from './derived';
import { foldCase } from './fold-case';

// Hand-worked derivations of single cases (spec/indicators.md, spec/events.md).
// Calendar facts used below:
//  - Easter 2024 is Sunday 31 March: Goede Vrijdag Fri 29 Mar, Tweede Paasdag Mon 1 Apr.
//  - Summer time 2024 runs from Sun 31 Mar to Sun 27 Oct (03:00 CEST → 02:00 CET).
//  - 1 January is Nieuwjaarsdag; 2025-01-02 is not a decree day (2026-01-02 is).

const config = createProjectionConfig();
const ORG = 'VTIJ';
const GEMEENTE = 'GM0150'; // Deventer

let seq = 0;
const uuid = () => `00000000-0000-4000-8000-${String(++seq).padStart(12, '0')}`;

function ev(type: string, occurredAt: string, data: Record<string, any> = {}, caseId = 'Z-1'): CaseEvent {
  return { id: uuid(), type, organisation: ORG, caseId, occurredAt, recordedAt: '2025-06-01T12:00:00Z', data };
}

const melder = { soort: 'beroepsmatig', groep: 'medisch' };
const melding = (at: string, extra: Record<string, any> = {}) =>
  ev('MeldingOntvangen', at, { gemeente: GEMEENTE, melder, aard: ['partnergeweld'], crisis: false, ...extra });
const triage = (at: string, besluit: string, dienst?: string) => ev('TriagebesluitGenomen', at, dienst ? { besluit, dienst } : { besluit });
const gestart = (at: string, dienst: string) => ev('DienstGestart', at, { dienst });
const afgerond = (at: string, dienst: string) => ev('DienstAfgerond', at, { dienst });
const retract = (target: CaseEvent | string, at: string) =>
  ev('RegistratieIngetrokken', at, { eventId: typeof target === 'string' ? target : target.id, reden: 'registratiefout' });

const fold = (events: CaseEvent[]) => foldCase(events, config);
const factsOf = (d: CaseDerivation, key: string) => d.facts.filter((f) => f.key === key);
const matches = (dims: Record<string, unknown>, want: Record<string, unknown>) => Object.entries(want).every(([k, v]) => dims[k] === v);
const stopsOf = (d: CaseDerivation, termijn: string, klok?: string) =>
  d.facts.filter((f) => f.key === 'klokstop' && f.dims.termijn === termijn && (klok === undefined || f.dims.klok === klok));
const spansOf = (d: CaseDerivation, kind: Span['kind'], want: Record<string, unknown> = {}) => d.spans.filter((s) => s.kind === kind && matches(s.dims, want));
const ms = (iso: string) => Date.parse(iso);

/** Facts and spans in a fixed order, so that two derivations can be compared with toEqual. */
function normalise(d: CaseDerivation) {
  const str = (x: unknown) => JSON.stringify(x);
  return {
    ...d,
    facts: [...d.facts].sort((a: Fact, b: Fact) => (str(a) < str(b) ? -1 : str(a) > str(b) ? 1 : 0)),
    spans: [...d.spans].sort((a: Span, b: Span) => (str(a) < str(b) ? -1 : str(a) > str(b) ? 1 : 0)),
    issues: [...d.issues].sort((a, b) => (str(a) < str(b) ? -1 : str(a) > str(b) ? 1 : 0)),
  };
}

/** A deterministic shuffle (mulberry32), so a failure can be reproduced. */
function shuffled<T>(items: readonly T[], seed: number): T[] {
  let s = seed >>> 0;
  const rnd = () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const out = [...items];
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(rnd() * (i + 1));
    [out[i], out[j]] = [out[j], out[i]];
  }
  return out;
}

function permutations<T>(items: readonly T[]): T[][] {
  if (items.length <= 1) return [[...items]];
  return items.flatMap((x, i) => permutations([...items.slice(0, i), ...items.slice(i + 1)]).map((rest) => [x, ...rest]));
}

describe('foldCase: the triage term (5 werkdagen)', () => {
  // Melding on Thursday 2024-03-28 (still CET, +01:00). Day 0 = 28 Mar. Werkdagen after it:
  //   Fri 29 Mar Goede Vrijdag ✗, Sat 30 ✗, Sun 31 ✗, Mon 1 Apr Tweede Paasdag ✗,
  //   Tue 2 Apr (1), Wed 3 (2), Thu 4 (3), Fri 5 (4), Sat 6 ✗, Sun 7 ✗, Mon 8 Apr (5)  → deadline 2024-04-08.
  const m = () => melding('2024-03-28T10:00:00+01:00');

  it('sets the deadline 2024-04-08 on the triage wait and on the triage and veiligheidsbeoordeling clocks', () => {
    const d = fold([m()]);
    expect(spansOf(d, 'wacht', { fase: 'triage' }).map((s) => s.deadline)).toEqual(['2024-04-08']);
    expect(spansOf(d, 'klok', { termijn: 'triage' }).map((s) => s.deadline)).toEqual(['2024-04-08']);
    expect(spansOf(d, 'klok', { termijn: 'veiligheidsbeoordeling' }).map((s) => s.deadline)).toEqual(['2024-04-08']);
  });

  it('counts a triagebesluit ON the deadline as tijdig (11 calendar days: 3 to 31 Mar + 8 in April)', () => {
    const d = fold([m(), triage('2024-04-08T16:30:00+02:00', 'geen_vervolgstappen')]);
    expect(stopsOf(d, 'triage')).toEqual([{ key: 'klokstop', date: '2024-04-08', dims: { termijn: 'triage', gemeente: GEMEENTE }, tijdig: true, days: 11 }]);
  });

  it('counts a triagebesluit the next day (2024-04-09, 12 days) as not tijdig', () => {
    const d = fold([m(), triage('2024-04-09T08:00:00+02:00', 'geen_vervolgstappen')]);
    expect(stopsOf(d, 'triage')).toEqual([{ key: 'klokstop', date: '2024-04-09', dims: { termijn: 'triage', gemeente: GEMEENTE }, tijdig: false, days: 12 }]);
  });

  it('does not count day 0, even when it is a werkdag', () => {
    // Monday 2024-06-03 (no holidays in June 2024: Tweede Pinksterdag was 20 May).
    // Tue 4 (1), Wed 5 (2), Thu 6 (3), Fri 7 (4), Mon 10 (5) → 2024-06-10, not 2024-06-07.
    expect(spansOf(fold([melding('2024-06-03T09:00:00+02:00')]), 'wacht')[0].deadline).toBe('2024-06-10');
    // Saturday 2024-06-08: Mon 10 (1), Tue 11 (2), Wed 12 (3), Thu 13 (4), Fri 14 (5) → 2024-06-14.
    expect(spansOf(fold([melding('2024-06-08T09:00:00+02:00')]), 'wacht')[0].deadline).toBe('2024-06-14');
  });
});

describe('foldCase: the eerste_contact term (10 calendar days)', () => {
  // 2024-03-28 + 10 calendar days = 2024-04-07 (a Sunday: calendar days ignore werkdagen).
  const m = () => melding('2024-03-28T10:00:00+01:00');

  it('has deadline 2024-04-07; a contact on it is tijdig after 10 days, the next day is not', () => {
    expect(spansOf(fold([m()]), 'klok', { termijn: 'eerste_contact' })[0].deadline).toBe('2024-04-07');
    const onTime = fold([m(), ev('EersteContactGelegd', '2024-04-07T20:00:00+02:00')]);
    expect(stopsOf(onTime, 'eerste_contact')).toMatchObject([{ date: '2024-04-07', tijdig: true, days: 10 }]);
    const late = fold([m(), ev('EersteContactGelegd', '2024-04-08T07:00:00+02:00')]);
    expect(stopsOf(late, 'eerste_contact')).toMatchObject([{ date: '2024-04-08', tijdig: false, days: 11 }]);
    expect(factsOf(late, 'eerste_contacten')).toHaveLength(1);
  });
});

describe('foldCase: the three clocks of a dienst (10 weken = 70 days)', () => {
  // melding 2024-03-28, triage → onderzoek 2024-04-05, DienstGestart 2024-05-13, DienstAfgerond 2024-07-01.
  //  vanaf_melding: 28 Mar + 70 = (3 → 31 Mar) + 30 (→ 30 Apr, 33) + 31 (→ 31 May, 64) + 6 = 2024-06-06.
  //                 days 28 Mar → 1 Jul = 70 + (6 Jun → 1 Jul = 25) = 95; not tijdig.
  //  vanaf_triage:  5 Apr + 70 = (25 → 30 Apr) + 31 (→ 31 May, 56) + 14 = 2024-06-14.
  //                 days 5 Apr → 1 Jul = 70 + (14 Jun → 1 Jul = 17) = 87; not tijdig.
  //  vanaf_start:   13 May + 70 = (18 → 31 May) + 30 (→ 30 Jun, 48) + 22 = 2024-07-22.
  //                 days 13 May → 1 Jul = 18 + 30 + 1 = 49; tijdig.
  const history = () => [
    melding('2024-03-28T10:00:00+01:00'),
    triage('2024-04-05T11:00:00+02:00', 'vervolgstappen_veilig_thuis', 'onderzoek'),
    gestart('2024-05-13T09:00:00+02:00', 'onderzoek'),
    afgerond('2024-07-01T15:00:00+02:00', 'onderzoek'),
  ];

  it('starts each clock at its own event and computes deadline = start + 70 days', () => {
    const d = fold(history());
    const clock = (klok: string) => spansOf(d, 'klok', { termijn: 'onderzoek', klok })[0];
    // vanaf_melding counts from the melding (deadline melding + 70 days), but its span runs from the
    // triagebesluit: only then is it known that the case has this dienst clock at all.
    expect(clock('vanaf_melding')).toMatchObject({ from: ms('2024-04-05T11:00:00+02:00'), deadline: '2024-06-06' });
    expect(clock('vanaf_triage')).toMatchObject({ from: ms('2024-04-05T11:00:00+02:00'), deadline: '2024-06-14' });
    expect(clock('vanaf_start')).toMatchObject({ from: ms('2024-05-13T09:00:00+02:00'), deadline: '2024-07-22' });
    for (const klok of ['vanaf_melding', 'vanaf_triage', 'vanaf_start']) expect(clock(klok).to).toBe(ms('2024-07-01T15:00:00+02:00'));
  });

  it('stops the three clocks at DienstAfgerond with calendar days start → stop', () => {
    const d = fold(history());
    const stop = (klok: string) => stopsOf(d, 'onderzoek', klok).map((f) => ({ date: f.date, tijdig: f.tijdig, days: f.days }));
    expect(stop('vanaf_melding')).toEqual([{ date: '2024-07-01', tijdig: false, days: 95 }]);
    expect(stop('vanaf_triage')).toEqual([{ date: '2024-07-01', tijdig: false, days: 87 }]);
    expect(stop('vanaf_start')).toEqual([{ date: '2024-07-01', tijdig: true, days: 49 }]);
  });

  it('puts the case on the dienst wait from triage to start, and the dienst span carries the vanaf_triage deadline', () => {
    const d = fold(history());
    expect(spansOf(d, 'wacht', { fase: 'dienst' })).toMatchObject([
      { from: ms('2024-04-05T11:00:00+02:00'), to: ms('2024-05-13T09:00:00+02:00'), deadline: '2024-06-14', dims: { fase: 'dienst', dienst: 'onderzoek' } },
    ]);
    expect(spansOf(d, 'dienst')).toMatchObject([
      { from: ms('2024-05-13T09:00:00+02:00'), to: ms('2024-07-01T15:00:00+02:00'), deadline: '2024-06-14', dims: { dienst: 'onderzoek' } },
    ]);
    expect(d.issues).toEqual([]);
  });

  it('counts a DienstAfgerond on the deadline day as tijdig (vanaf_start 70 days)', () => {
    const events = [...history().slice(0, 3), afgerond('2024-07-22T23:59:00+02:00', 'onderzoek')];
    expect(stopsOf(fold(events), 'onderzoek', 'vanaf_start')).toMatchObject([{ date: '2024-07-22', tijdig: true, days: 70 }]);
  });
});

describe('foldCase: local dates in Europe/Amsterdam', () => {
  it('counts a melding at 2024-12-31T23:30:00Z on local date 2025-01-01', () => {
    // 23:30Z = 00:30 CET on 1 January 2025 (Nieuwjaarsdag, day 0).
    // Werkdagen: Thu 2 Jan (1), Fri 3 (2), Mon 6 (3), Tue 7 (4), Wed 8 (5) → triage deadline 2025-01-08.
    // eerste_contact: 1 Jan + 10 = 2025-01-11.
    const d = fold([melding('2024-12-31T23:30:00Z')]);
    expect(factsOf(d, 'meldingen').map((f) => f.date)).toEqual(['2025-01-01']);
    expect(spansOf(d, 'klok', { termijn: 'triage' })[0].deadline).toBe('2025-01-08');
    expect(spansOf(d, 'klok', { termijn: 'eerste_contact' })[0].deadline).toBe('2025-01-11');
  });

  it('handles the night summer time ends (2024-10-26T23:30:00+02:00 is Saturday 26 October)', () => {
    // Triage from Sat 26 Oct: Mon 28 (1), Tue 29 (2), Wed 30 (3), Thu 31 (4), Fri 1 Nov (5) → 2024-11-01.
    // eerste_contact: 26 Oct + 10 = 2024-11-05.
    // Contact at 2024-10-27T23:30:00+01:00: 25 hours later (the night has 25 hours) but 1 calendar day.
    // A triagebesluit at 2024-10-26T22:30:00Z is 00:30 CEST on Sunday 27 October: local date 27 Oct, 1 day.
    const d = fold([
      melding('2024-10-26T23:30:00+02:00'),
      ev('EersteContactGelegd', '2024-10-27T23:30:00+01:00'),
      triage('2024-10-26T22:30:00Z', 'geen_vervolgstappen'),
    ]);
    expect(factsOf(d, 'meldingen')[0].date).toBe('2024-10-26');
    expect(spansOf(d, 'klok', { termijn: 'triage' })[0].deadline).toBe('2024-11-01');
    expect(spansOf(d, 'klok', { termijn: 'eerste_contact' })[0].deadline).toBe('2024-11-05');
    expect(stopsOf(d, 'eerste_contact')).toMatchObject([{ date: '2024-10-27', days: 1, tijdig: true }]);
    expect(stopsOf(d, 'triage')).toMatchObject([{ date: '2024-10-27', days: 1, tijdig: true }]);
  });
});

describe('foldCase: retractions', () => {
  it('a retracted DienstGestart removes its diensten_gestart fact, its dienst span and its vanaf_start clock', () => {
    const m = melding('2024-03-28T10:00:00+01:00');
    const t = triage('2024-04-05T11:00:00+02:00', 'vervolgstappen_veilig_thuis', 'onderzoek');
    const g = gestart('2024-05-13T09:00:00+02:00', 'onderzoek');
    const withRetraction = fold([m, t, g, retract(g, '2024-05-14T09:00:00+02:00')]);

    expect(factsOf(withRetraction, 'diensten_gestart')).toEqual([]);
    expect(spansOf(withRetraction, 'klok', { klok: 'vanaf_start' })).toEqual([]);
    expect(spansOf(withRetraction, 'dienst')).toEqual([]);
    // The case is back on the wait for its dienst, still open.
    expect(spansOf(withRetraction, 'wacht', { fase: 'dienst' })).toMatchObject([{ from: ms('2024-04-05T11:00:00+02:00'), to: null }]);
    // As if the DienstGestart had never been sent.
    expect(withRetraction).toEqual(fold([m, t]));
  });

  it('a retracted triagebesluit puts the case back on the triage wait', () => {
    const m = melding('2024-03-28T10:00:00+01:00');
    const t = triage('2024-04-05T11:00:00+02:00', 'vervolgstappen_veilig_thuis', 'onderzoek');
    const d = fold([m, t, retract(t, '2024-04-06T10:00:00+02:00')]);
    expect(factsOf(d, 'triagebesluiten')).toEqual([]);
    expect(stopsOf(d, 'triage')).toEqual([]);
    expect(spansOf(d, 'wacht')).toMatchObject([{ dims: { fase: 'triage' }, to: null }]);
    expect(spansOf(d, 'klok', { termijn: 'triage' })).toMatchObject([{ to: null }]);
    expect(spansOf(d, 'klok', { termijn: 'onderzoek' })).toEqual([]);
    expect(d).toEqual(fold([m]));
  });

  it('finds its target whatever the letter case of the UUID (sent in upper case, retracted in lower case, and the reverse)', () => {
    const m = melding('2024-03-28T10:00:00+01:00');
    const t = { ...triage('2024-04-05T11:00:00+02:00', 'vervolgstappen_veilig_thuis', 'onderzoek'), id: '0000000A-0000-4000-8000-00000000ABCD' };
    const d = fold([m, t, retract(t.id.toLowerCase(), '2024-04-06T10:00:00+02:00')]);
    expect(d.issues).toEqual([]);
    expect(d).toEqual(fold([m]));
    const lower = { ...t, id: t.id.toLowerCase() };
    expect(fold([m, lower, retract(t.id, '2024-04-06T10:00:00+02:00')])).toEqual(fold([m]));
  });

  it('reports a retraction of an unknown event and changes nothing else', () => {
    const m = melding('2024-03-28T10:00:00+01:00');
    const r = retract('99999999-9999-4999-8999-999999999999', '2024-03-29T10:00:00+01:00');
    const d = fold([m, r]);
    expect(d.issues).toEqual([{ kind: 'intrekking_van_onbekend_event', eventId: r.id }]);
    expect({ ...d, issues: [] }).toEqual(fold([m]));
  });
});

describe('foldCase: independence of arrival order', () => {
  // A full history with a wait, a dienst, contacts, a prioriteit change, an overdracht wait and closure.
  const history = () => [
    melding('2024-03-28T10:00:00+01:00', { prioriteit: 'midden', aard: ['partnergeweld', 'kindermishandeling'], crisis: true }),
    ev('VeiligheidsbeoordelingAfgerond', '2024-04-02T10:00:00+02:00', { conclusie: 'vermoeden_structurele_onveiligheid' }),
    ev('EersteContactGelegd', '2024-04-03T10:00:00+02:00'),
    triage('2024-04-05T11:00:00+02:00', 'vervolgstappen_veilig_thuis', 'onderzoek'),
    ev('PrioriteitVastgesteld', '2024-04-12T09:00:00+02:00', { prioriteit: 'hoog' }),
    ev('ContactTijdensWachten', '2024-04-20T09:00:00+02:00', { met: 'melder' }),
    gestart('2024-05-13T09:00:00+02:00', 'onderzoek'),
    ev('TijdelijkHuisverbodOpgelegd', '2024-05-20T09:00:00+02:00'),
    afgerond('2024-07-01T15:00:00+02:00', 'onderzoek'),
    triage('2024-07-02T15:00:00+02:00', 'overdracht'),
    ev('OverdrachtGedaan', '2024-07-10T15:00:00+02:00', { soort: 'na_actieve_betrokkenheid', partij: 'sociaal_team' }),
    ev('MonitoringAfgerond', '2024-10-10T15:00:00+02:00'),
    ev('ZaakAfgesloten', '2024-10-11T15:00:00+02:00', { reden: 'afgerond' }),
  ];

  it('derives the same facts, spans and issues from any shuffle of the events', () => {
    const events = history();
    const inOrder = normalise(fold(events));
    expect(inOrder.facts.length).toBeGreaterThan(10);
    expect(normalise(fold([...events].reverse()))).toEqual(inOrder);
    for (let seed = 1; seed <= 20; seed++) expect(normalise(fold(shuffled(events, seed)))).toEqual(inOrder);
  });

  it('also with a retraction and a correction delivered before the events they concern', () => {
    const events = history();
    const wrongStart = gestart('2024-05-06T09:00:00+02:00', 'onderzoek');
    const correction = retract(wrongStart, '2024-05-14T09:00:00+02:00');
    const expected = normalise(fold(events));
    // The retraction travels with the events; it is ignored in the result, whatever the order.
    const all = [...events, wrongStart, correction];
    for (let seed = 1; seed <= 20; seed++) expect(normalise(fold(shuffled(all, seed)))).toEqual(expected);
  });

  it('orders events of one instant the same way whatever their arrival order', () => {
    // Everything at once: the registration system stamped five steps with one time.
    const at = '2024-06-03T09:00:00+02:00';
    const events = [
      melding(at),
      ev('VeiligheidsbeoordelingAfgerond', at, { conclusie: 'geen_zorgen_wel_kwetsbaar' }),
      ev('EersteContactGelegd', at),
      triage(at, 'vervolgstappen_veilig_thuis', 'voorwaarden_en_vervolg'),
      gestart(at, 'voorwaarden_en_vervolg'),
    ];
    const results = permutations(events).map((p) => fold(p));
    expect(results).toHaveLength(120);
    for (const r of results) expect(r).toEqual(results[0]);
    // In lifecycle order: the triagebesluit came before the start, so no quality issue, and the
    // dienst wait lasted zero time (never open at any instant).
    const d = results[0];
    expect(d.issues).toEqual([]);
    expect(stopsOf(d, 'triage')).toMatchObject([{ tijdig: true, days: 0 }]);
    expect(openAt(spansOf(d, 'wacht'), ms(at))).toEqual([]);
    expect(openAt(d.spans, ms(at)).map((s) => s.kind).sort()).toEqual(['dienst', 'klok', 'klok', 'klok']);
  });
});

describe('foldCase: ZaakAfgesloten', () => {
  // Melding; triage → voorwaarden_en_vervolg, started; then a second triage → onderzoek (waiting).
  // Running at closure: the onderzoek wait, the v&v dienst, the v&v clocks, the onderzoek clocks
  // (vanaf_triage, vanaf_melding), and eerste_contact and veiligheidsbeoordeling (never stopped).
  const closedAt = '2024-06-14T12:00:00+02:00';
  const history = () => [
    melding('2024-03-28T10:00:00+01:00'),
    triage('2024-04-05T11:00:00+02:00', 'vervolgstappen_veilig_thuis', 'voorwaarden_en_vervolg'),
    gestart('2024-04-15T09:00:00+02:00', 'voorwaarden_en_vervolg'),
    triage('2024-05-01T11:00:00+02:00', 'vervolgstappen_veilig_thuis', 'onderzoek'),
    ev('ZaakAfgesloten', closedAt, { reden: 'overig' }),
  ];

  it('ends every span: waits, the running dienst and every running clock', () => {
    const d = fold(history());
    const before = openAt(d.spans, ms(closedAt) - 1);
    expect(before.map((s) => `${s.kind}:${s.dims.fase ?? s.dims.dienst ?? `${s.dims.termijn}/${s.dims.klok ?? ''}`}`).sort()).toEqual([
      'dienst:voorwaarden_en_vervolg',
      'klok:eerste_contact/',
      'klok:onderzoek/vanaf_melding',
      'klok:onderzoek/vanaf_triage',
      'klok:veiligheidsbeoordeling/',
      'klok:voorwaarden_en_vervolg/vanaf_melding',
      'klok:voorwaarden_en_vervolg/vanaf_start',
      'klok:voorwaarden_en_vervolg/vanaf_triage',
      'wacht:dienst',
    ]);
    for (const s of before) expect(s.to).toBe(ms(closedAt));
    expect(d.spans.every((s) => s.to !== null && s.to <= ms(closedAt))).toBe(true);
    expect(openAt(d.spans, ms(closedAt))).toEqual([]);
    // Closure is not a clock stop: only the triage clock stopped (twice triaged, stopped once).
    expect(factsOf(d, 'klokstop').map((f) => f.dims.termijn)).toEqual(['triage']);
    expect(d.issues).toEqual([]);
  });

  it('reports events after closure as event_na_afsluiting and puts the case on no list again', () => {
    const late = [ev('EersteContactGelegd', '2024-06-20T10:00:00+02:00'), triage('2024-06-21T10:00:00+02:00', 'overdracht'), gestart('2024-06-22T10:00:00+02:00', 'onderzoek')];
    const base = fold(history());
    const d = fold([...history(), ...late]);
    expect(d.issues).toEqual(late.map((e) => ({ kind: 'event_na_afsluiting', eventId: e.id })));
    expect(d.spans).toEqual(base.spans);
    expect(openAt(d.spans, ms('2024-06-30T00:00:00+02:00'))).toEqual([]);
    // The flows count them in their periods; the contact stops the clock that ran at closure
    // (melding 28 Mar + 10 days: deadline 7 Apr, 84 days); the triage clock had stopped already.
    expect(factsOf(d, 'eerste_contacten')).toMatchObject([{ date: '2024-06-20' }]);
    expect(factsOf(d, 'diensten_gestart').map((f) => f.dims.dienst)).toEqual(['voorwaarden_en_vervolg', 'onderzoek']);
    expect(factsOf(d, 'klokstop')).toEqual([...factsOf(base, 'klokstop'), { key: 'klokstop', date: '2024-06-20', dims: { termijn: 'eerste_contact', gemeente: GEMEENTE }, tijdig: false, days: 84 }]);
  });

  it('counts a clock stop registered after the closure in tijdig_pct and doorlooptijd_dagen, as its flow counts it', () => {
    // Melding Mon 5 Feb 2024 (deadline Mon 12 Feb); closed on the 6th at 10:00, the assessment and the
    // triage registered minutes later the same day: both stops tijdig after 1 day.
    const d = fold([
      melding('2024-02-05T09:00:00+01:00'),
      ev('ZaakAfgesloten', '2024-02-06T10:00:00+01:00', { reden: 'geen_vervolg' }),
      ev('VeiligheidsbeoordelingAfgerond', '2024-02-06T10:05:00+01:00', { conclusie: 'geen_zorgen' }),
      triage('2024-02-06T10:06:00+01:00', 'geen_vervolgstappen'),
    ]);
    const rows = buildFlowRows(d.facts);
    for (const termijn of ['veiligheidsbeoordeling', 'triage']) {
      expect(rows).toContainEqual({ key: 'tijdig_pct', by: { termijn }, value: 100, numerator: 1, denominator: 1 });
      expect(rows).toContainEqual({ key: 'doorlooptijd_dagen', by: { termijn, stat: 'mediaan' }, value: 1 });
    }
    expect(rows).toContainEqual({ key: 'triagebesluiten', by: {}, value: 1 });
    // Off every list from the closure on, as before.
    expect(openAt(d.spans, ms('2024-02-06T10:00:00+01:00'))).toEqual([]);
  });

  it('counts the dienst clocks of a DienstAfgerond after the closure, also one started after it', () => {
    // Triage Fri 1 Mar → onderzoek (deadline 10 May); closed 10 Apr; started 11 Apr, afgerond 2 May (all after closure).
    const d = fold([
      melding('2024-02-28T10:00:00+01:00'),
      triage('2024-03-01T10:00:00+01:00', 'vervolgstappen_veilig_thuis', 'onderzoek'),
      ev('ZaakAfgesloten', '2024-04-10T10:00:00+02:00', { reden: 'overig' }),
      gestart('2024-04-11T10:00:00+02:00', 'onderzoek'),
      afgerond('2024-05-02T10:00:00+02:00', 'onderzoek'),
    ]);
    expect(stopsOf(d, 'onderzoek').map((f) => [f.dims.klok, f.tijdig, f.days]).sort()).toEqual([
      ['vanaf_melding', true, 64],
      ['vanaf_start', true, 21],
      ['vanaf_triage', true, 62],
    ]);
    // Not a dienst without start, and not on any list after the closure.
    expect(d.issues.map((i) => i.kind)).toEqual(['event_na_afsluiting', 'event_na_afsluiting']);
    expect(openAt(d.spans, ms('2024-04-20T00:00:00+02:00'))).toEqual([]);
  });

  it('does not count a TermijnOverschreden when a stop dated on or before the deadline arrives later, and lists it as an oddity', () => {
    // Melding Tue 2024-03-05: 5 werkdagen → triage deadline Tue 2024-03-12; the term passed at 13 March 00:00.
    const m = melding('2024-03-05T10:00:00+01:00');
    const passed = ev('TermijnOverschreden', '2024-03-13T00:00:00+01:00', { termijn: 'triage', deadline: '2024-03-12' });
    const onTime = { ...triage('2024-03-12T16:00:00+01:00', 'geen_vervolgstappen'), recordedAt: '2024-03-14T09:00:00Z' };
    const late = triage('2024-03-13T09:00:00+01:00', 'geen_vervolgstappen');
    expect(factsOf(fold([m, passed]), 'termijnen_overschreden')).toHaveLength(1);
    const corrected = fold([m, passed, onTime]);
    expect(factsOf(corrected, 'termijnen_overschreden')).toEqual([]);
    expect(corrected.issues).toEqual([{ kind: 'termijn_overschreden_maar_tijdig', eventId: passed.id }]);
    // Out of order gives the same; a stop after the deadline leaves the count.
    expect(factsOf(fold([onTime, passed, m]), 'termijnen_overschreden')).toEqual([]);
    expect(factsOf(fold([m, passed, late]), 'termijnen_overschreden')).toHaveLength(1);
    // A dienst's term is its vanaf_triage clock.
    const sent = triage('2024-03-08T10:00:00+01:00', 'vervolgstappen_veilig_thuis', 'onderzoek'); // deadline 2024-05-17
    const dienstPassed = ev('TermijnOverschreden', '2024-05-18T00:00:00+02:00', { termijn: 'onderzoek', deadline: '2024-05-17' });
    const base = [m, sent, gestart('2024-03-20T10:00:00+01:00', 'onderzoek'), dienstPassed];
    expect(factsOf(fold([...base, afgerond('2024-05-17T15:00:00+02:00', 'onderzoek')]), 'termijnen_overschreden')).toEqual([]);
    expect(factsOf(fold([...base, afgerond('2024-05-21T15:00:00+02:00', 'onderzoek')]), 'termijnen_overschreden')).toHaveLength(1);
  });

  it('does not flag a TermijnOverschreden written after closure', () => {
    const d = fold([...history(), ev('TermijnOverschreden', '2024-06-20T00:00:00+02:00', { termijn: 'onderzoek', deadline: '2024-06-19' })]);
    expect(d.issues).toEqual([]);
    expect(factsOf(d, 'termijnen_overschreden')).toMatchObject([{ dims: { termijn: 'onderzoek', gemeente: GEMEENTE } }]);
  });
});

describe('foldCase: lifecycle oddities', () => {
  it('DienstAfgerond without DienstGestart: issue dienst_afgerond_zonder_start, the fact still counts', () => {
    const a = afgerond('2024-05-01T10:00:00+02:00', 'onderzoek');
    const d = fold([melding('2024-03-28T10:00:00+01:00'), triage('2024-04-05T11:00:00+02:00', 'vervolgstappen_veilig_thuis', 'onderzoek'), a]);
    expect(d.issues).toEqual([{ kind: 'dienst_afgerond_zonder_start', eventId: a.id }]);
    expect(factsOf(d, 'diensten_afgerond')).toEqual([{ key: 'diensten_afgerond', date: '2024-05-01', dims: { dienst: 'onderzoek', gemeente: GEMEENTE } }]);
    expect(buildFlowRows(d.facts)).toContainEqual({ key: 'diensten_afgerond', by: {}, value: 1 });
    expect(spansOf(d, 'dienst')).toEqual([]);
  });

  it('a DienstAfgerond after closure of a dienst that had started is not "zonder start"', () => {
    const late = afgerond('2024-03-12T10:00:00+01:00', 'onderzoek');
    const d = fold([
      melding('2024-03-01T10:00:00+01:00'),
      triage('2024-03-02T10:00:00+01:00', 'vervolgstappen_veilig_thuis', 'onderzoek'),
      gestart('2024-03-05T10:00:00+01:00', 'onderzoek'),
      ev('ZaakAfgesloten', '2024-03-10T10:00:00+01:00', { reden: 'overig' }),
      late,
    ]);
    expect(d.issues).toEqual([{ kind: 'event_na_afsluiting', eventId: late.id }]);
    // The dienst span ended at closure and stays ended there.
    expect(spansOf(d, 'dienst')).toMatchObject([{ to: ms('2024-03-10T10:00:00+01:00') }]);
  });

  it('a closure dated before the melding keeps the case off every list', () => {
    const m = melding('2024-03-01T10:00:00+01:00');
    const closed = ev('ZaakAfgesloten', '2024-03-01T09:00:00+01:00', { reden: 'overig' });
    const d = fold([m, closed]);
    // Taken at the melding's instant: the case closes as it opens.
    expect(d.issues).toEqual([{ kind: 'event_voor_melding', eventId: closed.id }]);
    expect(factsOf(d, 'meldingen')).toHaveLength(1);
    expect(d.spans).toEqual([]);
  });

  it('a triagebesluit for a dienst that already runs does not put the case on its wait', () => {
    // DienstGestart registered with a time before the triagebesluit that sent the case there.
    const g = gestart('2024-03-05T10:00:00+01:00', 'onderzoek');
    const d = fold([melding('2024-03-01T10:00:00+01:00'), g, triage('2024-03-06T10:00:00+01:00', 'vervolgstappen_veilig_thuis', 'onderzoek')]);
    expect(d.issues).toEqual([{ kind: 'dienst_zonder_triagebesluit', eventId: g.id }]);
    expect(spansOf(d, 'wacht', { fase: 'dienst' })).toEqual([]);
    expect(openAt(d.spans, ms('2024-06-01T00:00:00+02:00')).map((s) => s.kind)).not.toContain('wacht');
  });

  it('an event dated before its melding is taken at the melding (event_voor_melding): it stops the clock the melding starts', () => {
    const m = melding('2024-03-28T10:00:00+01:00');
    const early = ev('EersteContactGelegd', '2024-03-27T10:00:00+01:00');
    const d = fold([m, early]);
    expect(d.issues).toEqual([{ kind: 'event_voor_melding', eventId: early.id }]);
    // Counted on its own date (indicators.md: the period of its local date); the contact clock
    // stops with 0 days, not -1 (it ran for ever before).
    expect(factsOf(d, 'eerste_contacten')).toMatchObject([{ date: '2024-03-27' }]);
    expect(stopsOf(d, 'eerste_contact')).toMatchObject([{ date: '2024-03-27', tijdig: true, days: 0 }]);
    expect(spansOf(d, 'klok', { termijn: 'eerste_contact' })).toEqual([]);
  });

  it('a triagebesluit stamped minutes before its melding ends the triage wait (the case was on two lists at once for good)', () => {
    const m = melding('2024-09-02T10:05:00+02:00');
    const t = triage('2024-09-02T10:00:00+02:00', 'overdracht');
    const d = fold([m, t]);
    expect(d.issues).toEqual([{ kind: 'event_voor_melding', eventId: t.id }]);
    const later = ms('2024-09-30T12:00:00+02:00');
    expect(openAt(d.spans, later).filter((s) => s.kind === 'wacht').map((s) => s.dims.fase)).toEqual(['overdracht']);
    expect(openAt(d.spans, later).filter((s) => s.kind === 'klok').map((s) => s.dims.termijn)).not.toContain('triage');
    expect(stopsOf(d, 'triage')).toMatchObject([{ date: '2024-09-02', tijdig: true, days: 0 }]);
    // The same as a triagebesluit stamped with the melding's own time.
    const same = fold([m, { ...t, occurredAt: m.occurredAt }]);
    expect({ ...d, issues: [] }).toEqual(same);
  });

  it('counts an event dated before its melding in the period of its own date, across a month edge', () => {
    // Melding Sat 1 June 2024 00:05; assessment and triage dated 31 May, minutes before.
    const m = melding('2024-06-01T00:05:00+02:00');
    const vb = ev('VeiligheidsbeoordelingAfgerond', '2024-05-31T23:55:00+02:00', { conclusie: 'geen_zorgen' });
    const t = triage('2024-05-31T23:58:00+02:00', 'geen_vervolgstappen');
    const d = fold([m, vb, t]);
    const may = d.facts.filter((f) => f.date.startsWith('2024-05'));
    expect(may.map((f) => f.key).sort()).toEqual(['klokstop', 'klokstop', 'triagebesluiten', 'veiligheidsbeoordelingen']);
    expect(stopsOf(d, 'triage')).toMatchObject([{ date: '2024-05-31', tijdig: true, days: 0 }]);
    expect(factsOf(d, 'meldingen')).toMatchObject([{ date: '2024-06-01' }]);
    // The stocks still take them at the melding: the case waits on no list.
    expect(openAt(d.spans, ms('2024-06-03T12:00:00+02:00')).filter((s) => s.kind === 'wacht')).toEqual([]);
  });

  it('keeps the order of early events among themselves: the later of two early triagebesluiten sets the wait, whatever their ids', () => {
    const m = melding('2024-09-02T10:00:00+02:00');
    const later = ms('2024-09-20T12:00:00+02:00');
    for (const [first, second] of [
      ['00000000-0000-4000-8000-ffffffffffff', '00000000-0000-4000-8000-000000000001'],
      ['00000000-0000-4000-8000-000000000001', '00000000-0000-4000-8000-ffffffffffff'],
    ]) {
      const overdracht = { ...triage('2024-09-02T09:00:00+02:00', 'overdracht'), id: first };
      const onderzoek = { ...triage('2024-09-02T09:40:00+02:00', 'vervolgstappen_veilig_thuis', 'onderzoek'), id: second };
      const d = fold([onderzoek, m, overdracht]);
      expect(openAt(d.spans, later).filter((s) => s.kind === 'wacht').map((s) => [s.dims.fase, s.dims.dienst])).toEqual([['dienst', 'onderzoek']]);
      expect(d.issues.map((i) => i.eventId)).toEqual([first, second]);
    }
  });

  it('a case without a melding at all flags every event and has gemeente onbekend', () => {
    const events = [triage('2024-04-05T11:00:00+02:00', 'geen_vervolgstappen'), ev('ZaakAfgesloten', '2024-04-06T11:00:00+02:00', { reden: 'geen_vervolg' })];
    const d = fold(events);
    expect(d.issues).toEqual(events.map((e) => ({ kind: 'event_zonder_melding', eventId: e.id })));
    expect(d.facts.map((f) => f.dims.gemeente)).toEqual(['onbekend']);
  });
});

describe('foldCase: a decision replaced, a transfer, a dienst ended without its start', () => {
  const at = (iso: string) => ms(iso);
  const runningClocks = (d: CaseDerivation, iso: string) =>
    openAt(d.spans, at(iso)).filter((s) => s.kind === 'klok').map((s) => `${s.dims.termijn}/${s.dims.klok ?? ''}`).sort();

  it('ends the clocks of a dienst the case is no longer sent to, without a stop', () => {
    // Melding Mon 3 June 2024; triage → onderzoek on the 4th, then → voorwaarden_en_vervolg on the 6th; V&V runs 10 June – 1 July.
    const d = fold([
      melding('2024-06-03T10:00:00+02:00'),
      triage('2024-06-04T10:00:00+02:00', 'vervolgstappen_veilig_thuis', 'onderzoek'),
      triage('2024-06-06T10:00:00+02:00', 'vervolgstappen_veilig_thuis', 'voorwaarden_en_vervolg'),
      gestart('2024-06-10T10:00:00+02:00', 'voorwaarden_en_vervolg'),
      afgerond('2024-07-01T10:00:00+02:00', 'voorwaarden_en_vervolg'),
    ]);
    expect(runningClocks(d, '2024-06-05T12:00:00+02:00')).toEqual(['eerste_contact/', 'onderzoek/vanaf_melding', 'onderzoek/vanaf_triage', 'veiligheidsbeoordeling/']);
    expect(runningClocks(d, '2024-06-07T12:00:00+02:00')).toEqual(['eerste_contact/', 'veiligheidsbeoordeling/', 'voorwaarden_en_vervolg/vanaf_melding', 'voorwaarden_en_vervolg/vanaf_triage']);
    expect(runningClocks(d, '2024-09-01T12:00:00+02:00')).toEqual(['eerste_contact/', 'veiligheidsbeoordeling/']);
    expect(stopsOf(d, 'onderzoek')).toEqual([]);
    expect(stopsOf(d, 'voorwaarden_en_vervolg').map((f) => f.dims.klok).sort()).toEqual(['vanaf_melding', 'vanaf_start', 'vanaf_triage']);
    expect(d.issues).toEqual([]);
  });

  it('keeps the time the case entered the dienst fase when another dienst is decided on', () => {
    const d = fold([
      melding('2024-06-03T10:00:00+02:00'),
      triage('2024-06-04T10:00:00+02:00', 'vervolgstappen_veilig_thuis', 'onderzoek'),
      triage('2024-06-06T10:00:00+02:00', 'vervolgstappen_veilig_thuis', 'voorwaarden_en_vervolg'),
    ]);
    const t = at('2024-06-11T12:00:00+02:00');
    const waits = openAt(d.spans, t).filter((s) => s.kind === 'wacht');
    expect(waits).toMatchObject([{ dims: { fase: 'dienst', dienst: 'voorwaarden_en_vervolg' }, enteredAt: at('2024-06-04T10:00:00+02:00') }]);
    // The deadline is the new decision's (6 June + 70 days).
    expect(waits[0].deadline).toBe('2024-08-15');
    expect(buildStockRows(openAt(d.spans, t), t)).toContainEqual({ key: 'wachttijd_dagen', by: { fase: 'dienst', stat: 'max' }, value: 7 });
  });

  it('a decision for the same dienst again keeps the first decision\'s term on the wait and on the dienst', () => {
    // Sent to onderzoek on Tue 4 June 2024 (deadline 13 Aug), decided again on 20 June; started 1 July.
    const d = fold([
      melding('2024-06-03T10:00:00+02:00'),
      triage('2024-06-04T10:00:00+02:00', 'vervolgstappen_veilig_thuis', 'onderzoek'),
      triage('2024-06-20T10:00:00+02:00', 'vervolgstappen_veilig_thuis', 'onderzoek'),
      gestart('2024-07-01T10:00:00+02:00', 'onderzoek'),
    ]);
    expect(spansOf(d, 'wacht', { fase: 'dienst' }).map((s) => s.deadline)).toEqual(['2024-08-13', '2024-08-13']);
    expect(spansOf(d, 'klok', { termijn: 'onderzoek', klok: 'vanaf_triage' }).map((s) => s.deadline)).toEqual(['2024-08-13']);
    expect(spansOf(d, 'dienst').map((s) => s.deadline)).toEqual(['2024-08-13']);
  });

  it('a transfer takes the case off the dienst wait it was sent to, and ends that dienst\'s clocks', () => {
    const d = fold([
      melding('2024-06-03T10:00:00+02:00'),
      triage('2024-06-04T10:00:00+02:00', 'vervolgstappen_veilig_thuis', 'onderzoek'),
      ev('OverdrachtGedaan', '2024-06-07T10:00:00+02:00', { soort: 'direct', partij: 'sociaal_team' }),
    ]);
    expect(openAt(d.spans, at('2024-06-11T12:00:00+02:00')).filter((s) => s.kind === 'wacht')).toEqual([]);
    // The eerste contact is the other party's now; the veiligheidsbeoordeling came before (it runs on).
    expect(runningClocks(d, '2024-06-11T12:00:00+02:00')).toEqual(['veiligheidsbeoordeling/']);
    expect(factsOf(d, 'overdrachten')).toHaveLength(1);
  });

  it('a transfer ends the eerste contact clock without a stop; a contact registered later still counts, and a TermijnOverschreden after the transfer lapses', () => {
    const m = melding('2024-06-03T10:00:00+02:00'); // eerste contact deadline 13 June (10 dagen)
    const vb = ev('VeiligheidsbeoordelingAfgerond', '2024-06-04T10:00:00+02:00', { uitkomst: 'onveilig' });
    const overdracht = ev('OverdrachtGedaan', '2024-06-07T10:00:00+02:00', { soort: 'direct', partij: 'sociaal_team' });
    const d = fold([m, vb, triage('2024-06-05T10:00:00+02:00', 'overdracht'), overdracht]);
    expect(spansOf(d, 'klok', { termijn: 'eerste_contact' })).toMatchObject([{ from: ms('2024-06-03T10:00:00+02:00'), to: ms('2024-06-07T10:00:00+02:00') }]);
    expect(runningClocks(d, '2025-06-01T12:00:00+02:00')).toEqual([]);
    expect(stopsOf(d, 'eerste_contact')).toEqual([]);
    // Registered after the transfer: its stop counts, tijdig or not.
    const late = fold([m, vb, overdracht, ev('EersteContactGelegd', '2024-06-20T10:00:00+02:00')]);
    expect(stopsOf(late, 'eerste_contact')).toMatchObject([{ date: '2024-06-20', tijdig: false, days: 17 }]);
    // The term passed after the clock ended: the monitor's event counts nowhere.
    const passed = ev('TermijnOverschreden', '2024-06-14T00:00:00+02:00', { termijn: 'eerste_contact', deadline: '2024-06-13' });
    const lapsed = fold([m, vb, overdracht, passed]);
    expect(factsOf(lapsed, 'termijnen_overschreden')).toEqual([]);
    expect(lapsed.issues).toEqual([{ kind: 'termijn_overschreden_vervallen', eventId: passed.id }]);
    // A transfer after the deadline: the term did pass with the clock running.
    const afterwards = fold([m, vb, passed, ev('OverdrachtGedaan', '2024-06-20T10:00:00+02:00', { soort: 'direct', partij: 'sociaal_team' })]);
    expect(factsOf(afterwards, 'termijnen_overschreden')).toHaveLength(1);
  });

  it('a triage to overdracht after one to a dienst, then the transfer: nothing runs for the dienst', () => {
    const d = fold([
      melding('2024-06-03T10:00:00+02:00'),
      triage('2024-06-04T10:00:00+02:00', 'vervolgstappen_veilig_thuis', 'onderzoek'),
      triage('2024-06-06T10:00:00+02:00', 'overdracht'),
      ev('OverdrachtGedaan', '2024-06-10T10:00:00+02:00', { soort: 'direct', partij: 'jeugdhulp' }),
    ]);
    expect(openAt(d.spans, at('2024-06-07T12:00:00+02:00')).filter((s) => s.kind === 'wacht').map((s) => s.dims.fase)).toEqual(['overdracht']);
    expect(runningClocks(d, '2024-12-01T12:00:00+01:00')).toEqual(['veiligheidsbeoordeling/']);
  });

  it('does not count a TermijnOverschreden of a clock that ended without a stop before its deadline, also when the dienst is decided on again', () => {
    const m = melding('2024-06-03T10:00:00+02:00');
    const onderzoek = triage('2024-06-04T10:00:00+02:00', 'vervolgstappen_veilig_thuis', 'onderzoek'); // deadline 13 Aug
    const passed = ev('TermijnOverschreden', '2024-08-14T00:00:00+02:00', { termijn: 'onderzoek', deadline: '2024-08-13' });
    expect(factsOf(fold([m, onderzoek, passed]), 'termijnen_overschreden')).toHaveLength(1);
    // A decision registered late, dated 1 Aug: the clock was not running when the term passed.
    const geen = triage('2024-08-01T10:00:00+02:00', 'geen_vervolgstappen');
    const d = fold([m, onderzoek, passed, geen]);
    expect(factsOf(d, 'termijnen_overschreden')).toEqual([]);
    expect(d.issues).toEqual([{ kind: 'termijn_overschreden_vervallen', eventId: passed.id }]);
    // Sent to V&V, then to onderzoek again (a new clock, deadline 19 Aug): the first term's event still lapsed.
    const again = fold([m, onderzoek, triage('2024-06-06T10:00:00+02:00', 'vervolgstappen_veilig_thuis', 'voorwaarden_en_vervolg'), triage('2024-06-10T10:00:00+02:00', 'vervolgstappen_veilig_thuis', 'onderzoek'), passed]);
    expect(factsOf(again, 'termijnen_overschreden')).toEqual([]);
    expect(again.issues.map((i) => i.kind)).toEqual(['termijn_overschreden_vervallen']);
    // A drop dated after the deadline: the term did pass with the clock running.
    expect(factsOf(fold([m, onderzoek, passed, triage('2024-08-20T10:00:00+02:00', 'geen_vervolgstappen')]), 'termijnen_overschreden')).toHaveLength(1);
  });

  it('counts one TermijnOverschreden per case and term, as the monitor writes it; another (a source system sent one too) is listed, not counted', () => {
    const m = melding('2024-06-03T10:00:00+02:00'); // triage deadline Mon 10 June
    const monitor = ev('TermijnOverschreden', '2024-06-11T00:00:00+02:00', { termijn: 'triage', deadline: '2024-06-10' });
    const sentIn = ev('TermijnOverschreden', '2024-06-11T09:00:00+02:00', { termijn: 'triage', deadline: '2024-06-10' });
    const contact = ev('TermijnOverschreden', '2024-06-14T00:00:00+02:00', { termijn: 'eerste_contact', deadline: '2024-06-13' });
    const d = fold([m, monitor, sentIn, contact]);
    expect(factsOf(d, 'termijnen_overschreden').map((f) => f.dims.termijn)).toEqual(['triage', 'eerste_contact']);
    expect(d.issues).toEqual([{ kind: 'dubbele_termijn_overschreden', eventId: sentIn.id }]);
  });

  it('brings back the clocks of a dienst the case was sent away from when it starts after all, and lists it', () => {
    const start = gestart('2024-06-10T10:00:00+02:00', 'onderzoek');
    const d = fold([
      melding('2024-06-03T10:00:00+02:00'),
      triage('2024-06-04T10:00:00+02:00', 'vervolgstappen_veilig_thuis', 'onderzoek'),
      triage('2024-06-06T10:00:00+02:00', 'vervolgstappen_veilig_thuis', 'voorwaarden_en_vervolg'),
      start,
      afgerond('2024-07-10T10:00:00+02:00', 'onderzoek'),
    ]);
    expect(runningClocks(d, '2024-06-08T12:00:00+02:00')).not.toContain('onderzoek/vanaf_triage');
    expect(runningClocks(d, '2024-06-20T12:00:00+02:00')).toContain('onderzoek/vanaf_triage');
    // The first decision's term: 4 June → 10 July is 36 days, tijdig (deadline 13 Aug).
    expect(stopsOf(d, 'onderzoek').map((f) => [f.dims.klok, f.days, f.tijdig]).sort()).toEqual([
      ['vanaf_melding', 37, true],
      ['vanaf_start', 30, true],
      ['vanaf_triage', 36, true],
    ]);
    expect(d.issues).toEqual([{ kind: 'dienst_na_ander_besluit', eventId: start.id }]);
  });

  it('counts the stop of a dienst the case was sent away from that ends without a start', () => {
    const a = afgerond('2024-07-10T10:00:00+02:00', 'onderzoek');
    const d = fold([
      melding('2024-06-03T10:00:00+02:00'),
      triage('2024-06-04T10:00:00+02:00', 'vervolgstappen_veilig_thuis', 'onderzoek'),
      triage('2024-06-06T10:00:00+02:00', 'overdracht'),
      a,
    ]);
    expect(stopsOf(d, 'onderzoek', 'vanaf_triage')).toMatchObject([{ days: 36, tijdig: true }]);
    expect(d.issues).toEqual([{ kind: 'dienst_afgerond_zonder_start', eventId: a.id }]);
  });

  it('after the closure a new decision drops nothing, and a decision for the same dienst again keeps its clock', () => {
    const base = [
      melding('2024-06-03T10:00:00+02:00'),
      triage('2024-06-04T10:00:00+02:00', 'vervolgstappen_veilig_thuis', 'onderzoek'),
      ev('ZaakAfgesloten', '2024-06-10T10:00:00+02:00', { reden: 'overig' }),
    ];
    const other = fold([...base, triage('2024-06-11T10:00:00+02:00', 'vervolgstappen_veilig_thuis', 'voorwaarden_en_vervolg'), afgerond('2024-06-20T10:00:00+02:00', 'onderzoek')]);
    expect(stopsOf(other, 'onderzoek').map((f) => [f.dims.klok, f.days]).sort()).toEqual([['vanaf_melding', 17], ['vanaf_triage', 16]]);
    const same = fold([...base, triage('2024-06-11T10:00:00+02:00', 'vervolgstappen_veilig_thuis', 'onderzoek'), afgerond('2024-06-20T10:00:00+02:00', 'onderzoek')]);
    expect(stopsOf(same, 'onderzoek', 'vanaf_triage')).toMatchObject([{ days: 16 }]);
  });

  it('keeps the time the case entered the overdracht fase when it is decided on again', () => {
    const d = fold([melding('2024-06-03T10:00:00+02:00'), triage('2024-06-04T10:00:00+02:00', 'overdracht'), triage('2024-06-07T10:00:00+02:00', 'overdracht')]);
    expect(openAt(d.spans, at('2024-06-10T12:00:00+02:00')).filter((s) => s.kind === 'wacht')).toMatchObject([{ dims: { fase: 'overdracht' }, enteredAt: at('2024-06-04T10:00:00+02:00') }]);
  });

  it('a DienstAfgerond without its start takes the case off that dienst\'s wait', () => {
    const a = afgerond('2024-06-10T10:00:00+02:00', 'onderzoek');
    const d = fold([melding('2024-06-03T10:00:00+02:00'), triage('2024-06-04T10:00:00+02:00', 'vervolgstappen_veilig_thuis', 'onderzoek'), a]);
    expect(d.issues).toEqual([{ kind: 'dienst_afgerond_zonder_start', eventId: a.id }]);
    expect(openAt(d.spans, at('2024-09-01T12:00:00+02:00')).filter((s) => s.kind === 'wacht')).toEqual([]);
    expect(stopsOf(d, 'onderzoek', 'vanaf_triage')).toMatchObject([{ tijdig: true, days: 6 }]);
  });
});

describe('foldCase: prioriteit', () => {
  it('PrioriteitVastgesteld splits the wait span but keeps enteredAt', () => {
    const t0 = '2024-06-03T09:00:00+02:00';
    const t1 = '2024-06-05T14:00:00+02:00';
    const d = fold([melding(t0, { prioriteit: 'midden' }), ev('PrioriteitVastgesteld', t1, { prioriteit: 'hoog' })]);
    // Triage deadline from Mon 3 June: 2024-06-10 (see above), on both parts.
    expect(spansOf(d, 'wacht')).toEqual([
      { kind: 'wacht', caseId: 'Z-1', from: ms(t0), to: ms(t1), enteredAt: ms(t0), deadline: '2024-06-10', dims: { fase: 'triage', prioriteit: 'midden', gemeente: GEMEENTE }, contacts: [] },
      { kind: 'wacht', caseId: 'Z-1', from: ms(t1), to: null, enteredAt: ms(t0), deadline: '2024-06-10', dims: { fase: 'triage', prioriteit: 'hoog', gemeente: GEMEENTE }, contacts: [] },
    ]);
    // Read at Wed 12 June: waiting 9 days since 3 June (not 7 since the change), and past its deadline.
    const t = ms('2024-06-12T12:00:00+02:00');
    const rows = buildStockRows(openAt(d.spans, t), t);
    expect(rows).toContainEqual({ key: 'wachtlijst', by: { prioriteit: 'hoog' }, value: 1 });
    expect(rows).toContainEqual({ key: 'wachttijd_dagen', by: { fase: 'triage', stat: 'max' }, value: 9 });
    expect(rows).toContainEqual({ key: 'wachtlijst_over_termijn', by: {}, value: 1 });
  });

  it('the same prioriteit again does not split the wait; a melding without prioriteit waits as onbekend', () => {
    const d = fold([melding('2024-06-03T09:00:00+02:00', { prioriteit: 'laag' }), ev('PrioriteitVastgesteld', '2024-06-04T09:00:00+02:00', { prioriteit: 'laag' })]);
    expect(spansOf(d, 'wacht')).toHaveLength(1);
    expect(spansOf(fold([melding('2024-06-03T09:00:00+02:00')]), 'wacht')[0].dims.prioriteit).toBe('onbekend');
  });
});

describe('foldCase: facts and their dimensions', () => {
  it('a multi-aard melding is one meldingen fact with the aard list', () => {
    const d = fold([melding('2024-06-03T09:00:00+02:00', { aard: ['partnergeweld', 'kindermishandeling'], crisis: true })]);
    expect(factsOf(d, 'meldingen')).toEqual([
      { key: 'meldingen', date: '2024-06-03', dims: { soort: 'beroepsmatig', groep: 'medisch', aard: ['partnergeweld', 'kindermishandeling'], gemeente: GEMEENTE } },
    ]);
    expect(factsOf(d, 'crisis_meldingen')).toEqual([{ key: 'crisis_meldingen', date: '2024-06-03', dims: { gemeente: GEMEENTE } }]);
  });

  it('an advice request without kanaal counts under kanaal onbekend, so the kanaal rows add up', () => {
    const d = fold([ev('AdviesvraagOntvangen', '2024-06-03T09:00:00+02:00', { gemeente: 'GM0166', vrager: { soort: 'particulier', groep: 'familielid' }, aard: ['ouderenmishandeling'] })]);
    expect(factsOf(d, 'adviezen')).toMatchObject([{ dims: { kanaal: 'onbekend' } }]);
    expect(buildFlowRows(d.facts)).toContainEqual({ key: 'adviezen', by: { kanaal: 'onbekend' }, value: 1 });
  });

  it('an advies case gives an adviezen fact and no spans', () => {
    const d = fold([
      ev('AdviesvraagOntvangen', '2024-06-03T09:00:00+02:00', { gemeente: 'GM0166', vrager: { soort: 'particulier', groep: 'familielid' }, aard: ['ouderenmishandeling'], kanaal: 'chat' }),
      ev('AdviesvraagAfgerond', '2024-06-03T09:30:00+02:00', { uitkomst: 'advies' }),
    ]);
    expect(d.facts).toEqual([
      { key: 'adviezen', date: '2024-06-03', dims: { soort: 'particulier', groep: 'familielid', aard: ['ouderenmishandeling'], kanaal: 'chat', gemeente: 'GM0166' } },
    ]);
    expect(d.spans).toEqual([]);
    expect(d.issues).toEqual([]);
  });

  it('carries the gemeente of the melding on every fact and span', () => {
    const d = fold([
      ev('OverdrachtGedaan', '2024-07-10T15:00:00+02:00', { soort: 'direct', partij: 'jeugdhulp' }),
      triage('2024-04-05T11:00:00+02:00', 'vervolgstappen_veilig_thuis', 'voorwaarden_en_vervolg'),
      melding('2024-03-28T10:00:00+01:00', { gemeente: 'GM0193' }),
      gestart('2024-05-13T09:00:00+02:00', 'voorwaarden_en_vervolg'),
      afgerond('2024-07-01T15:00:00+02:00', 'voorwaarden_en_vervolg'),
      ev('TijdelijkHuisverbodOpgelegd', '2024-04-01T15:00:00+02:00'),
    ]);
    expect(d.facts.length).toBeGreaterThanOrEqual(9);
    expect(d.spans.length).toBeGreaterThanOrEqual(8);
    expect(new Set([...d.facts, ...d.spans].map((x) => x.dims.gemeente))).toEqual(new Set(['GM0193']));
  });

  it('counts an advice request that led to a melding under the melding\'s gemeente; a second melding is listed, not counted', () => {
    const second = melding('2024-03-04T10:00:00+01:00', { gemeente: 'GM0166', aard: ['kindermishandeling'] });
    const d = fold([
      ev('AdviesvraagOntvangen', '2024-02-05T09:00:00+01:00', { gemeente: 'GM0148', vrager: { soort: 'particulier', groep: 'familielid' }, aard: ['partnergeweld'], kanaal: 'telefoon' }),
      ev('AdviesvraagAfgerond', '2024-02-05T09:30:00+01:00', { uitkomst: 'melding' }),
      melding('2024-02-06T10:00:00+01:00', { gemeente: 'GM0193' }),
      second,
    ]);
    expect(factsOf(d, 'adviezen')).toMatchObject([{ dims: { gemeente: 'GM0193' } }]);
    expect(factsOf(d, 'meldingen')).toMatchObject([{ date: '2024-02-06', dims: { gemeente: 'GM0193' } }]);
    expect(d.issues).toEqual([{ kind: 'dubbele_melding', eventId: second.id }]);
  });

  it('dates triagebesluiten, overdrachten and diensten with their kind dimensions', () => {
    const d = fold([
      melding('2024-03-28T10:00:00+01:00'),
      triage('2024-04-05T11:00:00+02:00', 'overdracht'),
      ev('OverdrachtGedaan', '2024-04-10T15:00:00+02:00', { soort: 'direct', partij: 'ggz' }),
    ]);
    expect(factsOf(d, 'triagebesluiten')).toEqual([{ key: 'triagebesluiten', date: '2024-04-05', dims: { besluit: 'overdracht', gemeente: GEMEENTE } }]);
    expect(factsOf(d, 'overdrachten')).toEqual([{ key: 'overdrachten', date: '2024-04-10', dims: { soort: 'direct', partij: 'ggz', gemeente: GEMEENTE } }]);
    expect(spansOf(d, 'wacht', { fase: 'overdracht' })).toMatchObject([{ from: ms('2024-04-05T11:00:00+02:00'), to: ms('2024-04-10T15:00:00+02:00'), deadline: null }]);
  });
});

describe('foldCase: a case that cannot be folded', () => {
  it('counts nowhere and is listed as niet_verwerkbaar, instead of throwing (an out-of-range date stored before validation refused it)', () => {
    const d = fold([melding('9999-12-31T23:30:00-01:00'), triage('2024-03-05T10:00:00+01:00', 'geen_vervolgstappen')]);
    expect(d).toEqual({ organisation: ORG, caseId: 'Z-1', facts: [], spans: [], issues: [{ kind: 'niet_verwerkbaar' }] });
    // Other cases fold as ever.
    expect(factsOf(fold([melding('2024-03-04T10:00:00+01:00')]), 'meldingen')).toHaveLength(1);
  });
});

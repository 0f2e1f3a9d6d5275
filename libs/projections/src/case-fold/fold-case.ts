import { deadlineOf, diffDays, isDienstTerm, isTijdig, KLOKKEN, localDateOf, type Klok, type LocalDate, type TermKey } from '../../../calendar/src';
import type { ProjectionConfig } from '../config/projection-config';
import { applyRetractions } from './apply-retractions';
import type { CaseEvent } from './case-event';
import type { CaseDerivation, Dims, Fact, QualityIssue, Span } from './derived';
import { instantOf, orderEvents } from './order-events';

export const UNKNOWN = 'onbekend';
/** Types that may come before (or without) a melding. */
const WITHOUT_MELDING = new Set(['AdviesvraagOntvangen', 'AdviesvraagAfgerond', 'MeldingOntvangen', 'TermijnOverschreden']);

/**
 * The melding opens a case: an event that needs one but is dated before it (a registration error: a
 * triagebesluit stamped minutes before its melding) is taken at the melding's instant, right after
 * it and in its own order among such events (the later of two early decisions still sets what the
 * case waits for), and listed as `event_voor_melding`. Taken at its own time, the melding would
 * reopen the triage wait after the decision that ended it, and the case would wait on two lists at
 * once for good. Its own date still decides its period and its clock stop (indicators.md: an event
 * belongs to the period of its local date): it goes in `ownDates`. `ordered`: the case's events in
 * business-time order.
 */
function afterMelding(ordered: CaseEvent[], issues: QualityIssue[], ownDates: Map<CaseEvent, LocalDate>): CaseEvent[] {
  const m = ordered.findIndex((e) => e.type === 'MeldingOntvangen');
  if (m <= 0) return ordered;
  const before = ordered.slice(0, m);
  const early = before.filter((e) => !WITHOUT_MELDING.has(e.type));
  if (early.length === 0) return ordered;
  const melding = ordered[m];
  for (const e of early) issues.push({ kind: 'event_voor_melding', eventId: e.id });
  const moved = early.map((e) => {
    const atMelding = { ...e, occurredAt: melding.occurredAt };
    ownDates.set(atMelding, localDateOf(e.occurredAt));
    return atMelding;
  });
  return [...before.filter((e) => WITHOUT_MELDING.has(e.type)), melding, ...moved, ...ordered.slice(m + 1)];
}

interface OpenClock {
  termijn: TermKey;
  klok?: Klok;
  start: number;
  startDate: LocalDate;
  deadline: LocalDate;
  /** Its span in the stocks; none for a clock started after the case was closed. */
  span?: Span;
}

/**
 * Folds the events of one case into what the indicators count: facts (flows), spans (stocks) and
 * data-quality issues. Pure: the same set of events gives the same result in any arrival order.
 * Follows spec/indicators.md; choices where it is silent are commented where they are made.
 *
 * A case whose events cannot be folded (an event stored before validation refused its kind of
 * value, or a fault in this code) counts nowhere and is listed as `niet_verwerkbaar` in the
 * data-quality view, instead of stopping the projections of every organisation at that event.
 */
export function foldCase(events: readonly CaseEvent[], config: ProjectionConfig): CaseDerivation {
  try {
    return foldCaseEvents(events, config);
  } catch {
    return { organisation: events[0]?.organisation ?? '', caseId: events[0]?.caseId ?? '', facts: [], spans: [], issues: [{ kind: 'niet_verwerkbaar' }] };
  }
}

function foldCaseEvents(events: readonly CaseEvent[], config: ProjectionConfig): CaseDerivation {
  const first = events[0];
  const organisation = first?.organisation ?? '';
  const caseId = first?.caseId ?? '';
  const terms = config.termsFor(organisation);
  const { kept, issues } = applyRetractions(events);
  // Events dated before their melding, taken at its instant: their own local dates.
  const ownDates = new Map<CaseEvent, LocalDate>();
  const ordered = afterMelding(orderEvents(kept), issues, ownDates);

  const facts: Fact[] = [];
  const spans: Span[] = [];
  const contacts: number[] = [];
  let gemeente: string | undefined;
  let prioriteit = UNKNOWN;
  let melding: { at: number; date: LocalDate } | undefined;
  let closedAt: number | undefined;
  let triageClockStopped = false;
  // Stopped clocks and the local date of their stop.
  const stopped = new Map<string, LocalDate>();
  const clocks = new Map<string, OpenClock>();
  // Clocks still running when the case was closed: the case left every list, but a stop registered
  // after the closure (a triagebesluit dated minutes after ZaakAfgesloten) is still a stop in its
  // period, counted in tijdig_pct and doorlooptijd_dagen as veiligheidsbeoordelingen counts it.
  const endedClocks = new Map<string, OpenClock>();
  // Clocks of a dienst the case was sent to and then no longer (dropUnstartedDienstClocks): a start
  // or an end of that dienst after all brings them back.
  const dropped = new Map<string, OpenClock>();
  // Every clock dropped and not brought back, with the date it ended, kept for TermijnOverschreden
  // (a later decision can start the same clock again).
  const lapses: { id: string; deadline: LocalDate; endDate: LocalDate }[] = [];
  // The terms whose TermijnOverschreden has counted: one per case and term.
  const overschreden = new Set<string>();
  const forgetLapse = (id: string, deadline: LocalDate) => {
    const i = lapses.findIndex((l) => l.id === id && l.deadline === deadline);
    if (i >= 0) lapses.splice(i, 1);
  };
  const waits: Span[] = [];
  const runningDiensten = new Map<string, Span>();
  // Diensten still running when the case was closed: a later DienstAfgerond of one had its start.
  const endedByClosure = new Set<string>();
  const triageFor = new Map<string, { at: number; date: LocalDate }>();

  const issue = (kind: string, e: CaseEvent) => issues.push({ kind, eventId: e.id });
  const fact = (key: string, date: LocalDate, dims: Dims = {}, extra: Partial<Fact> = {}) => facts.push({ key, date, dims, ...extra });
  const openSpan = (kind: Span['kind'], at: number, dims: Dims, deadline: LocalDate | null, enteredAt = at): Span => {
    const span: Span = { kind, caseId, from: at, to: null, enteredAt, deadline, dims, contacts };
    spans.push(span);
    return span;
  };
  const startClock = (termijn: TermKey, klok: Klok | undefined, start: number, startDate: LocalDate, spanFrom = start) => {
    const id = klok ? `${termijn}/${klok}` : termijn;
    if (clocks.has(id) || endedClocks.has(id) || stopped.has(id)) return;
    // Sent to the dienst again: a new clock from this decision.
    dropped.delete(id);
    const deadline = deadlineOf(terms[termijn], startDate, config.calendar);
    // A closed case is on no list: its clock runs for its stop alone.
    if (closedAt !== undefined) return void endedClocks.set(id, { termijn, klok, start, startDate, deadline });
    const span = openSpan('klok', spanFrom, klok ? { termijn, klok } : { termijn }, deadline);
    clocks.set(id, { termijn, klok, start, startDate, deadline, span });
  };
  const stopClock = (id: string, at: number, date: LocalDate) => {
    const running = clocks.get(id);
    // One ended by the closure, or dropped (the dienst ended after all): only the stop is counted.
    const clock = running ?? endedClocks.get(id) ?? dropped.get(id);
    if (!clock) return;
    if (dropped.delete(id)) forgetLapse(id, clock.deadline);
    clocks.delete(id);
    endedClocks.delete(id);
    stopped.set(id, date);
    // A clock ended by the closure left the lists there; only its stop is counted.
    if (running?.span) running.span.to = at;
    const dims: Dims = clock.klok ? { termijn: clock.termijn, klok: clock.klok } : { termijn: clock.termijn };
    // A stop dated before its start (an event dated before its melding) took no days.
    fact('klokstop', date, dims, { tijdig: isTijdig(date, clock.deadline), days: Math.max(0, diffDays(clock.startDate, date)) });
  };
  const closeWaits = (at: number, which: (s: Span) => boolean) => {
    for (let i = waits.length - 1; i >= 0; i--) {
      if (which(waits[i])) {
        waits[i].to = at;
        waits.splice(i, 1);
      }
    }
  };
  const openWait = (at: number, fase: string, deadline: LocalDate | null, dienst?: string, enteredAt = at) => {
    waits.push(openSpan('wacht', at, dienst ? { fase, dienst, prioriteit } : { fase, prioriteit }, deadline, enteredAt));
  };
  /**
   * The clocks of a dienst the case no longer waits for (another decision, or a transfer) and that
   * never started end without a stop: they count in no tijdig_pct, and no longer run in
   * open_binnen_termijn_pct, the over-term listing or the term alerts. `keep`: the dienst just decided on.
   */
  const dropUnstartedDienstClocks = (at: number, date: LocalDate, keep?: string) => {
    // A closed case is on no list: its clocks run for their stops alone and harm nothing.
    if (closedAt !== undefined) return;
    for (const [id, c] of clocks) {
      if (!c.klok || c.klok === 'vanaf_start' || c.termijn === keep || runningDiensten.has(c.termijn)) continue;
      if (c.span) c.span.to = at;
      clocks.delete(id);
      dropped.set(id, c);
      lapses.push({ id, deadline: c.deadline, endDate: date });
    }
  };
  /** The dienst of dropped clocks starts after all (listed as an oddity): they run again, from its start, with their own deadline. */
  const restoreDroppedClocks = (dienst: string, at: number, e: CaseEvent) => {
    let restored = false;
    for (const [id, c] of dropped) {
      if (c.termijn !== dienst) continue;
      dropped.delete(id);
      forgetLapse(id, c.deadline);
      const span = closedAt === undefined ? openSpan('klok', at, { termijn: c.termijn, klok: c.klok! }, c.deadline) : undefined;
      (span ? clocks : endedClocks).set(id, { ...c, span });
      restored = true;
    }
    if (restored) issue('dienst_na_ander_besluit', e);
  };

  for (const e of ordered) {
    const at = instantOf(e);
    const date = ownDates.get(e) ?? localDateOf(e.occurredAt);
    if (closedAt !== undefined && e.type !== 'TermijnOverschreden') issue('event_na_afsluiting', e);
    if (!melding && !WITHOUT_MELDING.has(e.type)) issue('event_zonder_melding', e);

    switch (e.type) {
      case 'AdviesvraagOntvangen':
        gemeente ??= e.data.gemeente;
        fact('adviezen', date, { soort: e.data.vrager.soort, groep: e.data.vrager.groep, aard: e.data.aard, kanaal: e.data.kanaal ?? UNKNOWN });
        break;
      case 'MeldingOntvangen':
        if (melding) {
          issue('dubbele_melding', e);
          break;
        }
        gemeente = e.data.gemeente;
        melding = { at, date };
        if (e.data.prioriteit) prioriteit = e.data.prioriteit;
        fact('meldingen', date, { soort: e.data.melder.soort, groep: e.data.melder.groep, aard: e.data.aard });
        if (e.data.crisis) fact('crisis_meldingen', date);
        // A closed case (a closure dated before its melding) is on no list.
        if (closedAt === undefined) openWait(at, 'triage', deadlineOf(terms.triage, date, config.calendar));
        for (const termijn of ['veiligheidsbeoordeling', 'triage', 'eerste_contact'] as const) startClock(termijn, undefined, at, date);
        break;
      case 'PrioriteitVastgesteld':
        if (e.data.prioriteit === prioriteit) break;
        prioriteit = e.data.prioriteit;
        // A change of prioriteit splits each running wait; the case keeps its place (enteredAt).
        for (let i = 0; i < waits.length; i++) {
          const old = waits[i];
          old.to = at;
          waits[i] = openSpan('wacht', at, { ...old.dims, prioriteit }, old.deadline, old.enteredAt);
        }
        break;
      case 'VeiligheidsbeoordelingAfgerond':
        fact('veiligheidsbeoordelingen', date, { conclusie: e.data.conclusie });
        stopClock('veiligheidsbeoordeling', at, date);
        break;
      case 'EersteContactGelegd':
        fact('eerste_contacten', date);
        stopClock('eerste_contact', at, date);
        break;
      case 'TriagebesluitGenomen': {
        fact('triagebesluiten', date, { besluit: e.data.besluit, ...(e.data.dienst ? { dienst: e.data.dienst } : {}) });
        if (!triageClockStopped) {
          stopClock('triage', at, date);
          triageClockStopped = true;
        }
        // The latest decision sets what the case waits for: a new decision ends earlier waits, and
        // the clocks of a dienst it replaces (never started). A case that stays in its fase (another
        // dienst) keeps the time it entered it: wachttijd_dagen counts from there.
        const entered = new Map(waits.map((w) => [w.dims.fase, w.enteredAt]));
        closeWaits(at, () => true);
        dropUnstartedDienstClocks(at, date, e.data.dienst);
        if (e.data.besluit === 'vervolgstappen_veilig_thuis') {
          const dienst: string = e.data.dienst;
          const termed = isDienstTerm(dienst);
          if (termed) {
            startClock(dienst as TermKey, 'vanaf_triage', at, date);
            // Counted from the melding, but known to run only once the case is sent to the dienst.
            if (melding) startClock(dienst as TermKey, 'vanaf_melding', melding.at, melding.date, at);
          }
          // The legal term runs from the decision that sent the case to this dienst: a decision for
          // the same dienst again, while its clock runs, keeps the first one's deadline.
          const legal = termed ? (clocks.get(`${dienst}/vanaf_triage`) ?? endedClocks.get(`${dienst}/vanaf_triage`)) : undefined;
          triageFor.set(dienst, legal ? { at: legal.start, date: legal.startDate } : { at, date });
          // A dienst already running is not waited for ("D not yet started"); a closed case waits for nothing.
          if (!runningDiensten.has(dienst) && closedAt === undefined) {
            const deadline = legal?.deadline ?? (termed ? deadlineOf(terms[dienst as TermKey], date, config.calendar) : null);
            openWait(at, 'dienst', deadline, dienst, entered.get('dienst'));
          }
        } else if (e.data.besluit === 'overdracht' && closedAt === undefined) {
          openWait(at, 'overdracht', null, undefined, entered.get('overdracht'));
        }
        break;
      }
      case 'ContactTijdensWachten':
        contacts.push(at);
        break;
      case 'DienstGestart': {
        const dienst: string = e.data.dienst;
        fact('diensten_gestart', date, { dienst });
        if (isDienstTerm(dienst) && !triageFor.has(dienst)) issue('dienst_zonder_triagebesluit', e);
        closeWaits(at, (s) => s.dims.fase === 'dienst' && s.dims.dienst === dienst);
        if (runningDiensten.has(dienst)) break;
        restoreDroppedClocks(dienst, at, e);
        const triage = triageFor.get(dienst);
        const termed = isDienstTerm(dienst);
        const deadline = termed ? deadlineOf(terms[dienst as TermKey], (triage ?? { date }).date, config.calendar) : null;
        // A closed case has no open dienst; its later DienstAfgerond still had its start.
        if (closedAt === undefined) runningDiensten.set(dienst, openSpan('dienst', at, { dienst }, deadline));
        else endedByClosure.add(dienst);
        if (termed) startClock(dienst as TermKey, 'vanaf_start', at, date);
        break;
      }
      case 'DienstAfgerond': {
        const dienst: string = e.data.dienst;
        fact('diensten_afgerond', date, { dienst });
        const running = runningDiensten.get(dienst);
        if (running) {
          running.to = at;
          runningDiensten.delete(dienst);
        } else if (!endedByClosure.delete(dienst)) issue('dienst_afgerond_zonder_start', e);
        // Ended, so no longer waited for, even without its start.
        closeWaits(at, (s) => s.dims.fase === 'dienst' && s.dims.dienst === dienst);
        if (isDienstTerm(dienst)) for (const klok of KLOKKEN) stopClock(`${dienst}/${klok}`, at, date);
        break;
      }
      case 'OverdrachtGedaan':
        fact('overdrachten', date, { soort: e.data.soort, partij: e.data.partij });
        // Transferred: the case waits for nothing at Veilig Thuis any more (also not for a dienst it
        // was sent to and never got), and that dienst's clocks end without a stop.
        closeWaits(at, () => true);
        dropUnstartedDienstClocks(at, date);
        break;
      case 'MonitoringAfgerond':
        fact('monitoring_afgerond', date);
        break;
      case 'TijdelijkHuisverbodOpgelegd':
        fact('huisverboden', date);
        break;
      case 'TermijnOverschreden': {
        // Written by the monitor when the term passed with the clock running. A stop registered
        // later but dated on or before the deadline shows the term was met after all: the event
        // then counts nowhere and is listed as an oddity (the legal clock of a dienst is vanaf_triage).
        const id = isDienstTerm(e.data.termijn) ? `${e.data.termijn}/vanaf_triage` : e.data.termijn;
        const stopDate = stopped.get(id);
        // Likewise a clock that ended without a stop by then (the case sent to another dienst or transferred).
        const lapsed = lapses.some((l) => l.id === id && l.deadline === e.data.deadline && l.endDate <= e.data.deadline);
        if (stopDate !== undefined && stopDate <= e.data.deadline) issue('termijn_overschreden_maar_tijdig', e);
        else if (lapsed) issue('termijn_overschreden_vervallen', e);
        // Once per case and term, as the monitor writes it (its id is derived from case and term):
        // another one (sent in by a source system, or with another id) would count the case twice.
        else if (overschreden.has(e.data.termijn)) issue('dubbele_termijn_overschreden', e);
        else {
          overschreden.add(e.data.termijn);
          fact('termijnen_overschreden', date, { termijn: e.data.termijn });
        }
        break;
      }
      case 'ZaakAfgesloten':
        if (closedAt !== undefined) break;
        // The case leaves every list: waits, running diensten and the spans of running clocks end
        // here. The clocks themselves wait for a stop registered after the closure (endedClocks).
        closedAt = at;
        closeWaits(at, () => true);
        for (const [dienst, s] of runningDiensten) {
          s.to = at;
          endedByClosure.add(dienst);
        }
        runningDiensten.clear();
        for (const [id, c] of clocks) {
          if (c.span) c.span.to = at;
          endedClocks.set(id, c);
        }
        clocks.clear();
        break;
      default:
        // AdviesvraagAfgerond, MonitoringContactGehad: no indicator counts them.
        break;
    }
  }

  const g = gemeente ?? UNKNOWN;
  for (const f of facts) f.dims = { ...f.dims, gemeente: g };
  // A span that ended where it began (a decision stamped with its melding's time) is open at no instant: left out.
  const lasting = spans.filter((s) => s.to === null || s.to > s.from);
  for (const s of lasting) s.dims = { ...s.dims, gemeente: g };
  return { organisation, caseId, facts, spans: lasting, issues: issues.map((i): QualityIssue => i) };
}

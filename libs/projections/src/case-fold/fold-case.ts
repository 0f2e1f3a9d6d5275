import { deadlineOf, isDienstTerm, KLOKKEN, localDateOf, type LocalDate, type TermKey } from '../../../calendar/src';
import type { ProjectionConfig } from '../config/projection-config';
import { applyRetractions } from './apply-retractions';
import type { CaseEvent } from './case-event';
import type { CaseDerivation, Dims, Fact, QualityIssue, Span } from './derived';
import { instantOf, orderEvents } from './order-events';
import { clockId, TermClocks } from './term-clocks';

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
  // The terms whose TermijnOverschreden has counted: one per case and term.
  const overschreden = new Set<string>();
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
  const clocks = new TermClocks(terms, config.calendar, { openSpan, fact });

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
        for (const termijn of ['veiligheidsbeoordeling', 'triage', 'eerste_contact'] as const) clocks.start(termijn, undefined, at, date);
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
        clocks.stop('veiligheidsbeoordeling', at, date);
        break;
      case 'EersteContactGelegd':
        fact('eerste_contacten', date);
        clocks.stop('eerste_contact', at, date);
        break;
      case 'TriagebesluitGenomen': {
        fact('triagebesluiten', date, { besluit: e.data.besluit, ...(e.data.dienst ? { dienst: e.data.dienst } : {}) });
        if (!triageClockStopped) {
          clocks.stop('triage', at, date);
          triageClockStopped = true;
        }
        // The latest decision sets what the case waits for: a new decision ends earlier waits, and
        // the clocks of a dienst it replaces (never started). A case that stays in its fase (another
        // dienst) keeps the time it entered it: wachttijd_dagen counts from there.
        const entered = new Map(waits.map((w) => [w.dims.fase, w.enteredAt]));
        closeWaits(at, () => true);
        clocks.dropUnstarted(at, date, e.data.dienst, runningDiensten);
        if (e.data.besluit === 'vervolgstappen_veilig_thuis') {
          const dienst: string = e.data.dienst;
          const termed = isDienstTerm(dienst);
          if (termed) {
            clocks.start(dienst as TermKey, 'vanaf_triage', at, date);
            // Counted from the melding, but known to run only once the case is sent to the dienst.
            if (melding) clocks.start(dienst as TermKey, 'vanaf_melding', melding.at, melding.date, at);
          }
          // The legal term runs from the decision that sent the case to this dienst: a decision for
          // the same dienst again, while its clock runs, keeps the first one's deadline.
          const legal = termed ? clocks.unstopped(clockId(dienst, 'vanaf_triage')) : undefined;
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
        if (clocks.restoreDropped(dienst, at)) issue('dienst_na_ander_besluit', e);
        const triage = triageFor.get(dienst);
        const termed = isDienstTerm(dienst);
        const deadline = termed ? deadlineOf(terms[dienst as TermKey], (triage ?? { date }).date, config.calendar) : null;
        // A closed case has no open dienst; its later DienstAfgerond still had its start.
        if (closedAt === undefined) runningDiensten.set(dienst, openSpan('dienst', at, { dienst }, deadline));
        else endedByClosure.add(dienst);
        if (termed) clocks.start(dienst as TermKey, 'vanaf_start', at, date);
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
        if (isDienstTerm(dienst)) for (const klok of KLOKKEN) clocks.stop(clockId(dienst, klok), at, date);
        break;
      }
      case 'OverdrachtGedaan':
        fact('overdrachten', date, { soort: e.data.soort, partij: e.data.partij });
        // Transferred: the case waits for nothing at Veilig Thuis any more (also not for a dienst it
        // was sent to and never got), and that dienst's clocks end without a stop. So does the eerste
        // contact's: after the transfer it is the other party's to make (the seeded VT NOG history has
        // 7,723 for 12,519 meldingen; without this a case in monitoring stayed over that term for good).
        // The veiligheidsbeoordeling and the triage come before any transfer: theirs run on.
        closeWaits(at, () => true);
        clocks.dropUnstarted(at, date, undefined, runningDiensten);
        clocks.drop('eerste_contact', at, date);
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
        const id = isDienstTerm(e.data.termijn) ? clockId(e.data.termijn, 'vanaf_triage') : e.data.termijn;
        const stopDate = clocks.stopDateOf(id);
        // Likewise a clock that ended without a stop by then (the case sent to another dienst or transferred).
        const lapsed = clocks.lapsedBy(id, e.data.deadline);
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
        // here. The clocks themselves wait for a stop registered after the closure.
        closedAt = at;
        closeWaits(at, () => true);
        for (const [dienst, s] of runningDiensten) {
          s.to = at;
          endedByClosure.add(dienst);
        }
        runningDiensten.clear();
        clocks.close(at);
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

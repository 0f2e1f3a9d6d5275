import { deadlineOf, diffDays, isTijdig, type Klok, type LocalDate, type TermDefinition, type TermKey, type WorkingDayCalendar } from '../../../calendar/src';
import type { Dims, Fact, Span } from './derived';

/** A term's clock of one case: veiligheidsbeoordeling, triage, eerste contact, or one of a dienst's three. */
export interface OpenClock {
  termijn: TermKey;
  klok?: Klok;
  start: number;
  startDate: LocalDate;
  deadline: LocalDate;
  /** Its span in the stocks; none for a clock started after the case was closed. */
  span?: Span;
}

/** A clock's key within its case: the termijn, and for a dienst's clocks `termijn/klok`. */
export function clockId(termijn: string, klok?: string): string {
  return klok ? `${termijn}/${klok}` : termijn;
}

/** What the clocks give back to the case fold: the spans they run as, and the stops they count. */
export interface ClockOutput {
  openSpan(kind: 'klok', at: number, dims: Dims, deadline: LocalDate): Span;
  fact(key: 'klokstop', date: LocalDate, dims: Dims, extra: Partial<Fact>): void;
}

/**
 * The term clocks of one case, for `foldCase`: when each starts, stops, ends without a stop or
 * comes back, and what that counts. A clock counts once, at its first stop (tijdig_pct,
 * doorlooptijd_dagen), and runs as a `klok` span until then (the stocks, the over-term list, the
 * term alerts). Pure state of one fold; it knows the case only through the calls of the fold.
 */
export class TermClocks {
  private readonly running = new Map<string, OpenClock>();
  // Clocks still running when the case was closed: the case left every list, but a stop registered
  // after the closure (a triagebesluit dated minutes after ZaakAfgesloten) is still a stop in its
  // period, counted in tijdig_pct and doorlooptijd_dagen as veiligheidsbeoordelingen counts it.
  private readonly ended = new Map<string, OpenClock>();
  // Clocks of a dienst the case was sent to and then no longer (dropUnstarted): a start or an end
  // of that dienst after all brings them back.
  private readonly dropped = new Map<string, OpenClock>();
  // Stopped clocks and the local date of their stop.
  private readonly stopped = new Map<string, LocalDate>();
  // Every clock dropped and not brought back, with the date it ended, kept for TermijnOverschreden
  // (a later decision can start the same clock again).
  private readonly lapses: { id: string; deadline: LocalDate; endDate: LocalDate }[] = [];
  private closed = false;

  constructor(
    private readonly terms: Record<TermKey, TermDefinition>,
    private readonly calendar: WorkingDayCalendar,
    private readonly out: ClockOutput,
  ) {}

  /** Starts a clock, unless it runs, ran or is stopped already; on a closed case it runs for its stop alone. */
  start(termijn: TermKey, klok: Klok | undefined, start: number, startDate: LocalDate, spanFrom = start): void {
    const id = clockId(termijn, klok);
    if (this.running.has(id) || this.ended.has(id) || this.stopped.has(id)) return;
    // Sent to the dienst again: a new clock from this decision.
    this.dropped.delete(id);
    const deadline = deadlineOf(this.terms[termijn], startDate, this.calendar);
    // A closed case is on no list: its clock runs for its stop alone.
    if (this.closed) return void this.ended.set(id, { termijn, klok, start, startDate, deadline });
    const span = this.out.openSpan('klok', spanFrom, klok ? { termijn, klok } : { termijn }, deadline);
    this.running.set(id, { termijn, klok, start, startDate, deadline, span });
  }

  /** Stops a clock (running, ended by the closure, or dropped) and counts its stop: tijdig or not, and its days. */
  stop(id: string, at: number, date: LocalDate): void {
    const running = this.running.get(id);
    // One ended by the closure, or dropped (the dienst ended after all): only the stop is counted.
    const clock = running ?? this.ended.get(id) ?? this.dropped.get(id);
    if (!clock) return;
    if (this.dropped.delete(id)) this.forgetLapse(id, clock.deadline);
    this.running.delete(id);
    this.ended.delete(id);
    this.stopped.set(id, date);
    // A clock ended by the closure left the lists there; only its stop is counted.
    if (running?.span) running.span.to = at;
    const dims: Dims = clock.klok ? { termijn: clock.termijn, klok: clock.klok } : { termijn: clock.termijn };
    // A stop dated before its start (an event dated before its melding) took no days.
    this.out.fact('klokstop', date, dims, { tijdig: isTijdig(date, clock.deadline), days: Math.max(0, diffDays(clock.startDate, date)) });
  }

  /**
   * The clocks of a dienst the case no longer waits for (another decision, or a transfer) and that
   * never started end without a stop: they count in no tijdig_pct, and no longer run in
   * open_binnen_termijn_pct, the over-term listing or the term alerts. `keep`: the dienst just
   * decided on; `runningDiensten`: the diensten under way, whose clocks run on.
   */
  dropUnstarted(at: number, date: LocalDate, keep: string | undefined, runningDiensten: { has(dienst: string): boolean }): void {
    // A closed case is on no list: its clocks run for their stops alone and harm nothing.
    if (this.closed) return;
    for (const [id, c] of this.running) {
      if (!c.klok || c.klok === 'vanaf_start' || c.termijn === keep || runningDiensten.has(c.termijn)) continue;
      this.drop(id, at, date);
    }
  }

  /**
   * A running clock that no longer applies ends without a stop: it counts in no tijdig_pct and
   * leaves open_binnen_termijn_pct, the over-term listing and the term alerts; a stop registered
   * later still counts, and a TermijnOverschreden for a deadline after this end is `vervallen`.
   */
  drop(id: string, at: number, date: LocalDate): void {
    const c = this.running.get(id);
    // A closed case is on no list: its clocks run for their stops alone and harm nothing.
    if (!c || this.closed) return;
    if (c.span) c.span.to = at;
    this.running.delete(id);
    this.dropped.set(id, c);
    this.lapses.push({ id, deadline: c.deadline, endDate: date });
  }

  /** The dienst of dropped clocks starts after all: they run again, from its start, with their own deadline. True when any did. */
  restoreDropped(dienst: string, at: number): boolean {
    let restored = false;
    for (const [id, c] of this.dropped) {
      if (c.termijn !== dienst) continue;
      this.dropped.delete(id);
      this.forgetLapse(id, c.deadline);
      const span = this.closed ? undefined : this.out.openSpan('klok', at, { termijn: c.termijn, klok: c.klok! }, c.deadline);
      (span ? this.running : this.ended).set(id, { ...c, span });
      restored = true;
    }
    return restored;
  }

  /** The case is closed: the spans of running clocks end here; the clocks wait for a stop registered later. */
  close(at: number): void {
    this.closed = true;
    for (const [id, c] of this.running) {
      if (c.span) c.span.to = at;
      this.ended.set(id, c);
    }
    this.running.clear();
  }

  /** A clock that runs, or ran until the closure, and has not stopped. */
  unstopped(id: string): OpenClock | undefined {
    return this.running.get(id) ?? this.ended.get(id);
  }

  /** The local date of the clock's stop, if it stopped. */
  stopDateOf(id: string): LocalDate | undefined {
    return this.stopped.get(id);
  }

  /** Whether the clock with this deadline ended without a stop on or before the deadline (and did not come back). */
  lapsedBy(id: string, deadline: LocalDate): boolean {
    return this.lapses.some((l) => l.id === id && l.deadline === deadline && l.endDate <= deadline);
  }

  private forgetLapse(id: string, deadline: LocalDate): void {
    const i = this.lapses.findIndex((l) => l.id === id && l.deadline === deadline);
    if (i >= 0) this.lapses.splice(i, 1);
  }
}

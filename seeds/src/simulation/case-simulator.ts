import { createHash } from 'node:crypto';
import { DateTime } from 'luxon';
import type { VtEvent } from '../../../libs/events/src';
import { deterministicUuid } from '../deterministic-uuid';
import { Rng } from '../prng';
import { HOUR_MS, weekHourOf, type CaseTemplate, type OrganisationRhythm } from './organisation-rhythm';

export interface SimulatorOptions {
  /** Multiplies the rate of new cases and divides every delay within a case (1 = real time). */
  speed: number;
  /** Seed of the random choices: the same seed and start give the same events, ids included. */
  seed: string;
  /** The instant the simulation starts (epoch ms); no event is due before it. */
  startMs: number;
}

interface Due {
  dueMs: number;
  seq: number;
  event: VtEvent;
}

const pad = (n: number, w: number) => String(n).padStart(w, '0');

/**
 * New cases in real time from an organisation's seeded rhythm (pure: no clock, no I/O; the caller
 * says what time it is). The seeded week is played `speed` times fast from the hour of the week
 * the run starts in: cases begin as a Poisson process with the seeded rate of each hour of the week
 * (so `speed` × as many per real second), and each copies the course of a seeded case that began in
 * the same hour of the week (its steps, categories and delays, the delays ÷ `speed`). At speed 1
 * that is the organisation's own week; at 10,000 a week passes in a minute, quiet nights included.
 * An event's `occurredAt` is the real instant it falls due, so it is never later than the `nowMs`
 * at which `advance` hands it out (and never later than the store's `recordedAt`).
 *
 * Case ids keep the seeds' form with a run key, `VTIJ-2026-S1a2b3c-000042` (a melding) and
 * `VTIJ-2026-S1a2b3c-A000043` (an advice request), so runs never share a case; event ids are
 * name-based UUIDs of run, case and step, so sending an event again is a duplicate, not a double.
 */
export class CaseSimulator {
  readonly runKey: string;
  private readonly arrivals: Rng;
  private readonly picks: Rng;
  private readonly queue: Due[] = [];
  private seq = 0;
  /** The next case's start on the rhythm's time line (which runs `speed` × as fast as the real one). */
  private nextArrivalRhythm: number;
  private clockMs: number;
  private started = 0;
  private readonly pendingByCase = new Map<string, number>();

  constructor(private readonly rhythm: OrganisationRhythm, private readonly options: SimulatorOptions) {
    if (!(options.speed > 0) || !Number.isFinite(options.speed)) throw new Error(`speed must be a positive number, got ${options.speed}`);
    if (!rhythm.casesPerHour.some((r) => r > 0)) throw new Error(`the rhythm of ${rhythm.organisation} has no cases`);
    this.runKey = createHash('sha1').update(`${options.seed}/${options.startMs}`).digest('hex').slice(0, 6);
    const rng = new Rng(`simulate/${rhythm.organisation}/${options.seed}`);
    this.arrivals = rng.fork('arrivals');
    this.picks = rng.fork('picks');
    this.clockMs = options.startMs;
    this.nextArrivalRhythm = this.arrivalAfter(options.startMs);
  }

  /** Cases begun so far. */
  get casesStarted(): number {
    return this.started;
  }

  /** Events of begun cases that are not yet due. */
  get pendingEvents(): number {
    return this.queue.length;
  }

  /** Begun cases with events not yet due (still running their course). */
  get openCases(): number {
    return this.pendingByCase.size;
  }

  /** Every event due by `nowMs`, in order of due time (a case's steps in their order). */
  advance(nowMs: number): VtEvent[] {
    if (nowMs < this.clockMs) throw new Error('advance: time went backwards');
    this.clockMs = nowMs;
    const { startMs, speed } = this.options;
    const rhythmNow = startMs + (nowMs - startMs) * speed;
    while (this.nextArrivalRhythm <= rhythmNow) {
      const realMs = Math.min(nowMs, startMs + Math.round((this.nextArrivalRhythm - startMs) / speed));
      this.begin(realMs, weekHourOf(this.nextArrivalRhythm));
      this.nextArrivalRhythm = this.arrivalAfter(this.nextArrivalRhythm);
    }
    let n = 0;
    while (n < this.queue.length && this.queue[n].dueMs <= nowMs) n++;
    const due = this.queue.splice(0, n);
    for (const d of due) {
      const left = this.pendingByCase.get(d.event.caseId)! - 1;
      if (left === 0) this.pendingByCase.delete(d.event.caseId);
      else this.pendingByCase.set(d.event.caseId, left);
    }
    return due.map((d) => d.event);
  }

  /** The next arrival after rhythm time `t`: an Exp(1) draw spent against the piecewise-constant hourly rate. */
  private arrivalAfter(t: number): number {
    let budget = -Math.log(1 - this.arrivals.next());
    let at = t;
    for (let guard = 0; guard < 24 * 7 * 4; guard++) {
      const hourEnd = (Math.floor(at / HOUR_MS) + 1) * HOUR_MS;
      const ratePerMs = this.rhythm.casesPerHour[weekHourOf(at)] / HOUR_MS;
      if (ratePerMs * (hourEnd - at) >= budget) return at + budget / ratePerMs;
      budget -= ratePerMs * (hourEnd - at);
      at = hourEnd;
    }
    return at;
  }

  private begin(atMs: number, weekHour: number): void {
    const candidates = this.rhythm.templates[weekHour];
    if (candidates.length === 0) return;
    const template: CaseTemplate = this.picks.pick(candidates);
    this.started++;
    const { organisation } = this.rhythm;
    const year = DateTime.fromMillis(atMs, { zone: 'Europe/Amsterdam' }).year;
    const caseId = `${organisation}-${year}-S${this.runKey}-${template.kind === 'advies' ? 'A' : ''}${pad(this.started, 6)}`;
    const ids = template.steps.map((s, i) => deterministicUuid(`simulate/${this.runKey}/${caseId}/${i}/${s.type}`));
    template.steps.forEach((step, i) => {
      const dueMs = atMs + Math.round(step.offsetMs / this.options.speed);
      const data = step.retracts !== undefined ? { ...step.data, eventId: ids[step.retracts] } : structuredClone(step.data);
      const event = { id: ids[i], type: step.type, organisation, caseId, occurredAt: isoInAmsterdam(dueMs), data } as VtEvent;
      this.insert({ dueMs, seq: this.seq++, event });
    });
    this.pendingByCase.set(caseId, template.steps.length);
  }

  private insert(d: Due): void {
    let lo = 0;
    let hi = this.queue.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      const q = this.queue[mid];
      if (q.dueMs < d.dueMs || (q.dueMs === d.dueMs && q.seq < d.seq)) lo = mid + 1;
      else hi = mid;
    }
    this.queue.splice(lo, 0, d);
  }
}

/** ISO-8601 with the Europe/Amsterdam offset of that instant, milliseconds included. */
export function isoInAmsterdam(ms: number): string {
  return DateTime.fromMillis(ms, { zone: 'Europe/Amsterdam' }).toISO()!;
}

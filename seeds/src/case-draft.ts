import type { EventData, EventType, VtEvent } from '../../libs/events/src';
import { isoOfWall, type Wall } from './amsterdam-time';
import type { Day } from './day-index';
import { deterministicUuid } from './deterministic-uuid';
import type { Rng } from './prng';
import { anyHourWall, daytimeWall, laterInOffice, laterSameDay, officeWall } from './time-of-day';

/**
 * One case as planned: its steps with a day each (the planners decide days: that is where terms,
 * periods and the published counts are decided) and how to pick the time of day. `emit` turns it
 * into events: times strictly increasing, ids derived from (organisation, case, step).
 */
export type TimeMode = 'office' | 'any' | 'daytime';

interface Step {
  type: EventType;
  day: Day;
  /** The data, or a function of the events emitted before it (a retraction names the id of its target). */
  data: unknown;
  mode: TimeMode;
  wall?: Wall;
}

export class CaseDraft {
  private readonly steps: Step[] = [];

  constructor(
    readonly organisation: string,
    readonly caseId: string,
  ) {}

  /** Adds a step; steps of one day must be added in their lifecycle order. */
  add<T extends EventType>(type: T, day: Day, data: EventData[T] | ((before: readonly VtEvent[]) => EventData[T]), mode: TimeMode = 'office', wall?: Wall): this {
    this.steps.push({ type, day, data, mode, wall });
    return this;
  }

  get size(): number {
    return this.steps.length;
  }

  /** The events, in order, dropping every step after `horizon` (the data's snapshot day). */
  emit(rng: Rng, horizon: Day): VtEvent[] {
    const steps = this.steps
      .map((s, i) => ({ s, i }))
      .sort((a, b) => a.s.day - b.s.day || a.i - b.i)
      .map((x) => x.s)
      .filter((s) => s.day <= horizon);
    const events: VtEvent[] = [];
    let prev: Wall = -Infinity;
    for (const s of steps) {
      let wall: Wall;
      if (s.wall !== undefined && s.wall > prev) wall = s.wall;
      else if (prev !== -Infinity && Math.floor(prev / 86400) === s.day) {
        const fresh = s.mode === 'office' ? officeWall(rng, s.day) : s.mode === 'daytime' ? daytimeWall(rng, s.day) : -Infinity;
        wall = fresh > prev ? fresh : s.mode === 'office' ? laterInOffice(rng, prev) : laterSameDay(rng, prev, s.mode === 'any' ? 2 * 3600 : 3 * 3600);
      } else {
        wall = s.mode === 'office' ? officeWall(rng, s.day) : s.mode === 'daytime' ? daytimeWall(rng, s.day) : anyHourWall(rng, s.day);
      }
      if (Math.floor(wall / 86400) !== s.day || wall <= prev) throw new Error(`${this.caseId}: cannot place ${s.type} on day ${s.day}`);
      prev = wall;
      const index = events.length;
      events.push({
        id: deterministicUuid(`${this.organisation}/${this.caseId}/${index}/${s.type}`),
        type: s.type,
        organisation: this.organisation,
        caseId: this.caseId,
        occurredAt: isoOfWall(wall),
        data: typeof s.data === 'function' ? (s.data as (before: readonly VtEvent[]) => unknown)(events) : s.data,
      } as VtEvent);
    }
    return events;
  }
}

import { DateTime } from 'luxon';
import type { VtEvent } from '../../../libs/events/src';
import { generateSeeds } from '../generate-seeds';
import { SEED_ERAS, SEED_HORIZON } from '../seed-types';

const ZONE = 'Europe/Amsterdam';
const HOUR_MS = 3_600_000;
/** Hours in a week: buckets are (ISO weekday − 1) × 24 + local hour. */
export const WEEK_HOURS = 168;

/** One step of a seeded case, relative to the case's first event. */
export interface TemplateStep {
  /** Milliseconds after the case's first event (0 for the first). */
  offsetMs: number;
  type: VtEvent['type'];
  data: Record<string, unknown>;
  /** For a RegistratieIngetrokken: the index of the step it retracts. */
  retracts?: number;
}

/** The course of one seeded case: what happened and after how long, with its categories. */
export interface CaseTemplate {
  kind: 'melding' | 'advies';
  steps: TemplateStep[];
}

/**
 * An organisation's rhythm as its seeded history shows it: per hour of the week (Europe/Amsterdam),
 * how many new cases begin per hour on average, and the seeded cases that began in that hour of the
 * week. A simulated case copies the course of one of them (besluit, dienst, durations, categories),
 * so the shares and typical durations are the seeds' own.
 */
export interface OrganisationRhythm {
  organisation: string;
  /** The seeded year the cases come from. */
  year: number;
  /** Mean number of cases beginning per hour, per bucket of the week (length 168). */
  casesPerHour: number[];
  /** The seeded cases per bucket of the week (length 168). */
  templates: CaseTemplate[][];
}

/** The hour-of-week bucket of an instant in Europe/Amsterdam (Monday 00:00–01:00 is 0). */
export function weekHourOf(ms: number): number {
  const t = DateTime.fromMillis(ms, { zone: ZONE });
  return (t.weekday - 1) * 24 + t.hour;
}

/**
 * The latest seeded year whose cases had at least a full year before the seeds' horizon to run
 * their course (2024 for both VTIJ and VT NOG): later cases are cut off while still open.
 */
export function rhythmYearOf(organisation: string): number {
  const eras = SEED_ERAS[organisation];
  if (!eras) throw new Error(`no seeds for organisation "${organisation}": expected ${Object.keys(SEED_ERAS).join(', ')}`);
  const lastFull = Number(SEED_HORIZON.slice(0, 4)) - 2;
  return Math.max(...eras.flat().filter((y) => y <= lastFull));
}

/** Builds the rhythm from the events of one seeded year (pure: the same events give the same rhythm). */
export function rhythmFromEvents(organisation: string, year: number, events: readonly VtEvent[]): OrganisationRhythm {
  const byCase = new Map<string, VtEvent[]>();
  for (const e of events) {
    if (e.organisation !== organisation) continue;
    let list = byCase.get(e.caseId);
    if (!list) byCase.set(e.caseId, (list = []));
    list.push(e);
  }
  const templates: CaseTemplate[][] = Array.from({ length: WEEK_HOURS }, () => []);
  for (const caseEvents of byCase.values()) {
    const ordered = [...caseEvents].sort((a, b) => Date.parse(a.occurredAt) - Date.parse(b.occurredAt));
    const first = ordered[0];
    if (first.type !== 'MeldingOntvangen' && first.type !== 'AdviesvraagOntvangen') continue;
    const start = Date.parse(first.occurredAt);
    const indexOfId = new Map(ordered.map((e, i) => [e.id, i]));
    const steps: TemplateStep[] = [];
    for (const e of ordered) {
      // The monitor writes TermijnOverschreden itself; a registration system never sends it.
      if (e.type === 'TermijnOverschreden') continue;
      const step: TemplateStep = { offsetMs: Date.parse(e.occurredAt) - start, type: e.type, data: structuredClone(e.data) as Record<string, unknown> };
      if (e.type === 'RegistratieIngetrokken') {
        const target = indexOfId.get(e.data.eventId);
        if (target === undefined) continue;
        step.retracts = target;
      }
      steps.push(step);
    }
    templates[weekHourOf(start)].push({ kind: first.type === 'MeldingOntvangen' ? 'melding' : 'advies', steps });
  }
  // How often each hour of the week occurs in the year: its weekday's count of days.
  const from = DateTime.fromObject({ year, month: 1, day: 1 }, { zone: ZONE });
  const weekdays = new Array<number>(7).fill(0);
  for (let d = from; d.year === year; d = d.plus({ days: 1 })) weekdays[d.weekday - 1]++;
  const casesPerHour = templates.map((list, bucket) => list.length / weekdays[Math.floor(bucket / 24)]);
  return { organisation, year, casesPerHour, templates };
}

/** The rhythm of a seeded organisation (VTIJ, VTNOG), from its seeded year `rhythmYearOf` (about 2 s). */
export function organisationRhythm(organisation: string): OrganisationRhythm {
  const year = rhythmYearOf(organisation);
  const set = generateSeeds({ org: organisation, years: [year] }).find((s) => s.year === year);
  if (!set) throw new Error(`no seeded year ${year} for ${organisation}`);
  return rhythmFromEvents(organisation, year, set.events);
}

export { HOUR_MS };

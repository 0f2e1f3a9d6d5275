import type { VtEvent } from '../../libs/events/src';
import { defaultDayIndex } from './day-index';
import { createRng } from './prng';
import { SEED_HORIZON, type SeedOptions, type SeedSet } from './seed-types';
import { generateVtij, type GeneratedCase } from './vtij/generate-vtij';
import { generateVtnog } from './vtnog/generate-vtnog';

/** The seed of the whole generator: change it and every figure still reconciles, with other cases. */
export const SEED = 'vt-monitor-seeds-v1';

export const SEEDED_ORGANISATIONS = ['VTIJ', 'VTNOG'] as const;

/** By instant, then case id, then position in the case (the events of one case are already in order). */
function sortByInstant(events: VtEvent[]): VtEvent[] {
  const keyed = events.map((e, i) => ({ e, t: Date.parse(e.occurredAt), i }));
  keyed.sort((a, b) => a.t - b.t || (a.e.caseId < b.e.caseId ? -1 : a.e.caseId > b.e.caseId ? 1 : 0) || a.i - b.i);
  return keyed.map((k) => k.e);
}

function casesOf(org: string): GeneratedCase[] {
  const days = defaultDayIndex();
  const horizon = days.day(SEED_HORIZON);
  const rng = createRng(SEED).fork(org);
  if (org === 'VTIJ') return generateVtij(days, rng, horizon);
  if (org === 'VTNOG') return generateVtnog(days, rng, horizon);
  throw new Error(`no seeds for organisation ${org}: expected ${SEEDED_ORGANISATIONS.join(', ')}`);
}

/**
 * The seeded history, one set per (organisation, year of the case's first event), events sorted by
 * occurredAt. Each organisation is always planned whole, so a selection of years holds exactly the
 * events those cases have in the full history.
 */
export function generateSeeds(options: SeedOptions = {}): SeedSet[] {
  const orgs = options.org ? [options.org] : [...SEEDED_ORGANISATIONS];
  const sets: SeedSet[] = [];
  for (const org of orgs) {
    const byYear = new Map<number, VtEvent[]>();
    for (const c of casesOf(org)) {
      if (options.years && !options.years.includes(c.year)) continue;
      let list = byYear.get(c.year);
      if (!list) byYear.set(c.year, (list = []));
      for (const e of c.events) list.push(e);
    }
    for (const year of [...byYear.keys()].sort((a, b) => a - b)) {
      sets.push({ organisation: org, year, events: sortByInstant(byYear.get(year)!) });
    }
  }
  return sets;
}

import type { VtEvent } from '../../libs/events/src';

/** The seeded events of one organisation whose cases began in one (local) year. */
export interface SeedSet {
  organisation: string;
  /** The local year of the first event of each case in the set (a case's later events may fall in later years). */
  year: number;
  /** Sorted by occurredAt (then case and position in the case). */
  events: VtEvent[];
}

export interface SeedOptions {
  /** Only this organisation (`VTIJ`, `VTNOG`). */
  org?: string;
  /** Only the sets of these years (the whole history is still planned, so counts stay exact). */
  years?: number[];
}

/** No event is dated after this day: the snapshot the seeds describe (cases running then stay open). */
export const SEED_HORIZON = '2026-06-30';

/**
 * The eras the generator plans, each as one piece: an event of a case may fall in a later year of
 * its era, so a year's published figures need the sets of the earlier years of the same era
 * (2022 is a lead-in of both organisations: open work carried into 2023, transfers monitored in 2023).
 */
export const SEED_ERAS: Readonly<Record<string, readonly (readonly number[])[]>> = {
  VTIJ: [
    [2014, 2015],
    [2019, 2020],
    [2022, 2023, 2024],
  ],
  VTNOG: [[2022, 2023, 2024, 2025]],
};

/** The sets to seed so that the figures of `years` come out whole: those years and the earlier years of their eras. */
export function seedYearsFor(org: string, years: readonly number[]): number[] {
  const out = new Set<number>();
  for (const era of SEED_ERAS[org] ?? []) {
    for (const y of years) if (era.includes(y)) for (const e of era) if (e <= y) out.add(e);
  }
  return [...out].sort((a, b) => a - b);
}

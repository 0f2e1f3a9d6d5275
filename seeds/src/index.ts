/**
 * vt-monitor seeds: a deterministic history of events for Veilig Thuis IJsselland (VTIJ) and Veilig
 * Thuis Noord Oost Gelderland (VT NOG) whose replay reproduces every published figure of
 * `seeds/published-figures.json` (a copy of reference/published-figures.json). See seeds/README.md.
 *
 * API (no CLI, no I/O except `writeSeedFiles`):
 *
 *   generateSeeds({ org?, years? }): SeedSet[]
 *     One set per (organisation, local year of each case's first event): { organisation, year, events },
 *     events valid by the catalogue (libs/events) and sorted by occurredAt. The same call always gives
 *     the same events, ids included (fixed seeded PRNG, name-based UUIDs), so seeding twice appends
 *     nothing new. Coverage: VTIJ 2014 (Q4) and 2015, 2019–2020, 2022 (H2 lead-in) to 2024; VTNOG
 *     2022 (lead-in) to 2025. Later events of a case may fall in later years; none after SEED_HORIZON.
 *     A selection of years holds those cases' whole histories; the published counts of a year need
 *     the sets of that year and of the year(s) before it (cases carried over the year end).
 *
 *   seedYearsFor(org, years): number[]       the sets a year's figures need (that year and the earlier years of its era)
 *   seedEventsNdjson(options): SeedFile[]      NDJSON text per set ({ fileName: 'VTIJ-2024.ndjson', ndjson, … })
 *   writeSeedFiles(dir, options): string[]    the same, written to files
 *
 *   PUBLISHED_FIGURES: PublishedRow[]          the published rows (flows over `period`, stocks `at` an instant)
 *   reconcile(published, computeRows)          each published row beside the computed one, plus a summary;
 *                                              computeRows(org, { period } | { at }) returns report rows
 *                                              (spec/indicators.md); reconcileAsync for a database reader
 *   createInMemoryReports(events)              computeRows from events without a store (fold + report rows)
 *   reconcileSeeds(options)                    generate, replay in memory and reconcile in one call
 */
import { createInMemoryReports, reconcile, selectFigures, type ReconcileResult } from '../../libs/reconcile/src';
import { generateSeeds } from './generate-seeds';
import { PUBLISHED_FIGURES } from './published-figures';
import type { SeedOptions } from './seed-types';

export { generateSeeds, SEED, SEEDED_ORGANISATIONS } from './generate-seeds';
export { seedEventsNdjson, writeSeedFiles, seedDigest, toNdjson, type SeedFile } from './seed-ndjson';
export { SEED_HORIZON, SEED_ERAS, seedYearsFor, type SeedSet, type SeedOptions } from './seed-types';
export { PUBLISHED_FIGURES, type PublishedRow } from './published-figures';
export { reconcile, reconcileAsync, selectFigures, createInMemoryReports, type ReconcileResult, type ReconciledRow, type ComputeRows } from '../../libs/reconcile/src';

/**
 * Generates the seeds, replays them in memory and reconciles the published rows of the same
 * selection (`org`, `years`: rows of those years; the whole organisation is replayed so that
 * carried-over cases count).
 */
export function reconcileSeeds(options: SeedOptions = {}): ReconcileResult {
  const events = generateSeeds({ org: options.org }).flatMap((s) => s.events);
  const reports = createInMemoryReports(events);
  return reconcile(selectFigures(PUBLISHED_FIGURES, { org: options.org, years: options.years }), reports.computeRows);
}

import { setImmediate } from 'node:timers/promises';
import type { Command } from 'commander';
import { generateSeeds, SEED_ERAS, seedYearsFor, SEEDED_ORGANISATIONS } from '../../../../seeds/src';
import type { EventStore } from '../../../../libs/event-store/src';
import { CliError } from '../exit-codes';
import { createProgress } from '../progress';
import { openProduct } from '../open-product';
import { shownOrganisation } from '../assert-organisation';

export interface SeedSummary {
  appended: number;
  duplicates: number;
  sets: { organisation: string; year: number; events: number }[];
}

/**
 * Appends the seeded history (seeds/): deterministic ids, so running it again appends nothing. A
 * year also brings the earlier years of its era, whose open cases run into it.
 */
export async function appendSeeds(
  store: EventStore,
  options: { org?: string; years?: number[]; signal?: AbortSignal } = {},
  onProgress?: (done: number, total: number) => void,
): Promise<SeedSummary> {
  const orgs = options.org ? [options.org] : [...SEEDED_ORGANISATIONS];
  const sets = orgs.flatMap((org) => generateSeeds({ org, years: options.years ? seedYearsFor(org, options.years) : undefined }));
  const total = sets.reduce((n, s) => n + s.events.length, 0);
  const summary: SeedSummary = { appended: 0, duplicates: 0, sets: sets.map((s) => ({ organisation: s.organisation, year: s.year, events: s.events.length })) };
  let done = 0;
  onProgress?.(0, total);
  for (const set of sets) {
    for (let i = 0; i < set.events.length; i += 5000) {
      // A stop (serve's SIGTERM) takes effect between chunks, each its own transaction: the seeds
      // are idempotent, so the next run appends the rest. The embedded store works without giving
      // the event loop a turn: it gets one here, so that the signal is seen at all.
      await setImmediate();
      options.signal?.throwIfAborted();
      const chunk = set.events.slice(i, i + 5000);
      const result = await store.appendBatch(chunk);
      summary.appended += result.appended;
      summary.duplicates += result.duplicates;
      done += chunk.length;
      onProgress?.(done, total);
    }
  }
  return summary;
}

/** `vt-monitor seed [--org ORG] [--year YEAR]...`: appends the seeded historical events, idempotently. */
export function registerSeed(program: Command): void {
  program
    .command('seed')
    .description('append the seeded historical events of seeds/ (all by default); running it again appends nothing')
    .option('--org <org>', `only this organisation (${SEEDED_ORGANISATIONS.join(', ')})`)
    .option('--year <year>', 'only this year and the earlier years of its era (repeatable)', (v: string, acc: number[]) => [...acc, Number(v)], [] as number[])
    .action(async (opts: { org?: string; year: number[] }) => {
      if (opts.org && !(SEEDED_ORGANISATIONS as readonly string[]).includes(opts.org)) throw new CliError(`--org: no seeds for ${shownOrganisation(opts.org)}; seeded are ${SEEDED_ORGANISATIONS.join(', ')}`);
      if (opts.year.some((y) => !Number.isInteger(y))) throw new CliError('--year: a year such as 2024');
      // A year no seed covers would append nothing and exit 0, as if it had been seeded.
      const orgs = opts.org ? [opts.org] : [...SEEDED_ORGANISATIONS];
      const missing = opts.year.filter((y) => orgs.every((org) => seedYearsFor(org, [y]).length === 0));
      if (missing.length > 0) {
        const seeded = orgs.map((org) => `${org}: ${SEED_ERAS[org].flat().join(', ')}`).join('; ');
        throw new CliError(`--year: no seeds for ${missing.join(', ')}; seeded years are ${seeded}`);
      }
      const product = await openProduct({ mayCreate: true });
      const progress = createProgress('seed');
      try {
        const started = Date.now();
        const summary = await appendSeeds(product.store, { org: opts.org, years: opts.year.length > 0 ? opts.year : undefined }, (d, t) => progress.update(d, t));
        progress.stop();
        process.stdout.write(`${JSON.stringify({ ...summary, seconds: Math.round((Date.now() - started) / 100) / 10 })}\n`);
      } finally {
        progress.stop();
        await product.close();
      }
    });
}

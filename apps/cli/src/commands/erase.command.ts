import type { Command } from 'commander';
import { isCaseId } from '../../../../libs/events/src';
import { CliError } from '../exit-codes';
import { openProduct } from '../open-product';
import { once } from '../once';
import { assertOrganisation } from '../assert-organisation';

/** `vt-monitor erase --org ORG --case ID`: a destroyed dossier leaves the log for good (Wmo 2015 art. 5.3.4). */
export function registerErase(program: Command): void {
  program
    .command('erase')
    .description('erase every event of one case from the log and the read models (Wmo 2015 art. 5.3.4)')
    .requiredOption('--org <org>', 'organisation code', once('--org'))
    .requiredOption('--case <id>', 'pseudonymous case id', once('--case'))
    .action(async (opts: { org: string; case: string }) => {
      assertOrganisation(opts.org);
      if (!isCaseId(opts.case)) throw new CliError('--case: must match ^[A-Za-z0-9._-]{1,64}$ and not be exactly nine digits (no case id is: that is the shape of a BSN)');
      // Erasing folds nothing: it is not refused for read models of other term settings (the law's erasure comes first).
      const product = await openProduct({ otherSettings: true });
      try {
        const result = await product.store.eraseCase(opts.org, opts.case);
        await product.readModel.eraseCase(opts.org, opts.case);
        // Erased and committed; the VACUUM only takes the rows out of the pages sooner, so its failure is said, not fatal.
        await product.readModel.vacuumAfterErasure().catch((err: unknown) => process.stderr.write(`erased; the VACUUM afterwards failed (autovacuum will do it, or run it again): ${(err as Error).message}\n`));
        process.stdout.write(`${JSON.stringify({ organisation: opts.org, eventsErased: result.eventsErased })}\n`);
        if (result.eventsErased === 0) process.stderr.write('no events of that case were stored; the erasure is recorded all the same\n');
      } finally {
        await product.close();
      }
    });
}

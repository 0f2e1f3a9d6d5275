import type { Command } from 'commander';
import { openProduct } from '../open-product';
import { once } from '../once';
import { assertOrganisation } from '../assert-organisation';

/** `vt-monitor data-quality --org ORG`: lifecycle oddities per kind, with their case ids. */
export function registerDataQuality(program: Command): void {
  program
    .command('data-quality')
    .description('lifecycle oddities (events after closure, a dienst afgerond without start, …): counts and case ids per kind')
    .requiredOption('--org <org>', 'organisation code', once('--org'))
    .action(async (opts: { org: string }) => {
      assertOrganisation(opts.org);
      const product = await openProduct();
      try {
        await product.catchUp();
        process.stdout.write(`${JSON.stringify(await product.readModel.queries.dataQuality(opts.org), null, 2)}\n`);
      } finally {
        await product.close();
      }
    });
}

import type { Command } from 'commander';
import { findOrganisation, isGemeenteOf } from '../../../../libs/reference/src/organisations';
import { formatReport, REPORT_FORMATS, type ReportFormat } from '../../../../libs/projections/src';
import { QueryInputError, type ReportRequest } from '../../../../libs/read-model/src';
import { CliError } from '../exit-codes';
import { openProduct } from '../open-product';

type ReportOptions = Omit<ReportRequest, 'by'> & { org: string; by?: string; format?: string };

/** `vt-monitor report`: indicators of indicators.md for a period (flows) or an instant (stocks). */
export function registerReport(program: Command): void {
  program
    .command('report')
    .description('indicators for a period (--period 2024, 2024-Q3, 2024-07) or at an instant (--at)')
    .requiredOption('--org <org>', 'organisation code')
    .option('--period <period>', 'a year, quarter or month: flows over it')
    .option('--at <instant>', 'a timestamp with offset, a date or a period (its last instant): stocks then')
    .option('--as-of <instant>', 'only what was recorded by then (what the dashboard showed that day)')
    .option('--gemeente <code>', 'only this municipality (CBS code or overig)')
    .option('--by <dims>', 'rows for this combination of dimensions, e.g. gemeente,dienst')
    .option('--format <format>', `${REPORT_FORMATS.join(' | ')} (default: table on a terminal, else json)`)
    .action(async (opts: ReportOptions) => {
      if (!findOrganisation(opts.org)) throw new CliError(`--org: unknown organisation "${opts.org}"`);
      if (!opts.period === !opts.at) throw new CliError('give exactly one of --period or --at');
      if (opts.gemeente && !isGemeenteOf(opts.org, opts.gemeente)) throw new CliError(`--gemeente: "${opts.gemeente}" is not a municipality of ${opts.org}`);
      const format = (opts.format ?? (process.stdout.isTTY ? 'table' : 'json')) as ReportFormat;
      if (!REPORT_FORMATS.includes(format)) throw new CliError(`--format: one of ${REPORT_FORMATS.join(', ')}`);
      const by = opts.by ? opts.by.split(',').map((d) => d.trim()).filter(Boolean) : undefined;
      const product = await openProduct();
      try {
        await product.catchUp();
        const report = await product.readModel.queries.report(opts.org, { period: opts.period, at: opts.at, asOf: opts.asOf, gemeente: opts.gemeente, by });
        process.stdout.write(formatReport(report, format));
      } catch (err) {
        if (err instanceof QueryInputError) throw new CliError(err.message);
        throw err;
      } finally {
        await product.close();
      }
    });
}

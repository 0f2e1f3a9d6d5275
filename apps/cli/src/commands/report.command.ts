import type { Command } from 'commander';
import { formatReport, REPORT_FORMATS, type ReportFormat } from '../../../../libs/projections/src';
import { checkReportRequest, QueryInputError, type ReportRequest } from '../../../../libs/read-model/src';
import { CliError } from '../exit-codes';
import { openProduct } from '../open-product';
import { once } from '../once';
import { assertOrganisation } from '../assert-organisation';

type ReportOptions = Omit<ReportRequest, 'by'> & { org: string; by?: string; format?: string };

/** `vt-monitor report`: indicators of indicators.md for a period (flows) or an instant (stocks). */
export function registerReport(program: Command): void {
  program
    .command('report')
    .description('indicators for a period (--period 2024, 2024-Q3, 2024-07) or at an instant (--at)')
    .requiredOption('--org <org>', 'organisation code', once('--org'))
    .option('--period <period>', 'a year, quarter or month: flows over it', once('--period'))
    .option('--at <instant>', 'now, a timestamp with offset, a date or a period (its last instant): stocks then', once('--at'))
    .option('--as-of <instant>', 'only what was recorded by then (what the dashboard showed that day)', once('--as-of'))
    .option('--gemeente <code>', 'only this municipality (CBS code, overig, or onbekend: cases with no melding to take one from)', once('--gemeente'))
    .option('--by <dims>', 'rows for this combination of dimensions, e.g. gemeente,dienst', once('--by'))
    .option('--format <format>', `${REPORT_FORMATS.join(' | ')} (default: table on a terminal, else json)`, once('--format'))
    .action(async (opts: ReportOptions) => {
      assertOrganisation(opts.org);
      if (!opts.period === !opts.at) throw new CliError('give exactly one of --period or --at');
      const format = (opts.format ?? (process.stdout.isTTY ? 'table' : 'json')) as ReportFormat;
      if (!REPORT_FORMATS.includes(format)) throw new CliError(`--format: one of ${REPORT_FORMATS.join(', ')}`);
      // Every check of the request before the store is opened: bad input costs no catch-up.
      let request: ReportRequest;
      try {
        request = checkReportRequest(opts.org, { period: opts.period, at: opts.at, asOf: opts.asOf, gemeente: opts.gemeente, by: opts.by?.split(',').map((d) => d.trim()) });
      } catch (err) {
        throw err instanceof QueryInputError ? new CliError(err.message) : err;
      }
      const product = await openProduct();
      try {
        await product.catchUp();
        const report = await product.readModel.queries.report(opts.org, request);
        process.stdout.write(formatReport(report, format));
      } catch (err) {
        if (err instanceof QueryInputError) throw new CliError(err.message);
        throw err;
      } finally {
        await product.close();
      }
    });
}

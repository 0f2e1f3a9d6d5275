import type { Command } from 'commander';
import { yearOfFigure, type ComputedRow } from '../../../../libs/reconcile/src';
import { PUBLISHED_FIGURES, reconcileAsync, selectFigures, type ReconciledRow } from '../../../../seeds/src';
import { CliError, EXIT } from '../exit-codes';
import { openProduct } from '../open-product';
import { once } from '../once';
import { shownOrganisation } from '../assert-organisation';

function describeBy(by: ReconciledRow['by']): string {
  return Object.entries(by)
    .map(([k, v]) => `${k}=${Array.isArray(v) ? v.join('+') : v}`)
    .join(' ');
}

function table(rows: ReconciledRow[]): string {
  const cells = rows.map((r) => [r.ok ? 'ok' : 'AFWIJKING', r.organisation, r.period ?? r.at ?? '', r.key, describeBy(r.by), String(r.published), r.computed === null ? '–' : String(r.computed), `±${r.tolerance}`, r.source]);
  const head = ['', 'org', 'periode/moment', 'indicator', 'uitsplitsing', 'gepubliceerd', 'berekend', 'marge', 'bron'];
  const widths = head.map((h, i) => Math.max(h.length, ...cells.map((c) => c[i].length)));
  const line = (c: string[]) => c.map((x, i) => x.padEnd(widths[i])).join('  ').trimEnd();
  return [line(head), ...cells.map(line)].join('\n') + '\n';
}

/** `vt-monitor reconcile`: every published figure beside the computed one; exit 1 when one falls outside its tolerance. */
export function registerReconcile(program: Command): void {
  program
    .command('reconcile')
    .description('the published figures (seeds/published-figures.json) beside the computed ones, row by row with their source')
    .option('--org <org>', 'only this organisation', once('--org'))
    .option('--year <year>', 'only figures of this year (repeatable)', (v: string, acc: number[]) => [...acc, Number(v)], [] as number[])
    .option('--format <format>', 'table | json (default: table on a terminal, else json)', once('--format'))
    .action(async (opts: { org?: string; year: number[]; format?: string }) => {
      const format = opts.format ?? (process.stdout.isTTY ? 'table' : 'json');
      if (format !== 'table' && format !== 'json') throw new CliError('--format: table or json');
      const figures = selectFigures(PUBLISHED_FIGURES, { org: opts.org, years: opts.year.length > 0 ? opts.year : undefined });
      // Each --year must have figures: `--year 2024 --year 2099` would reconcile 2024 alone and say nothing of 2099.
      const yearsWithout = opts.year.filter((y) => figures.every((f) => yearOfFigure(f) !== y));
      if (figures.length === 0 || yearsWithout.length > 0) {
        const orgs = [...new Set(PUBLISHED_FIGURES.map((f) => f.organisation))].sort();
        if (opts.org && !orgs.includes(opts.org)) throw new CliError(`--org: no published figures for ${shownOrganisation(opts.org)}; there are figures for ${orgs.join(', ')}`);
        const years = [...new Set(PUBLISHED_FIGURES.filter((f) => !opts.org || f.organisation === opts.org).map(yearOfFigure))].sort((a, b) => a - b);
        throw new CliError(`--year: no published figures${opts.org ? ` of ${opts.org}` : ''} for ${(yearsWithout.length > 0 ? yearsWithout : opts.year).join(', ')}; there are figures for ${years.join(', ')}`);
      }
      const product = await openProduct();
      try {
        await product.catchUp();
        const cache = new Map<string, Promise<readonly ComputedRow[]>>();
        const result = await reconcileAsync(figures, (organisation, ref) => {
          const k = `${organisation}|${ref.period ?? ''}|${ref.at ?? ''}`;
          if (!cache.has(k)) {
            const q = product.readModel.queries;
            cache.set(k, (ref.period ? q.flowReport(organisation, ref.period) : q.stockReport(organisation, ref.at!)).then((r) => r.rows));
          }
          return cache.get(k)!;
        });
        if (format === 'json') process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
        else process.stdout.write(`${table(result.rows)}\n${result.summary.ok} van ${result.summary.total} binnen de marge, ${result.summary.failed} afwijkend\n`);
        process.stderr.write(`reconcile: ${result.summary.ok}/${result.summary.total} rows within tolerance\n`);
        if (result.summary.failed > 0) process.exitCode = EXIT.checkFailed;
      } finally {
        await product.close();
      }
    });
}

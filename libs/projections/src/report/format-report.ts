import { FLOW_DIMENSIONS } from './flow-rows';
import type { Report } from './report.types';
import { STOCK_DIMENSIONS } from './stock-rows';

export const REPORT_FORMATS = ['json', 'ndjson', 'csv', 'table'] as const;
export type ReportFormat = (typeof REPORT_FORMATS)[number];

/** The report's header fields other than its rows (organisation, period or at, asOf…). */
function header(report: Report): Record<string, unknown> {
  const { rows: _rows, ...rest } = report as Report & { definitions?: unknown };
  delete (rest as { definitions?: unknown }).definitions;
  return rest;
}

/**
 * CSV columns for the dimensions: every dimension the report's kind has, in a fixed order, whatever
 * the rows hold, so that files of different periods (or with other `--by`) line up column for
 * column; `stat` last. A dimension outside that list (none today) is added after them.
 */
function dimensionColumns(report: Report): string[] {
  const columns = [...('period' in report ? FLOW_DIMENSIONS : STOCK_DIMENSIONS), 'stat'];
  for (const r of report.rows) for (const d of Object.keys(r.by)) if (!columns.includes(d)) columns.push(d);
  return columns;
}

/** A header field's CSV column: a filter (`gemeente`) must not share its name with the dimension column. */
const csvHeadColumn = (field: string) => (field === 'gemeente' ? 'filter_gemeente' : field);

function csvCell(v: unknown): string {
  if (v === null || v === undefined) return '';
  const s = String(v);
  return /[",\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/**
 * A report in one of the output forms of indicators.md: the same rows in JSON, NDJSON (one row a
 * line, with the report's header fields), CSV (one column per `by` dimension) or a table for people.
 */
export function formatReport(report: Report, format: ReportFormat): string {
  const rows = report.rows;
  if (format === 'json') return `${JSON.stringify(report, null, 2)}\n`;
  const head = header(report);
  if (format === 'ndjson') return rows.map((r) => JSON.stringify({ ...head, ...r })).join('\n') + '\n';
  if (format === 'csv') {
    const dims = dimensionColumns(report);
    // The filter column is there whether or not the report is filtered: every file has the same columns.
    const headCols = [...Object.keys(head).filter((c) => c !== 'gemeente'), 'gemeente'];
    const lines = [[...headCols.map(csvHeadColumn), 'key', ...dims, 'value', 'numerator', 'denominator'].join(',')];
    for (const r of rows) lines.push([...headCols.map((c) => head[c]), r.key, ...dims.map((d) => r.by[d]), r.value, r.numerator, r.denominator].map(csvCell).join(','));
    return lines.join('\n') + '\n';
  }
  const title = Object.entries(head)
    .filter(([, v]) => v !== null && v !== undefined)
    .map(([k, v]) => `${k}: ${v}`)
    .join('   ');
  const table = rows.map((r) => [
    r.key,
    Object.entries(r.by)
      .map(([k, v]) => `${k}=${v}`)
      .join(' '),
    r.value === null ? '–' : String(r.value),
    r.denominator !== undefined ? `${r.numerator}/${r.denominator}` : '',
  ]);
  // A report states which definition of the wachtlijst it shows (indicators.md): the table under its title.
  const definitions = Object.entries((report as Report & { definitions?: Record<string, string> }).definitions ?? {}).map(([k, v]) => `${k}: ${v}`);
  const widths = [0, 1, 2, 3].map((i) => Math.max(...[['indicator', 'uitsplitsing', 'waarde', 'teller/noemer'][i], ...table.map((t) => t[i])].map((c) => c.length)));
  const line = (cells: string[]) => cells.map((c, i) => (i === 2 ? c.padStart(widths[i]) : c.padEnd(widths[i]))).join('  ').trimEnd();
  return [title, ...definitions, '', line(['indicator', 'uitsplitsing', 'waarde', 'teller/noemer']), widths.map((w) => '-'.repeat(w)).join('  '), ...table.map(line)].join('\n') + '\n';
}

import type { Report, ReportRow } from './report.types';

export const REPORT_FORMATS = ['json', 'ndjson', 'csv', 'table'] as const;
export type ReportFormat = (typeof REPORT_FORMATS)[number];

/** The report's header fields other than its rows (organisation, period or at, asOf…). */
function header(report: Report): Record<string, unknown> {
  const { rows: _rows, ...rest } = report as Report & { definitions?: unknown };
  delete (rest as { definitions?: unknown }).definitions;
  return rest;
}

function dimensionColumns(rows: readonly ReportRow[]): string[] {
  const columns: string[] = [];
  for (const r of rows) for (const d of Object.keys(r.by)) if (!columns.includes(d)) columns.push(d);
  return columns;
}

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
  const dims = dimensionColumns(rows);
  if (format === 'csv') {
    const headCols = Object.keys(head);
    const lines = [[...headCols, 'key', ...dims, 'value', 'numerator', 'denominator'].join(',')];
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
  const widths = [0, 1, 2, 3].map((i) => Math.max(...[['indicator', 'uitsplitsing', 'waarde', 'teller/noemer'][i], ...table.map((t) => t[i])].map((c) => c.length)));
  const line = (cells: string[]) => cells.map((c, i) => (i === 2 ? c.padStart(widths[i]) : c.padEnd(widths[i]))).join('  ').trimEnd();
  return [title, '', line(['indicator', 'uitsplitsing', 'waarde', 'teller/noemer']), widths.map((w) => '-'.repeat(w)).join('  '), ...table.map(line)].join('\n') + '\n';
}

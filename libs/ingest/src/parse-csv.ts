import { parse } from 'csv-parse/sync';
import { SAFE_KEY } from '../../events/src';
import { InputFormatError, type InputRecord } from './input-record';

/** Data fields that are not text in the catalogue, and how a CSV cell becomes them. */
const BOOLEAN_FIELDS = new Set(['data.crisis']);
const LIST_FIELDS = new Set(['data.aard']);
/** Separator of list cells (`aard`): `partnergeweld|kindermishandeling`. */
export const CSV_LIST_SEPARATOR = '|';

function setPath(target: Record<string, unknown>, path: string[], value: unknown): void {
  let node = target;
  for (const key of path.slice(0, -1)) {
    if (typeof node[key] !== 'object' || node[key] === null) node[key] = {};
    node = node[key] as Record<string, unknown>;
  }
  node[path[path.length - 1]] = value;
}

/** A column name: field names (a letter, then letters, digits or _) joined by dots. No `__proto__` or the like can pass. */
const COLUMN = /^[A-Za-z][A-Za-z0-9_]*(\.[A-Za-z][A-Za-z0-9_]*)*$/;

/**
 * What is wrong with the header, if anything: a column that is no field name, one given twice (the
 * last would silently win), or one inside another (`data.melder` beside `data.melder.soort`).
 */
function checkHeader(columns: string[]): string | undefined {
  const name = (c: number) => (COLUMN.test(columns[c]) && SAFE_KEY.test(columns[c]) ? `column ${c + 1} ("${columns[c]}")` : `column ${c + 1}`);
  const bad = columns.findIndex((c) => !COLUMN.test(c));
  if (bad >= 0) return `header: ${name(bad)} is not a field name (field names joined by dots, such as data.gemeente); nothing was read`;
  for (let c = 0; c < columns.length; c++) {
    for (let d = 0; d < c; d++) {
      if (columns[d] === columns[c]) return `header: ${name(c)} repeats column ${d + 1}; nothing was read`;
      const [outer, inner] = columns[d].length < columns[c].length ? [d, c] : [c, d];
      if (columns[inner].startsWith(`${columns[outer]}.`)) return `header: ${name(inner)} lies inside ${name(outer)}; nothing was read`;
    }
  }
  return undefined;
}

/**
 * CSV with a header row: one column per envelope field (`id,type,organisation,caseId,occurredAt`)
 * and `data` flattened by dotted names (`data.gemeente`, `data.melder.soort`, `data.melder.groep`,
 * `data.aard`, `data.crisis`, …). An empty cell is an absent field; `data.crisis` is `true` or
 * `false`; `data.aard` lists its categories separated by `|`. The delimiter is `,` or `;` (Dutch
 * spreadsheets), taken from the header.
 */
export function parseCsv(text: string): { records: InputRecord[]; errors: InputFormatError[] } {
  const header = text.slice(0, text.search(/\r?\n|$/));
  const delimiter = header.includes(';') && !header.includes(',') ? ';' : ',';
  let rows: { record: string[]; info: { lines: number } }[];
  try {
    rows = parse(text, { delimiter, bom: true, skip_empty_lines: true, relax_column_count: true, info: true }) as never;
  } catch (err) {
    // csv-parse's messages quote the offending field: keep only its code and line (privacy).
    const { code, lines } = err as { code?: string; lines?: number };
    return { records: [], errors: [new InputFormatError(0, lines, '', `is not valid CSV (${code ?? 'unreadable'}${lines !== undefined ? ` at line ${lines}` : ''})`, true)] };
  }
  if (rows.length === 0) return { records: [], errors: [] };
  const columns = rows[0].record.map((c) => c.trim());
  const headerError = checkHeader(columns);
  if (headerError) return { records: [], errors: [new InputFormatError(0, 1, '', headerError, true)] };
  const records: InputRecord[] = [];
  const errors: InputFormatError[] = [];
  rows.slice(1).forEach(({ record, info }, index) => {
    if (record.length !== columns.length) {
      errors.push(new InputFormatError(index, info.lines, '', `has ${record.length} cells where the header has ${columns.length}`));
      return;
    }
    const raw: Record<string, unknown> = {};
    columns.forEach((column, c) => {
      const cell = record[c];
      if (column.startsWith('data.') && cell === '') return;
      let value: unknown = cell;
      if (BOOLEAN_FIELDS.has(column)) value = cell === 'true' ? true : cell === 'false' ? false : cell;
      else if (LIST_FIELDS.has(column)) value = cell.split(CSV_LIST_SEPARATOR).map((v) => v.trim());
      setPath(raw, column.split('.'), value);
    });
    if (raw.data === undefined) raw.data = {};
    records.push({ index, line: info.lines, raw });
  });
  return { records, errors };
}

import { formatReport, REPORT_FORMATS } from './format-report';
import type { FlowReport, StockReport } from './report.types';

// The output forms of spec/indicators.md ("Output shape"): the same rows in JSON, NDJSON, CSV and a table.

const flow = (): FlowReport => ({
  organisation: 'VTIJ',
  period: '2024-Q2',
  from: '2024-04-01',
  to: '2024-06-30',
  asOf: null,
  rows: [
    { key: 'meldingen', by: {}, value: 3 },
    { key: 'meldingen', by: { gemeente: 'GM0150' }, value: 2 },
    { key: 'diensten_gestart', by: { dienst: 'onderzoek', gemeente: 'GM0150' }, value: 1 },
    { key: 'tijdig_pct', by: { termijn: 'onderzoek', klok: 'vanaf_start' }, value: 66.7, numerator: 2, denominator: 3 },
    { key: 'doorlooptijd_dagen', by: { termijn: 'triage', stat: 'mediaan' }, value: null },
  ],
});

const stock = (): StockReport => ({
  organisation: 'VTIJ',
  at: '2024-06-30T23:59:59.999+02:00',
  asOf: '2024-07-05T23:59:59.999+02:00',
  definitions: { wachtlijst: 'per fase, with a comma' },
  rows: [
    { key: 'wachtlijst', by: {}, value: 2 },
    { key: 'wachtlijst', by: { fase: 'dienst', dienst: 'onderzoek' }, value: 1 },
  ],
});

describe('formatReport: json', () => {
  it('is the report itself, pretty-printed, with a final newline', () => {
    const out = formatReport(flow(), 'json');
    expect(out.endsWith('}\n')).toBe(true);
    expect(JSON.parse(out)).toEqual(flow());
    expect(JSON.parse(formatReport(stock(), 'json'))).toEqual(stock());
  });
});

describe('formatReport: ndjson', () => {
  it('has one line per row carrying the header fields (organisation, period, from, to, asOf)', () => {
    const lines = formatReport(flow(), 'ndjson').trimEnd().split('\n');
    expect(lines).toHaveLength(5);
    expect(lines.map((l) => JSON.parse(l))).toEqual(flow().rows.map((r) => ({ organisation: 'VTIJ', period: '2024-Q2', from: '2024-04-01', to: '2024-06-30', asOf: null, ...r })));
  });

  it('carries at and asOf for a stock report, and leaves the definitions out', () => {
    const [first] = formatReport(stock(), 'ndjson').trimEnd().split('\n').map((l) => JSON.parse(l));
    expect(first).toEqual({ organisation: 'VTIJ', at: '2024-06-30T23:59:59.999+02:00', asOf: '2024-07-05T23:59:59.999+02:00', key: 'wachtlijst', by: {}, value: 2 });
  });
});

describe('formatReport: csv', () => {
  // A flow report's dimension columns, always these, in this order.
  const FLOW_DIMS = 'gemeente,soort,groep,aard,kanaal,conclusie,besluit,dienst,partij,termijn,klok,stat';
  const empty = (n: number) => ','.repeat(n - 1);

  it('has one column per dimension of the report kind, empty cells for absent ones, and numerator/denominator columns', () => {
    expect(formatReport(flow(), 'csv')).toBe(
      [
        `organisation,period,from,to,asOf,filter_gemeente,key,${FLOW_DIMS},value,numerator,denominator`,
        `VTIJ,2024-Q2,2024-04-01,2024-06-30,,,meldingen,${empty(12)},3,,`,
        `VTIJ,2024-Q2,2024-04-01,2024-06-30,,,meldingen,GM0150${empty(12)},2,,`,
        `VTIJ,2024-Q2,2024-04-01,2024-06-30,,,diensten_gestart,GM0150,,,,,,,onderzoek,,,,,1,,`,
        `VTIJ,2024-Q2,2024-04-01,2024-06-30,,,tijdig_pct,,,,,,,,,,onderzoek,vanaf_start,,66.7,2,3`,
        `VTIJ,2024-Q2,2024-04-01,2024-06-30,,,doorlooptijd_dagen,,,,,,,,,,triage,,mediaan,,,`,
        '',
      ].join('\n'),
    );
  });

  it('has the same columns whatever the rows hold: files of two periods line up', () => {
    const other: FlowReport = { ...flow(), period: '2024-Q3', rows: [{ key: 'meldingen', by: {}, value: 0 }] };
    expect(formatReport(other, 'csv').split('\n')[0]).toBe(formatReport(flow(), 'csv').split('\n')[0]);
  });

  it('has the same number of cells on every line', () => {
    const lines = formatReport(flow(), 'csv').trimEnd().split('\n');
    expect(new Set(lines.map((l) => l.split(',').length))).toEqual(new Set([22]));
  });

  it('names a gemeente filter filter_gemeente, apart from the gemeente dimension column', () => {
    const filtered: FlowReport = { ...flow(), gemeente: 'GM0150', rows: [{ key: 'meldingen', by: {}, value: 2 }] };
    const [head, total] = formatReport(filtered, 'csv').split('\n');
    const columns = head.split(',');
    expect(columns.filter((c) => c === 'gemeente')).toHaveLength(1);
    expect(columns.indexOf('filter_gemeente')).toBe(5);
    expect(total.split(',')[columns.indexOf('filter_gemeente')]).toBe('GM0150');
    // Unfiltered, the same columns: the filter's cell is empty.
    expect(formatReport(flow(), 'csv').split('\n')[0]).toBe(head);
    expect(total.split(',')[columns.indexOf('gemeente')]).toBe('');
  });

  it('has at instead of period/from/to for a stock report, its own dimensions, and no definitions column', () => {
    expect(formatReport(stock(), 'csv')).toBe(
      [
        'organisation,at,asOf,filter_gemeente,key,fase,dienst,gemeente,prioriteit,termijn,klok,stat,value,numerator,denominator',
        'VTIJ,2024-06-30T23:59:59.999+02:00,2024-07-05T23:59:59.999+02:00,,wachtlijst,,,,,,,,2,,',
        'VTIJ,2024-06-30T23:59:59.999+02:00,2024-07-05T23:59:59.999+02:00,,wachtlijst,dienst,onderzoek,,,,,,1,,',
        '',
      ].join('\n'),
    );
  });

  it('quotes a cell holding a comma or a quote', () => {
    const report: FlowReport = { ...flow(), rows: [{ key: 'meldingen', by: { gemeente: 'a,"b"' }, value: 1 }] };
    expect(formatReport(report, 'csv').split('\n')[1]).toBe(`VTIJ,2024-Q2,2024-04-01,2024-06-30,,,meldingen,"a,""b"""${empty(12)},1,,`);
  });
});

describe('formatReport: table', () => {
  it('has a title with the non-null header fields, a header, a rule and one line per row', () => {
    const lines = formatReport(flow(), 'table').trimEnd().split('\n');
    expect(lines[0]).toBe('organisation: VTIJ   period: 2024-Q2   from: 2024-04-01   to: 2024-06-30');
    expect(lines[1]).toBe('');
    expect(lines[2].split(/\s{2,}/)).toEqual(['indicator', 'uitsplitsing', 'waarde', 'teller/noemer']);
    expect(lines[3]).toMatch(/^-+ {2}-+ {2}-+ {2}-+$/);
    expect(lines).toHaveLength(4 + 5);
    expect(lines[7].split(/\s{2,}/)).toEqual(['tijdig_pct', 'termijn=onderzoek klok=vanaf_start', '66.7', '2/3']);
    // A null value shows as a dash; values are right-aligned in their column.
    expect(lines[8].trimEnd().endsWith('–')).toBe(true);
    const valueEnd = lines[2].indexOf('waarde') + 'waarde'.length;
    expect(lines[4].slice(0, valueEnd).endsWith('3')).toBe(true);
  });

  it('states the wachtlijst definition of a stock report under its title (indicators.md: a report states which definition it shows)', () => {
    const lines = formatReport(stock(), 'table').split('\n');
    expect(lines[1]).toBe('wachtlijst: per fase, with a comma');
    expect(lines[2]).toBe('');
  });

  it('formats every form the CLI offers', () => {
    for (const format of REPORT_FORMATS) expect(formatReport(flow(), format).endsWith('\n')).toBe(true);
  });
});

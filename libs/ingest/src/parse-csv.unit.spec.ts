import { randomUUID } from 'node:crypto';
import { parseCsv } from './parse-csv';
import { validateRecords } from './validate-records';

const HEADER = 'id,type,organisation,caseId,occurredAt,data.gemeente,data.melder.soort,data.melder.groep,data.aard,data.crisis,data.prioriteit';

describe('parseCsv', () => {
  it('nests data by dotted column names and converts crisis and aard', () => {
    const id = randomUUID();
    const { records, errors } = parseCsv(`${HEADER}\n${id},MeldingOntvangen,VTIJ,VTIJ-1,2024-03-04T10:00:00+01:00,GM0193,beroepsmatig,medisch,partnergeweld|kindermishandeling,true,hoog\n`);
    expect(errors).toEqual([]);
    expect(records).toEqual([
      {
        index: 0,
        line: 2,
        raw: {
          id,
          type: 'MeldingOntvangen',
          organisation: 'VTIJ',
          caseId: 'VTIJ-1',
          occurredAt: '2024-03-04T10:00:00+01:00',
          data: { gemeente: 'GM0193', melder: { soort: 'beroepsmatig', groep: 'medisch' }, aard: ['partnergeweld', 'kindermishandeling'], crisis: true, prioriteit: 'hoog' },
        },
      },
    ]);
  });

  it.each([['true', true], ['false', false]])('turns data.crisis %p into the boolean %p', (cell, expected) => {
    const { records } = parseCsv(`data.crisis\n${cell}\n`);
    expect(records[0].raw).toEqual({ data: { crisis: expected } });
  });

  it('turns a single aard into an array of one', () => {
    expect(parseCsv('data.aard\npartnergeweld\n').records[0].raw).toEqual({ data: { aard: ['partnergeweld'] } });
  });

  it('treats an empty data cell as an absent field', () => {
    const { records } = parseCsv('type,data.gemeente,data.prioriteit,data.melder.soort,data.melder.groep\nMeldingOntvangen,GM0193,,,\n');
    expect(records[0].raw).toEqual({ type: 'MeldingOntvangen', data: { gemeente: 'GM0193' } });
    expect(records[0].raw).not.toHaveProperty('data.prioriteit');
    expect(records[0].raw).not.toHaveProperty('data.melder');
  });

  it('gives an empty data object to a row without data cells', () => {
    expect(parseCsv('type,data.dienst\nEersteContactGelegd,\n').records[0].raw).toEqual({ type: 'EersteContactGelegd', data: {} });
  });

  it('detects the ; delimiter from the header', () => {
    const { records, errors } = parseCsv('type;caseId;data.aard;data.gemeente\nMeldingOntvangen;VTIJ-1;partnergeweld|onbekend;GM0193\n');
    expect(errors).toEqual([]);
    expect(records[0].raw).toEqual({ type: 'MeldingOntvangen', caseId: 'VTIJ-1', data: { aard: ['partnergeweld', 'onbekend'], gemeente: 'GM0193' } });
  });

  it('tolerates a byte order mark', () => {
    const { records, errors } = parseCsv('\uFEFFtype;caseId\nEersteContactGelegd;VTIJ-1\n');
    expect(errors).toEqual([]);
    expect(records[0].raw).toEqual({ type: 'EersteContactGelegd', caseId: 'VTIJ-1', data: {} });
  });

  it.each([['LF', '\n'], ['CRLF', '\r\n']])('numbers records from the header (line 1): the first data row is line 2, blank lines count (%s)', (_, eol) => {
    const { records, errors } = parseCsv(['caseId', 'A', 'B', '', 'C', 'D', ''].join(eol));
    expect(errors).toEqual([]);
    expect(records.map(({ index, line, raw }) => [index, line, (raw as { caseId: string }).caseId])).toEqual([
      [0, 2, 'A'],
      [1, 3, 'B'],
      [2, 5, 'C'],
      [3, 6, 'D'],
    ]);
  });

  it('reports a CSV it cannot read by its error code and line, never the field that broke it', () => {
    const { records, errors } = parseCsv('id,type\n"Jan "Jansen" Dorpsstraat,x\n');
    expect(records).toEqual([]);
    expect(errors).toHaveLength(1);
    expect(errors[0].message).toMatch(/^is not valid CSV \(CSV_[A-Z_]+ at line 2\)$/);
    expect(errors[0].message).not.toContain('Jansen');
  });

  it('refuses a header column that is no field name, without quoting it and without touching Object.prototype (__proto__)', () => {
    const { records, errors } = parseCsv('id,caseId,data.__proto__.polluted\nx,A,yes\n');
    expect(records).toEqual([]);
    expect(errors.map(({ index, line, message }) => ({ index, line, message }))).toEqual([
      { index: 0, line: 1, message: 'header: column 3 is not a field name (field names joined by dots, such as data.gemeente); nothing was read' },
    ]);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    const named = parseCsv('id,Jan Jansen\nx,y\n');
    expect(named.errors[0].message).toMatch(/^header: column 2 is not a field name/);
    expect(named.errors[0].message).not.toContain('Jansen');
  });

  it('refuses a header that gives a column twice (the last would silently win) or one inside another', () => {
    expect(parseCsv('caseId,data.gemeente,data.crisis,data.gemeente\nA,GM0193,false,GM0150\n').errors.map((e) => e.message)).toEqual([
      'header: column 4 ("data.gemeente") repeats column 2; nothing was read',
    ]);
    expect(parseCsv('caseId,data.melder.soort,data.melder\nA,beroepsmatig,x\n').errors.map((e) => e.message)).toEqual([
      'header: column 2 ("data.melder.soort") lies inside column 3 ("data.melder"); nothing was read',
    ]);
    expect(parseCsv('caseId,data.melder,data.melder.soort\nA,x,beroepsmatig\n').errors.map((e) => e.message)).toEqual([
      'header: column 3 ("data.melder.soort") lies inside column 2 ("data.melder"); nothing was read',
    ]);
  });

  it('reports a row with the wrong number of cells at its 1-based line and parses the others', () => {
    const { records, errors } = parseCsv('type,caseId\nEersteContactGelegd,A\nEersteContactGelegd,B,extra\nEersteContactGelegd\nEersteContactGelegd,D\n');
    expect(errors.map(({ index, line, field }) => ({ index, line, field }))).toEqual([
      { index: 1, line: 3, field: '' },
      { index: 2, line: 4, field: '' },
    ]);
    expect(records.map(({ index, line }) => [index, line])).toEqual([[0, 2], [3, 5]]);
  });

  it('gives a CSV of valid events that passes validateRecords end to end', () => {
    const header = 'id,type,organisation,caseId,occurredAt,data.gemeente,data.melder.soort,data.melder.groep,data.aard,data.crisis,data.prioriteit,data.besluit,data.dienst';
    const rows = [
      `${randomUUID()},MeldingOntvangen,VTIJ,VTIJ-1,2024-03-04T10:00:00+01:00,GM0193,beroepsmatig,medisch,partnergeweld,false,,,`,
      `${randomUUID()},MeldingOntvangen,VTNOG,NOG-2,2024-03-04T11:00:00Z,GM0200,particulier,buurtbewoner,partnergeweld|kindermishandeling,true,acuut,,`,
      `${randomUUID()},EersteContactGelegd,VTIJ,VTIJ-1,2024-03-05T10:00:00+01:00,,,,,,,,`,
      `${randomUUID()},TriagebesluitGenomen,VTIJ,VTIJ-1,2024-03-08T10:00:00+01:00,,,,,,,vervolgstappen_veilig_thuis,onderzoek`,
      `${randomUUID()},TriagebesluitGenomen,VTNOG,NOG-2,2024-03-08T10:00:00+01:00,,,,,,,overdracht,`,
      `${randomUUID()},DienstGestart,VTIJ,VTIJ-1,2024-04-01T09:00:00+02:00,,,,,,,,onderzoek`,
    ];
    const { records, errors } = parseCsv(`${header}\r\n${rows.join('\r\n')}\r\n`);
    expect(errors).toEqual([]);
    const batch = validateRecords(records, errors);
    expect(batch.problems).toEqual([]);
    expect(batch.valid.map(({ index, line, event }) => [index, line, event.type])).toEqual([
      [0, 2, 'MeldingOntvangen'],
      [1, 3, 'MeldingOntvangen'],
      [2, 4, 'EersteContactGelegd'],
      [3, 5, 'TriagebesluitGenomen'],
      [4, 6, 'TriagebesluitGenomen'],
      [5, 7, 'DienstGestart'],
    ]);
    expect(batch.valid[1].event.data).toEqual({ gemeente: 'GM0200', melder: { soort: 'particulier', groep: 'buurtbewoner' }, aard: ['partnergeweld', 'kindermishandeling'], crisis: true, prioriteit: 'acuut' });
  });

  it('reports invalid CSV rows through validateRecords with their line', () => {
    const { records, errors } = parseCsv(`id,type,organisation,caseId,occurredAt,data.crisis\n${randomUUID()},EersteContactGelegd,VTIJ,VTIJ-1,2024-03-05T10:00:00+01:00,\n${randomUUID()},EersteContactGelegd,VTIJ,VTIJ-2,2024-03-05T10:00:00,\n`);
    const batch = validateRecords(records, errors);
    expect(batch.valid.map((v) => v.line)).toEqual([2]);
    expect(batch.problems).toEqual([expect.objectContaining({ index: 1, line: 3, field: 'occurredAt' })]);
  });
});

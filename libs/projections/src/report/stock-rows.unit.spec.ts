import type { Dims, Span } from '../case-fold/derived';
import type { ReportRow } from './report.types';
import { buildStockRows, openAt } from './stock-rows';

// Stock rows of spec/indicators.md ("Stocks at an instant") from hand-made spans.

const ms = (iso: string) => Date.parse(iso);
let n = 0;
function span(kind: Span['kind'], from: string, dims: Dims, extra: Partial<Omit<Span, 'kind' | 'from' | 'dims'>> = {}): Span {
  return { kind, caseId: `Z-${++n}`, from: ms(from), to: null, enteredAt: ms(from), deadline: null, dims: { gemeente: 'GM0150', ...dims }, contacts: [], ...extra };
}
const wait = (fase: string, from: string, extra: Partial<Span> = {}, dims: Dims = {}) => span('wacht', from, { fase, prioriteit: 'onbekend', ...dims }, extra);

const str = (r: ReportRow) => JSON.stringify([r.key, Object.entries(r.by).sort(), r.value, r.numerator, r.denominator]);
const sorted = (rows: ReportRow[]) => [...rows].sort((a, b) => (str(a) < str(b) ? -1 : str(a) > str(b) ? 1 : 0));
const rowsOf = (rows: ReportRow[], key: string) => sorted(rows.filter((r) => r.key === key));
const row = (key: string, by: Record<string, string>, value: number | null): ReportRow => ({ key, by, value });
const stock = (spans: Span[], at: string) => buildStockRows(openAt(spans, ms(at)), ms(at));
const total = (rows: ReportRow[], key: string) => rows.find((r) => r.key === key && Object.keys(r.by).length === 0)?.value;

describe('openAt', () => {
  it('includes a span from its start (inclusive) to its end (exclusive)', () => {
    const s = { ...wait('triage', '2024-05-01T10:00:00+02:00'), to: ms('2024-05-03T10:00:00+02:00') };
    const at = (iso: string) => openAt([s], ms(iso)).length;
    expect(at('2024-05-01T09:59:59.999+02:00')).toBe(0);
    expect(at('2024-05-01T10:00:00+02:00')).toBe(1);
    expect(at('2024-05-03T09:59:59.999+02:00')).toBe(1);
    expect(at('2024-05-03T10:00:00+02:00')).toBe(0);
  });

  it('keeps a span without end open for ever, and never holds a zero-length span', () => {
    const open = wait('triage', '2024-05-01T10:00:00+02:00');
    const empty = { ...wait('dienst', '2024-05-01T10:00:00+02:00'), to: ms('2024-05-01T10:00:00+02:00') };
    expect(openAt([open, empty], ms('2030-01-01T00:00:00Z'))).toEqual([open]);
    expect(openAt([open, empty], ms('2024-05-01T10:00:00+02:00'))).toEqual([open]);
  });
});

describe('buildStockRows: wachtlijst', () => {
  it('counts waits in total, per fase, per fase+dienst, per fase+gemeente, per fase+prioriteit, per gemeente and per prioriteit', () => {
    const rows = stock(
      [
        wait('triage', '2024-05-10T10:00:00+02:00', {}, { prioriteit: 'hoog' }),
        wait('dienst', '2024-05-01T10:00:00+02:00', {}, { dienst: 'onderzoek', gemeente: 'GM0166' }),
        wait('dienst', '2024-05-02T10:00:00+02:00', {}, { dienst: 'onderzoek' }),
        wait('overdracht', '2024-05-03T10:00:00+02:00'),
      ],
      '2024-05-20T12:00:00+02:00',
    );
    expect(rowsOf(rows, 'wachtlijst')).toEqual(
      sorted([
        row('wachtlijst', {}, 4),
        row('wachtlijst', { fase: 'triage' }, 1),
        row('wachtlijst', { fase: 'dienst' }, 2),
        row('wachtlijst', { fase: 'overdracht' }, 1),
        row('wachtlijst', { fase: 'dienst', dienst: 'onderzoek' }, 2),
        row('wachtlijst', { fase: 'triage', gemeente: 'GM0150' }, 1),
        row('wachtlijst', { fase: 'dienst', gemeente: 'GM0150' }, 1),
        row('wachtlijst', { fase: 'dienst', gemeente: 'GM0166' }, 1),
        row('wachtlijst', { fase: 'overdracht', gemeente: 'GM0150' }, 1),
        row('wachtlijst', { fase: 'triage', prioriteit: 'hoog' }, 1),
        row('wachtlijst', { fase: 'dienst', prioriteit: 'onbekend' }, 2),
        row('wachtlijst', { fase: 'overdracht', prioriteit: 'onbekend' }, 1),
        row('wachtlijst', { gemeente: 'GM0150' }, 3),
        row('wachtlijst', { gemeente: 'GM0166' }, 1),
        row('wachtlijst', { prioriteit: 'hoog' }, 1),
        row('wachtlijst', { prioriteit: 'onbekend' }, 3),
      ]),
    );
  });

  it('gives dienst its fase when asked for by dienst alone (indicators.md: dienst in a stock carries its fase)', () => {
    const at = '2024-05-20T12:00:00+02:00';
    const spans = [wait('triage', '2024-05-10T10:00:00+02:00'), wait('dienst', '2024-05-01T10:00:00+02:00', {}, { dienst: 'onderzoek' })];
    const rows = buildStockRows(openAt(spans, ms(at)), ms(at), { by: ['dienst'] });
    expect(rowsOf(rows, 'wachtlijst')).toEqual(sorted([row('wachtlijst', {}, 2), row('wachtlijst', { fase: 'dienst', dienst: 'onderzoek' }, 1)]));
    expect(rowsOf(buildStockRows(openAt(spans, ms(at)), ms(at), { by: ['dienst', 'gemeente'] }), 'wachtlijst')).toEqual(
      sorted([row('wachtlijst', {}, 2), row('wachtlijst', { fase: 'dienst', dienst: 'onderzoek', gemeente: 'GM0150' }, 1)]),
    );
  });

  it('has a 0 total for an empty list', () => {
    const rows = stock([], '2024-05-20T12:00:00+02:00');
    for (const key of ['wachtlijst', 'wachtlijst_over_termijn', 'wachtlijst_zonder_contact', 'open_diensten', 'open_diensten_over_termijn']) expect(total(rows, key)).toBe(0);
    // Each fase's waiting time with nobody waiting: null (nothing to measure), not left out.
    expect(rows.filter((r) => r.key === 'wachttijd_dagen')).toEqual(
      ['triage', 'dienst', 'overdracht'].flatMap((fase) => ['mediaan', 'max'].map((stat) => ({ key: 'wachttijd_dagen', by: { fase, stat }, value: null }))),
    );
    // A share with no running clock is null, for every termijn and dienst klok (nothing to measure).
    const shares = rows.filter((r) => r.key === 'open_binnen_termijn_pct');
    expect(shares).toHaveLength(9);
    for (const r of shares) expect(r).toMatchObject({ value: null, numerator: 0, denominator: 0 });
  });
});

describe('buildStockRows: wachtlijst_over_termijn', () => {
  // Each wait has deadline Mon 2024-06-10; it is over term only once the local date of t is 11 June.
  const deadline = '2024-06-10';
  const spans = () => [
    wait('triage', '2024-06-03T09:00:00+02:00', { deadline }),
    wait('dienst', '2024-06-03T09:00:00+02:00', { deadline }, { dienst: 'onderzoek' }),
    // Fase overdracht has no term: even a (wrongly) set deadline does not put it on the list.
    wait('overdracht', '2024-06-03T09:00:00+02:00', { deadline }),
  ];

  it('is empty on the deadline day itself, to its last instant', () => {
    expect(total(stock(spans(), '2024-06-10T23:59:59.999+02:00'), 'wachtlijst_over_termijn')).toBe(0);
  });

  it('holds the triage and dienst waits (not overdracht) from the next local day', () => {
    const rows = stock(spans(), '2024-06-11T00:00:00+02:00');
    expect(rowsOf(rows, 'wachtlijst_over_termijn')).toEqual(
      sorted([
        row('wachtlijst_over_termijn', {}, 2),
        row('wachtlijst_over_termijn', { fase: 'triage' }, 1),
        row('wachtlijst_over_termijn', { fase: 'dienst' }, 1),
        row('wachtlijst_over_termijn', { fase: 'dienst', dienst: 'onderzoek' }, 1),
      ]),
    );
  });

  it('uses the Amsterdam date of t: 2024-06-10T22:30:00Z is already 11 June, 00:30', () => {
    expect(total(stock(spans(), '2024-06-10T22:30:00Z'), 'wachtlijst_over_termijn')).toBe(2);
    expect(total(stock(spans(), '2024-06-10T21:30:00Z'), 'wachtlijst_over_termijn')).toBe(0);
  });

  it('ignores a wait without deadline (a dienst without term)', () => {
    const rows = stock([wait('dienst', '2024-01-01T09:00:00+01:00', {}, { dienst: 'zicht_op_veiligheid' })], '2024-06-11T12:00:00+02:00');
    expect(total(rows, 'wachtlijst_over_termijn')).toBe(0);
  });
});

describe('buildStockRows: wachtlijst_zonder_contact', () => {
  // Read at Mon 2024-05-20 12:00. Entered 1 May: 19 days in fase.
  const t = '2024-05-20T12:00:00+02:00';
  const entered = '2024-05-01T10:00:00+02:00';
  const zonder = (spans: Span[]) => rowsOf(stock(spans, t), 'wachtlijst_zonder_contact');

  it('holds a dienst wait of 14 days or more without any contact', () => {
    expect(zonder([wait('dienst', entered, {}, { dienst: 'onderzoek' })])).toEqual(sorted([row('wachtlijst_zonder_contact', {}, 1), row('wachtlijst_zonder_contact', { fase: 'dienst' }, 1)]));
  });

  it('a contact 13 days ago (7 May) keeps it off the list; 15 days ago (5 May) puts it on', () => {
    const with13 = wait('dienst', entered, { contacts: [ms('2024-05-07T12:00:00+02:00')] }, { dienst: 'onderzoek' });
    const with15 = wait('dienst', entered, { contacts: [ms('2024-05-05T12:00:00+02:00')] }, { dienst: 'onderzoek' });
    expect(total(stock([with13], t), 'wachtlijst_zonder_contact')).toBe(0);
    expect(total(stock([with15], t), 'wachtlijst_zonder_contact')).toBe(1);
  });

  it('counts the contact window by local date, as the days in fase: a contact on 6 May (14 days) late in the evening no longer counts at any hour of 20 May', () => {
    const lateOn6 = wait('dienst', entered, { contacts: [ms('2024-05-06T23:30:00+02:00')] }, { dienst: 'onderzoek' });
    const earlyOn7 = wait('dienst', entered, { contacts: [ms('2024-05-07T00:30:00+02:00')] }, { dienst: 'onderzoek' });
    for (const at of ['2024-05-20T00:00:01+02:00', t, '2024-05-20T23:59:59+02:00']) {
      expect(total(stock([lateOn6], at), 'wachtlijst_zonder_contact')).toBe(1);
      expect(total(stock([earlyOn7], at), 'wachtlijst_zonder_contact')).toBe(0);
    }
  });

  it('a contact after t does not count', () => {
    const later = wait('overdracht', entered, { contacts: [ms('2024-05-21T12:00:00+02:00')] });
    expect(total(stock([later], t), 'wachtlijst_zonder_contact')).toBe(1);
  });

  it('counts 14 days or more by local date: entered 6 May (14 days) on, 7 May (13 days) off', () => {
    expect(total(stock([wait('overdracht', '2024-05-06T23:00:00+02:00')], t), 'wachtlijst_zonder_contact')).toBe(1);
    expect(total(stock([wait('overdracht', '2024-05-07T08:00:00+02:00')], t), 'wachtlijst_zonder_contact')).toBe(0);
  });

  it('counts fase dienst and overdracht only, per fase', () => {
    const rows = zonder([wait('triage', entered), wait('overdracht', entered), wait('overdracht', entered), wait('dienst', entered, {}, { dienst: 'voorwaarden_en_vervolg' })]);
    expect(rows).toEqual(
      sorted([row('wachtlijst_zonder_contact', {}, 3), row('wachtlijst_zonder_contact', { fase: 'overdracht' }, 2), row('wachtlijst_zonder_contact', { fase: 'dienst' }, 1)]),
    );
  });

  it('counts from enteredAt, not from the start of a span split by a change of prioriteit', () => {
    const split = wait('dienst', '2024-05-15T10:00:00+02:00', { enteredAt: ms(entered) }, { dienst: 'onderzoek', prioriteit: 'hoog' });
    expect(total(stock([split], t), 'wachtlijst_zonder_contact')).toBe(1);
  });
});

describe('buildStockRows: wachttijd_dagen', () => {
  it('gives mediaan and max of the calendar days since entering the fase, per fase and fase+dienst', () => {
    // At 20 May: entered 17 May → 3 days; 10 May → 10; 15 May → 5 (onderzoek: [3, 10], v&v: [5]).
    // Fase triage: entered 18 May and 19 May → [2, 1]: mediaan 1.5, max 2.
    const rows = stock(
      [
        wait('dienst', '2024-05-17T23:30:00+02:00', {}, { dienst: 'onderzoek' }),
        wait('dienst', '2024-05-10T08:00:00+02:00', {}, { dienst: 'onderzoek' }),
        wait('dienst', '2024-05-20T09:00:00+02:00', { enteredAt: ms('2024-05-15T09:00:00+02:00') }, { dienst: 'voorwaarden_en_vervolg' }),
        wait('triage', '2024-05-18T09:00:00+02:00'),
        wait('triage', '2024-05-19T09:00:00+02:00'),
      ],
      '2024-05-20T12:00:00+02:00',
    );
    expect(rowsOf(rows, 'wachttijd_dagen')).toEqual(
      sorted([
        row('wachttijd_dagen', { fase: 'dienst', stat: 'mediaan' }, 5),
        row('wachttijd_dagen', { fase: 'dienst', stat: 'max' }, 10),
        row('wachttijd_dagen', { fase: 'dienst', dienst: 'onderzoek', stat: 'mediaan' }, 6.5),
        row('wachttijd_dagen', { fase: 'dienst', dienst: 'onderzoek', stat: 'max' }, 10),
        row('wachttijd_dagen', { fase: 'dienst', dienst: 'voorwaarden_en_vervolg', stat: 'mediaan' }, 5),
        row('wachttijd_dagen', { fase: 'dienst', dienst: 'voorwaarden_en_vervolg', stat: 'max' }, 5),
        row('wachttijd_dagen', { fase: 'triage', stat: 'mediaan' }, 1.5),
        row('wachttijd_dagen', { fase: 'triage', stat: 'max' }, 2),
        // Nobody waits for an overdracht: its rows are there, null.
        row('wachttijd_dagen', { fase: 'overdracht', stat: 'mediaan' }, null),
        row('wachttijd_dagen', { fase: 'overdracht', stat: 'max' }, null),
      ]),
    );
  });
});

describe('buildStockRows: open_diensten', () => {
  it('counts running diensten and those past their vanaf_triage deadline, per dienst', () => {
    const t = '2024-06-11T09:00:00+02:00';
    const rows = stock(
      [
        span('dienst', '2024-04-01T09:00:00+02:00', { dienst: 'onderzoek' }, { deadline: '2024-06-10' }), // past
        span('dienst', '2024-04-01T09:00:00+02:00', { dienst: 'onderzoek' }, { deadline: '2024-06-11' }), // on the deadline day: in term
        span('dienst', '2024-04-01T09:00:00+02:00', { dienst: 'zicht_op_veiligheid' }), // no term
        { ...span('dienst', '2024-04-01T09:00:00+02:00', { dienst: 'onderzoek' }, { deadline: '2024-05-01' }), to: ms('2024-06-01T09:00:00+02:00') }, // ended
      ],
      t,
    );
    expect(rowsOf(rows, 'open_diensten')).toEqual(
      sorted([row('open_diensten', {}, 3), row('open_diensten', { dienst: 'onderzoek' }, 2), row('open_diensten', { dienst: 'zicht_op_veiligheid' }, 1)]),
    );
    expect(rowsOf(rows, 'open_diensten_over_termijn')).toEqual(sorted([row('open_diensten_over_termijn', {}, 1), row('open_diensten_over_termijn', { dienst: 'onderzoek' }, 1)]));
  });
});

describe('buildStockRows: open_binnen_termijn_pct', () => {
  it('is the share of running clocks still within term, per termijn and per termijn+klok', () => {
    // At 2024-06-11: triage clocks with deadlines 10 Jun (past), 11 Jun, 12 Jun → 2 of 3 = 66.7.
    // onderzoek vanaf_start: in term → 1 of 1 = 100; vanaf_melding: past → 0 of 1 = 0.
    const klok = (termijn: string, deadline: string, k?: string) => span('klok', '2024-06-01T09:00:00+02:00', k ? { termijn, klok: k } : { termijn }, { deadline });
    const rows = stock(
      [
        klok('triage', '2024-06-10'),
        klok('triage', '2024-06-11'),
        klok('triage', '2024-06-12'),
        klok('onderzoek', '2024-08-10', 'vanaf_start'),
        klok('onderzoek', '2024-06-01', 'vanaf_melding'),
        { ...klok('eerste_contact', '2024-06-20'), to: ms('2024-06-05T09:00:00+02:00') }, // stopped: not running
      ],
      '2024-06-11T09:00:00+02:00',
    );
    expect(rowsOf(rows, 'open_binnen_termijn_pct').filter((r) => r.denominator! > 0)).toEqual(
      sorted([
        { key: 'open_binnen_termijn_pct', by: { termijn: 'triage' }, value: 66.7, numerator: 2, denominator: 3 },
        { key: 'open_binnen_termijn_pct', by: { termijn: 'onderzoek', klok: 'vanaf_start' }, value: 100, numerator: 1, denominator: 1 },
        { key: 'open_binnen_termijn_pct', by: { termijn: 'onderzoek', klok: 'vanaf_melding' }, value: 0, numerator: 0, denominator: 1 },
      ]),
    );
  });
});

describe('buildStockRows: by', () => {
  it('gives the total and the asked combination of the wachtlijst', () => {
    const spans = [
      wait('dienst', '2024-05-01T10:00:00+02:00', {}, { dienst: 'onderzoek' }),
      wait('dienst', '2024-05-01T10:00:00+02:00', {}, { dienst: 'onderzoek', gemeente: 'GM0166' }),
      wait('triage', '2024-05-01T10:00:00+02:00'),
    ];
    const t = ms('2024-05-20T12:00:00+02:00');
    const rows = buildStockRows(openAt(spans, t), t, { by: ['dienst', 'gemeente'] });
    expect(rowsOf(rows, 'wachtlijst')).toEqual(
      sorted([row('wachtlijst', {}, 3), row('wachtlijst', { fase: 'dienst', dienst: 'onderzoek', gemeente: 'GM0150' }, 1), row('wachtlijst', { fase: 'dienst', dienst: 'onderzoek', gemeente: 'GM0166' }, 1)]),
    );
  });
});

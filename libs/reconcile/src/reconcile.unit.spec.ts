import type { VtEvent } from '../../events/src';
import { createInMemoryReports } from './in-memory-reports';
import { computedValue, expandBy, reconcile, reconcileAsync, selectFigures, yearOfFigure, type ComputedRow, type PublishedFigure, type ReportRef } from './reconcile';

const rows2024: ComputedRow[] = [
  { key: 'meldingen', by: {}, value: 2492 },
  { key: 'meldingen', by: { gemeente: 'GM0193' }, value: 748 },
  { key: 'diensten_afgerond', by: { dienst: 'voorwaarden_en_vervolg' }, value: 633 },
  { key: 'diensten_afgerond', by: { dienst: 'onderzoek' }, value: 142 },
  { key: 'tijdig_pct', by: { termijn: 'triage' }, value: 33.2, numerator: 778, denominator: 2344 },
];

const fig = (over: Partial<PublishedFigure>): PublishedFigure => ({ organisation: 'VTIJ', period: '2024', key: 'meldingen', by: {}, value: 0, tolerance: 0, source: 'test', ...over });

describe('reconcile', () => {
  it('matches a row on key and the exact by', () => {
    expect(computedValue(fig({ by: { gemeente: 'GM0193' } }), rows2024)).toBe(748);
    expect(computedValue(fig({}), rows2024)).toBe(2492);
  });

  it('sums a list value in by over its values', () => {
    expect(expandBy({ dienst: ['a', 'b'], gemeente: 'x' })).toEqual([{ dienst: 'a', gemeente: 'x' }, { dienst: 'b', gemeente: 'x' }]);
    expect(computedValue(fig({ key: 'diensten_afgerond', by: { dienst: ['voorwaarden_en_vervolg', 'onderzoek'] } }), rows2024)).toBe(775);
  });

  it('takes a missing count row as 0, a missing percentage as null (not ok)', () => {
    expect(computedValue(fig({ by: { gemeente: 'GM9999' } }), rows2024)).toBe(0);
    expect(computedValue(fig({ key: 'huisverboden', by: { gemeente: 'GM1773' } }), rows2024)).toBe(0);
    expect(computedValue(fig({ key: 'tijdig_pct', by: { termijn: 'onderzoek', klok: 'vanaf_start' } }), rows2024)).toBeNull();
    const result = reconcile([fig({ key: 'tijdig_pct', by: { termijn: 'onderzoek', klok: 'vanaf_start' }, value: 60, tolerance: 0.5 })], () => rows2024);
    expect(result.rows[0]).toMatchObject({ computed: null, ok: false });
  });

  it('applies the tolerance: |computed − published| ≤ tolerance', () => {
    const result = reconcile(
      [
        fig({ key: 'tijdig_pct', by: { termijn: 'triage' }, value: 33, tolerance: 0.5, note: 'published integer' }),
        fig({ value: 2491, tolerance: 1 }),
        fig({ value: 2490, tolerance: 1 }),
      ],
      () => rows2024,
    );
    expect(result.rows.map((r) => r.ok)).toEqual([true, true, false]);
    expect(result.rows[0]).toEqual({
      organisation: 'VTIJ',
      period: '2024',
      key: 'tijdig_pct',
      by: { termijn: 'triage' },
      published: 33,
      computed: 33.2,
      tolerance: 0.5,
      ok: true,
      source: 'test',
      note: 'published integer',
    });
    expect(result.summary).toEqual({ total: 3, ok: 2, failed: 1, byOrganisation: { VTIJ: { total: 3, ok: 2, failed: 1 } } });
  });

  it('asks for each (organisation, period | at) once, and passes stocks as `at`', async () => {
    const calls: string[] = [];
    const compute = (org: string, ref: ReportRef) => {
      calls.push(`${org} ${ref.period ?? ref.at}`);
      return ref.at ? [{ key: 'wachtlijst', by: { fase: 'dienst', dienst: 'onderzoek' }, value: 30 }] : rows2024;
    };
    const published = [
      fig({ value: 2492 }),
      fig({ by: { gemeente: 'GM0193' }, value: 748 }),
      fig({ period: undefined, at: '2014-12-31T23:59:59+01:00', key: 'wachtlijst', by: { fase: 'dienst', dienst: 'onderzoek' }, value: 30 }),
      fig({ organisation: 'VTNOG', value: 2492 }),
    ];
    const result = reconcile(published, compute);
    expect(calls).toEqual(['VTIJ 2024', 'VTIJ 2014-12-31T23:59:59+01:00', 'VTNOG 2024']);
    expect(result.rows.every((r) => r.ok)).toBe(true);
    expect(result.rows[2]).toMatchObject({ at: '2014-12-31T23:59:59+01:00', computed: 30 });
    const async = await reconcileAsync(published, async (org, ref) => compute(org, ref));
    expect(async).toEqual(result);
  });

  it('selects rows by organisation and year', () => {
    const published = [fig({}), fig({ period: '2023' }), fig({ organisation: 'VTNOG' }), fig({ period: undefined, at: '2014-12-31T23:59:59+01:00' })];
    expect(yearOfFigure(published[3])).toBe(2014);
    expect(selectFigures(published, { org: 'VTIJ', years: [2024, 2014] })).toEqual([published[0], published[3]]);
    expect(selectFigures(published, {})).toHaveLength(4);
  });
});

describe('createInMemoryReports', () => {
  const e = (i: number, type: string, occurredAt: string, data: object, caseId = 'T-1'): VtEvent =>
    ({ id: `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`, type, organisation: 'VTIJ', caseId, occurredAt, data }) as VtEvent;
  const events = [
    e(1, 'MeldingOntvangen', '2024-12-30T10:00:00+01:00', { gemeente: 'GM0193', melder: { soort: 'beroepsmatig', groep: 'medisch' }, aard: ['kindermishandeling'], crisis: false }),
    e(2, 'TriagebesluitGenomen', '2025-01-03T10:00:00+01:00', { besluit: 'vervolgstappen_veilig_thuis', dienst: 'onderzoek' }),
    e(3, 'DienstGestart', '2025-02-03T10:00:00+01:00', { dienst: 'onderzoek' }),
  ];

  it('counts flows in the period of their local date and stocks at an instant, like the read models', () => {
    const r = createInMemoryReports(events);
    expect(r.issues.size).toBe(0);
    const find = (rows: readonly ComputedRow[], key: string, by: object) => rows.find((x) => x.key === key && JSON.stringify(x.by) === JSON.stringify(by))?.value;
    expect(find(r.computeRows('VTIJ', { period: '2024' }), 'meldingen', {})).toBe(1);
    expect(find(r.computeRows('VTIJ', { period: '2025' }), 'triagebesluiten', {})).toBe(1);
    expect(find(r.computeRows('VTIJ', { at: '2024-12-31T23:59:59+01:00' }), 'wachtlijst', { fase: 'triage' })).toBe(1);
    expect(find(r.computeRows('VTIJ', { at: '2025-01-31T23:59:59+01:00' }), 'wachtlijst', { fase: 'dienst', dienst: 'onderzoek' })).toBe(1);
    expect(find(r.computeRows('VTIJ', { at: '2025-02-28T23:59:59+01:00' }), 'open_diensten', {})).toBe(1);
    const result = reconcile([fig({ period: '2024', value: 1 }), fig({ period: '2025', key: 'tijdig_pct', by: { termijn: 'triage' }, value: 100, tolerance: 0.5 })], r.computeRows);
    expect(result.summary.ok).toBe(2);
  });

  it('reports data-quality issues per case', () => {
    const r = createInMemoryReports([...events, e(4, 'DienstAfgerond', '2025-03-03T10:00:00+01:00', { dienst: 'voorwaarden_en_vervolg' })]);
    expect([...r.issues.values()][0]).toEqual([{ kind: 'dienst_afgerond_zonder_start', eventId: '00000000-0000-4000-8000-000000000004' }]);
  });
});

import type { Dims, Fact } from '../case-fold/derived';
import { buildFlowRows, FLOW_KEYS } from './flow-rows';
import type { ReportRow } from './report.types';

// Flow rows of spec/indicators.md ("Flows over a period", "Output shape") from hand-made facts.

const DATE = '2024-05-15';
const fact = (key: string, dims: Dims, extra: Partial<Fact> = {}): Fact => ({ key, date: DATE, dims, ...extra });
const stop = (termijn: string, tijdig: boolean, days: number, klok?: string, extra: Partial<Fact> = {}): Fact =>
  fact('klokstop', klok ? { termijn, klok, gemeente: 'GM0150' } : { termijn, gemeente: 'GM0150' }, { tijdig, days, ...extra });

const str = (r: ReportRow) => JSON.stringify([r.key, Object.entries(r.by).sort(), r.value, r.numerator, r.denominator]);
const sorted = (rows: ReportRow[]) => [...rows].sort((a, b) => (str(a) < str(b) ? -1 : str(a) > str(b) ? 1 : 0));
const rowsOf = (rows: ReportRow[], key: string) => sorted(rows.filter((r) => r.key === key));
const row = (key: string, by: Record<string, string>, value: number | null): ReportRow => ({ key, by, value });

describe('buildFlowRows: counts', () => {
  const beroeps = { soort: 'beroepsmatig', groep: 'medisch' };
  const meldingen = [
    fact('meldingen', { ...beroeps, aard: ['partnergeweld', 'kindermishandeling'], gemeente: 'GM0150' }),
    fact('meldingen', { ...beroeps, aard: ['partnergeweld'], gemeente: 'GM0166' }),
    fact('meldingen', { soort: 'particulier', groep: 'buurtbewoner', aard: ['onbekend'], gemeente: 'GM0150' }),
  ];

  it('counts a melding with two aard categories once in the total and once in each aard row', () => {
    const rows = buildFlowRows(meldingen);
    expect(rows).toContainEqual(row('meldingen', {}, 3));
    // partnergeweld: meldingen 1 and 2; kindermishandeling: 1; onbekend: 3 → 2 + 1 + 1 = 4 > 3.
    expect(rowsOf(rows, 'meldingen').filter((r) => 'aard' in r.by)).toEqual(
      sorted([row('meldingen', { aard: 'kindermishandeling' }, 1), row('meldingen', { aard: 'onbekend' }, 1), row('meldingen', { aard: 'partnergeweld' }, 2)]),
    );
  });

  it('gives groep rows that carry their soort, beside soort and gemeente alone', () => {
    expect(rowsOf(buildFlowRows(meldingen), 'meldingen').filter((r) => !('aard' in r.by))).toEqual(
      sorted([
        row('meldingen', {}, 3),
        row('meldingen', { gemeente: 'GM0150' }, 2),
        row('meldingen', { gemeente: 'GM0166' }, 1),
        row('meldingen', { soort: 'beroepsmatig' }, 2),
        row('meldingen', { soort: 'particulier' }, 1),
        row('meldingen', { soort: 'beroepsmatig', groep: 'medisch' }, 2),
        row('meldingen', { soort: 'particulier', groep: 'buurtbewoner' }, 1),
      ]),
    );
  });

  it('splits the municipal rows of diensten_* by dienst: {dienst, gemeente}', () => {
    const facts = [
      fact('diensten_gestart', { dienst: 'onderzoek', gemeente: 'GM0150' }),
      fact('diensten_gestart', { dienst: 'onderzoek', gemeente: 'GM0166' }),
      fact('diensten_gestart', { dienst: 'voorwaarden_en_vervolg', gemeente: 'GM0150' }),
      fact('diensten_afgerond', { dienst: 'zicht_op_veiligheid', gemeente: 'GM0166' }),
    ];
    const rows = buildFlowRows(facts);
    expect(rowsOf(rows, 'diensten_gestart')).toEqual(
      sorted([
        row('diensten_gestart', {}, 3),
        row('diensten_gestart', { dienst: 'onderzoek' }, 2),
        row('diensten_gestart', { dienst: 'voorwaarden_en_vervolg' }, 1),
        row('diensten_gestart', { gemeente: 'GM0150' }, 2),
        row('diensten_gestart', { gemeente: 'GM0166' }, 1),
        row('diensten_gestart', { dienst: 'onderzoek', gemeente: 'GM0150' }, 1),
        row('diensten_gestart', { dienst: 'onderzoek', gemeente: 'GM0166' }, 1),
        row('diensten_gestart', { dienst: 'voorwaarden_en_vervolg', gemeente: 'GM0150' }, 1),
      ]),
    );
    expect(rowsOf(rows, 'diensten_afgerond')).toEqual(
      sorted([
        row('diensten_afgerond', {}, 1),
        row('diensten_afgerond', { dienst: 'zicht_op_veiligheid' }, 1),
        row('diensten_afgerond', { gemeente: 'GM0166' }, 1),
        row('diensten_afgerond', { dienst: 'zicht_op_veiligheid', gemeente: 'GM0166' }, 1),
      ]),
    );
  });

  it('splits triagebesluiten by {besluit, gemeente}; dienst rows only count decisions that name one', () => {
    const rows = buildFlowRows([
      fact('triagebesluiten', { besluit: 'vervolgstappen_veilig_thuis', dienst: 'onderzoek', gemeente: 'GM0150' }),
      fact('triagebesluiten', { besluit: 'overdracht', gemeente: 'GM0150' }),
      fact('triagebesluiten', { besluit: 'overdracht', gemeente: 'GM0166' }),
    ]);
    expect(rowsOf(rows, 'triagebesluiten')).toEqual(
      sorted([
        row('triagebesluiten', {}, 3),
        row('triagebesluiten', { besluit: 'overdracht' }, 2),
        row('triagebesluiten', { besluit: 'vervolgstappen_veilig_thuis' }, 1),
        row('triagebesluiten', { dienst: 'onderzoek' }, 1),
        row('triagebesluiten', { gemeente: 'GM0150' }, 2),
        row('triagebesluiten', { gemeente: 'GM0166' }, 1),
        row('triagebesluiten', { besluit: 'overdracht', gemeente: 'GM0150' }, 1),
        row('triagebesluiten', { besluit: 'overdracht', gemeente: 'GM0166' }, 1),
        row('triagebesluiten', { besluit: 'vervolgstappen_veilig_thuis', gemeente: 'GM0150' }, 1),
      ]),
    );
  });

  it('splits overdrachten by {soort, gemeente}, and has partij alone', () => {
    const rows = buildFlowRows([
      fact('overdrachten', { soort: 'direct', partij: 'ggz', gemeente: 'GM0150' }),
      fact('overdrachten', { soort: 'direct', partij: 'jeugdhulp', gemeente: 'GM0150' }),
      fact('overdrachten', { soort: 'na_actieve_betrokkenheid', partij: 'ggz', gemeente: 'GM0166' }),
    ]);
    expect(rowsOf(rows, 'overdrachten')).toEqual(
      sorted([
        row('overdrachten', {}, 3),
        row('overdrachten', { soort: 'direct' }, 2),
        row('overdrachten', { soort: 'na_actieve_betrokkenheid' }, 1),
        row('overdrachten', { partij: 'ggz' }, 2),
        row('overdrachten', { partij: 'jeugdhulp' }, 1),
        row('overdrachten', { gemeente: 'GM0150' }, 2),
        row('overdrachten', { gemeente: 'GM0166' }, 1),
        row('overdrachten', { soort: 'direct', gemeente: 'GM0150' }, 2),
        row('overdrachten', { soort: 'na_actieve_betrokkenheid', gemeente: 'GM0166' }, 1),
      ]),
    );
  });

  it('gives every key without facts a total row of 0, and a null row for every percentage and duration (nothing to measure)', () => {
    const rows = buildFlowRows([]);
    expect(rows.filter((r) => r.key in FLOW_KEYS)).toEqual(Object.keys(FLOW_KEYS).map((key) => row(key, {}, 0)));
    // Three plain terms, and each dienst's three clocks.
    const pct = rows.filter((r) => r.key === 'tijdig_pct');
    expect(pct.map((r) => r.by)).toEqual([
      { termijn: 'veiligheidsbeoordeling' },
      { termijn: 'triage' },
      { termijn: 'eerste_contact' },
      ...['voorwaarden_en_vervolg', 'onderzoek'].flatMap((termijn) => ['vanaf_start', 'vanaf_triage', 'vanaf_melding'].map((klok) => ({ termijn, klok }))),
    ]);
    for (const r of pct) expect(r).toMatchObject({ value: null, numerator: 0, denominator: 0 });
    const durations = rows.filter((r) => r.key === 'doorlooptijd_dagen');
    expect(durations).toHaveLength(27);
    for (const r of durations) expect(r.value).toBeNull();
  });

  it('keeps the null rows of the terms nobody measured beside the measured ones, and none when broken down by gemeente', () => {
    const rows = buildFlowRows([stop('triage', true, 3)]);
    expect(rows.find((r) => r.key === 'tijdig_pct' && r.by.termijn === 'triage')).toMatchObject({ value: 100, numerator: 1, denominator: 1 });
    expect(rows.find((r) => r.key === 'tijdig_pct' && r.by.termijn === 'eerste_contact')).toMatchObject({ value: null, denominator: 0 });
    const byGemeente = buildFlowRows([stop('triage', true, 3)], { by: ['gemeente'] }).filter((r) => r.key === 'tijdig_pct');
    expect(byGemeente).toEqual([{ key: 'tijdig_pct', by: { termijn: 'triage', gemeente: 'GM0150' }, value: 100, numerator: 1, denominator: 1 }]);
  });
});

describe('buildFlowRows: tijdig_pct', () => {
  it('is 100 × numerator / denominator rounded to one decimal, per termijn and per termijn+klok', () => {
    const facts = [
      // triage: 3 of 7 tijdig → 300/7 = 42.857… → 42.9
      ...[true, true, true, false, false, false, false].map((t) => stop('triage', t, 3)),
      // onderzoek vanaf_start: 2 of 3 → 66.666… → 66.7; vanaf_triage: 1 of 3 → 33.333… → 33.3
      stop('onderzoek', true, 40, 'vanaf_start'),
      stop('onderzoek', true, 50, 'vanaf_start'),
      stop('onderzoek', false, 80, 'vanaf_start'),
      stop('onderzoek', true, 60, 'vanaf_triage'),
      stop('onderzoek', false, 90, 'vanaf_triage'),
      stop('onderzoek', false, 95, 'vanaf_triage'),
      // eerste_contact: 1 of 1 → 100
      stop('eerste_contact', true, 4),
    ];
    expect(rowsOf(buildFlowRows(facts), 'tijdig_pct').filter((r) => r.denominator! > 0)).toEqual(
      sorted([
        { key: 'tijdig_pct', by: { termijn: 'triage' }, value: 42.9, numerator: 3, denominator: 7 },
        { key: 'tijdig_pct', by: { termijn: 'eerste_contact' }, value: 100, numerator: 1, denominator: 1 },
        { key: 'tijdig_pct', by: { termijn: 'onderzoek', klok: 'vanaf_start' }, value: 66.7, numerator: 2, denominator: 3 },
        { key: 'tijdig_pct', by: { termijn: 'onderzoek', klok: 'vanaf_triage' }, value: 33.3, numerator: 1, denominator: 3 },
      ]),
    );
  });

  it('is never null for a group that exists', () => {
    const rows = buildFlowRows([stop('triage', false, 9), stop('onderzoek', false, 99, 'vanaf_melding')]);
    const pct = rows.filter((r) => r.key === 'tijdig_pct' && r.denominator! > 0);
    expect(pct).toHaveLength(2);
    for (const r of pct) expect(r).toMatchObject({ value: 0, numerator: 0, denominator: 1 });
  });
});

describe('buildFlowRows: doorlooptijd_dagen', () => {
  const stats = (rows: ReportRow[], by: Record<string, string>) =>
    Object.fromEntries(
      rows.filter((r) => r.key === 'doorlooptijd_dagen' && Object.entries(by).every(([k, v]) => r.by[k] === v)).map((r) => [r.by.stat, r.value]),
    );

  it('odd count [2, 9, 4]: mediaan 4, gemiddelde 5, p90 nearest rank ⌈0.9×3⌉ = 3rd = 9', () => {
    const rows = buildFlowRows([2, 9, 4].map((d) => stop('triage', true, d)));
    expect(stats(rows, { termijn: 'triage' })).toEqual({ mediaan: 4, gemiddelde: 5, p90: 9 });
  });

  it('even count [10, 1, 3, 2]: mediaan (2+3)/2 = 2.5, gemiddelde 16/4 = 4, p90 ⌈3.6⌉ = 4th = 10', () => {
    const rows = buildFlowRows([10, 1, 3, 2].map((d) => stop('eerste_contact', true, d)));
    expect(stats(rows, { termijn: 'eerste_contact' })).toEqual({ mediaan: 2.5, gemiddelde: 4, p90: 10 });
  });

  it('p90 of 1..10 is the 9th (⌈9⌉), of 1..11 the 10th (⌈9.9⌉); gemiddelde rounds to one decimal', () => {
    const ten = buildFlowRows(Array.from({ length: 10 }, (_, i) => stop('triage', true, i + 1)));
    expect(stats(ten, { termijn: 'triage' })).toEqual({ mediaan: 5.5, gemiddelde: 5.5, p90: 9 });
    const eleven = buildFlowRows(Array.from({ length: 11 }, (_, i) => stop('triage', true, i + 1)));
    expect(stats(eleven, { termijn: 'triage' })).toEqual({ mediaan: 6, gemiddelde: 6, p90: 10 });
    // [1, 2, 2]: 5/3 = 1.666… → 1.7
    expect(stats(buildFlowRows([1, 2, 2].map((d) => stop('triage', true, d))), { termijn: 'triage' }).gemiddelde).toBe(1.7);
  });

  it('is per termijn and klok for the diensten, carrying the rest of the row', () => {
    const rows = buildFlowRows([stop('onderzoek', true, 30, 'vanaf_start'), stop('onderzoek', false, 100, 'vanaf_melding')]);
    expect(rowsOf(rows, 'doorlooptijd_dagen').filter((r) => r.value !== null)).toEqual(
      sorted(
        (
          [
            ['vanaf_start', 30],
            ['vanaf_melding', 100],
          ] as const
        ).flatMap(([klok, d]) => ['mediaan', 'gemiddelde', 'p90'].map((stat) => row('doorlooptijd_dagen', { termijn: 'onderzoek', klok, stat }, d))),
      ),
    );
  });
});

describe('buildFlowRows: weights', () => {
  it('a fact of weight 3 counts as three unweighted ones, in counts, percentages and statistics', () => {
    const melding = fact('meldingen', { soort: 'beroepsmatig', groep: 'onderwijs', aard: ['kindermishandeling', 'onbekend'], gemeente: 'GM0150' });
    const other = fact('meldingen', { soort: 'particulier', groep: 'familielid', aard: ['partnergeweld'], gemeente: 'GM0166' });
    const slow = stop('triage', false, 20);
    const quick = stop('triage', true, 2);
    const weighted = buildFlowRows([{ ...melding, weight: 3 }, other, { ...slow, weight: 3 }, quick]);
    const repeated = buildFlowRows([melding, melding, melding, other, slow, slow, slow, quick]);
    expect(weighted).toEqual(repeated);
    // triage [2, 20, 20, 20]: 1 of 4 tijdig = 25%, mediaan 20, gemiddelde 62/4 = 15.5, p90 20.
    expect(weighted).toContainEqual({ key: 'tijdig_pct', by: { termijn: 'triage' }, value: 25, numerator: 1, denominator: 4 });
    expect(weighted).toContainEqual(row('doorlooptijd_dagen', { termijn: 'triage', stat: 'gemiddelde' }, 15.5));
    expect(weighted).toContainEqual(row('meldingen', {}, 4));
  });
});

describe('buildFlowRows: by', () => {
  const facts = [
    fact('diensten_gestart', { dienst: 'onderzoek', gemeente: 'GM0150' }),
    fact('diensten_gestart', { dienst: 'onderzoek', gemeente: 'GM0150' }),
    fact('diensten_gestart', { dienst: 'voorwaarden_en_vervolg', gemeente: 'GM0166' }),
    fact('triagebesluiten', { besluit: 'vervolgstappen_veilig_thuis', dienst: 'onderzoek', gemeente: 'GM0150' }),
    fact('triagebesluiten', { besluit: 'geen_vervolgstappen', gemeente: 'GM0150' }),
    fact('meldingen', { soort: 'beroepsmatig', groep: 'medisch', aard: ['partnergeweld'], gemeente: 'GM0150' }),
    fact('meldingen', { soort: 'particulier', groep: 'anders', aard: ['onbekend'], gemeente: 'GM0166' }),
  ];

  it("by: ['gemeente','dienst'] gives only the total and that combination", () => {
    const rows = buildFlowRows(facts, { by: ['gemeente', 'dienst'] });
    expect(rowsOf(rows, 'diensten_gestart')).toEqual(
      sorted([
        row('diensten_gestart', {}, 3),
        row('diensten_gestart', { gemeente: 'GM0150', dienst: 'onderzoek' }, 2),
        row('diensten_gestart', { gemeente: 'GM0166', dienst: 'voorwaarden_en_vervolg' }, 1),
      ]),
    );
    // A triagebesluit without a dienst is in the total, in no combination.
    expect(rowsOf(rows, 'triagebesluiten')).toEqual(sorted([row('triagebesluiten', {}, 2), row('triagebesluiten', { gemeente: 'GM0150', dienst: 'onderzoek' }, 1)]));
  });

  it('keys lacking a dimension give their total only; keys without facts a 0 total', () => {
    const rows = buildFlowRows(facts, { by: ['gemeente', 'dienst'] });
    expect(rowsOf(rows, 'meldingen')).toEqual([row('meldingen', {}, 2)]);
    expect(rowsOf(rows, 'diensten_afgerond')).toEqual([row('diensten_afgerond', {}, 0)]);
    expect(rowsOf(rows, 'adviezen')).toEqual([row('adviezen', {}, 0)]);
  });

  it('adds the carried dimension: by groep gives {soort, groep}', () => {
    const rows = buildFlowRows(facts, { by: ['groep'] });
    expect(rowsOf(rows, 'meldingen')).toEqual(
      sorted([row('meldingen', {}, 2), row('meldingen', { soort: 'beroepsmatig', groep: 'medisch' }, 1), row('meldingen', { soort: 'particulier', groep: 'anders' }, 1)]),
    );
    expect(rowsOf(rows, 'diensten_gestart')).toEqual([row('diensten_gestart', {}, 3)]);
  });
});

import { isDienstTerm, KLOKKEN, TERM_KEYS } from '../../../calendar/src';
import type { Fact } from '../case-fold/derived';
import { groupBy, groupKey, withCarried } from './row-sets';
import type { ReportRow } from './report.types';
import { mean, median, percentile, round1, type Weighted } from './statistics';

/**
 * The flows of indicators.md: their dimensions, and the kind dimension whose municipal rows are
 * split by it (`{dienst, gemeente}`).
 */
export const FLOW_KEYS: Record<string, { dims: string[]; kind?: string }> = {
  adviezen: { dims: ['gemeente', 'soort', 'groep', 'aard', 'kanaal'] },
  meldingen: { dims: ['gemeente', 'soort', 'groep', 'aard'] },
  crisis_meldingen: { dims: ['gemeente'] },
  huisverboden: { dims: ['gemeente'] },
  veiligheidsbeoordelingen: { dims: ['conclusie', 'gemeente'] },
  triagebesluiten: { dims: ['besluit', 'dienst', 'gemeente'], kind: 'besluit' },
  eerste_contacten: { dims: ['gemeente'] },
  diensten_gestart: { dims: ['dienst', 'gemeente'], kind: 'dienst' },
  diensten_afgerond: { dims: ['dienst', 'gemeente'], kind: 'dienst' },
  overdrachten: { dims: ['soort', 'partij', 'gemeente'], kind: 'soort' },
  monitoring_afgerond: { dims: ['gemeente'] },
  termijnen_overschreden: { dims: ['termijn'] },
};
/** Every dimension a flow report can be broken down by (`--by`): the flows' and the clock stops' (`stat` comes with its row). */
export const FLOW_DIMENSIONS: readonly string[] = [...new Set([...Object.values(FLOW_KEYS).flatMap((k) => k.dims), 'termijn', 'klok'])];
export const DOORLOOPTIJD_STATS = ['mediaan', 'gemiddelde', 'p90'] as const;

const weightOf = (f: Fact) => f.weight ?? 1;

/** Which row sets a key gets: the total and each dimension alone, or what `--by` asks for. */
function rowSets(key: string, by?: string[]): string[][] {
  const def = FLOW_KEYS[key];
  if (by) return [[], withCarried(by)];
  const sets = [[], ...def.dims.map((d) => withCarried([d]))];
  if (def.kind) sets.push([def.kind, 'gemeente']);
  return sets;
}

function countRows(key: string, facts: Fact[], by?: string[]): ReportRow[] {
  const rows: ReportRow[] = [];
  for (const dims of rowSets(key, by)) {
    for (const g of groupBy(facts, dims, (f) => f.dims).values()) {
      rows.push({ key, by: g.by, value: g.items.reduce((s, f) => s + weightOf(f), 0) });
    }
  }
  return rows;
}

/**
 * The rows every report holds for a percentage or a duration, measured or not: one per termijn,
 * and per termijn and klok for the diensten (indicators.md: "a percentage or duration with nothing
 * to measure is null"; only count rows may be left out).
 */
export const CLOCK_ROW_KEYS: readonly Record<string, string>[] = TERM_KEYS.flatMap((termijn): Record<string, string>[] => (isDienstTerm(termijn) ? KLOKKEN.map((klok) => ({ termijn, klok })) : [{ termijn }]));

/**
 * `rows` of the groups measured, plus those of `CLOCK_ROW_KEYS` nobody measured, made by `empty`,
 * in the order of `CLOCK_ROW_KEYS` first. Groups with more dimensions (`--by gemeente`) keep theirs.
 */
export function withEveryClockRow<G extends { by: Record<string, string> }>(groups: readonly G[], measured: (g: G) => ReportRow[], empty: (by: Record<string, string>) => ReportRow[]): ReportRow[] {
  const byKey = new Map(groups.map((g) => [groupKey(g.by), g]));
  const rows: ReportRow[] = [];
  for (const by of CLOCK_ROW_KEYS) {
    const g = byKey.get(groupKey(by));
    rows.push(...(g ? measured(g) : empty(by)));
    byKey.delete(groupKey(by));
  }
  for (const g of byKey.values()) rows.push(...measured(g));
  return rows;
}

/** tijdig_pct and doorlooptijd_dagen from clock stops: per termijn, and per klok for the diensten. */
function clockRows(stops: Fact[], by?: string[]): ReportRow[] {
  // Clock stops carry only termijn, klok and gemeente: asked for anything else, they give per-term totals.
  const asked = (by ?? []).filter((d) => d !== 'termijn' && d !== 'klok');
  const extra = asked.every((d) => d === 'gemeente') ? asked : [];
  const plain = stops.filter((f) => !isDienstTerm(String(f.dims.termijn)));
  const klok = stops.filter((f) => isDienstTerm(String(f.dims.termijn)));
  const sets: [Fact[], string[]][] = [
    [plain, ['termijn', ...extra]],
    [klok, ['termijn', 'klok', ...extra]],
  ];
  const measured = (g: { by: Record<string, string>; items: Fact[] }): ReportRow[] => {
    const denominator = g.items.reduce((s, f) => s + weightOf(f), 0);
    const numerator = g.items.reduce((s, f) => s + (f.tijdig ? weightOf(f) : 0), 0);
    const days: Weighted[] = g.items.map((f) => ({ value: f.days ?? 0, weight: weightOf(f) }));
    const stats = { mediaan: median(days), gemiddelde: mean(days), p90: percentile(days, 90) };
    return [
      { key: 'tijdig_pct', by: g.by, value: denominator === 0 ? null : round1((100 * numerator) / denominator), numerator, denominator },
      ...DOORLOOPTIJD_STATS.map((stat) => ({ key: 'doorlooptijd_dagen', by: { ...g.by, stat }, value: stats[stat] })),
    ];
  };
  const groups = sets.flatMap(([items, dims]) => [...groupBy(items, dims, (f) => f.dims).values()]);
  // Broken down by gemeente, only what was measured: the per-termijn rows are not in that row set.
  if (extra.length > 0) return groups.flatMap(measured);
  const empty = (by: Record<string, string>): ReportRow[] => [
    { key: 'tijdig_pct', by, value: null, numerator: 0, denominator: 0 },
    ...DOORLOOPTIJD_STATS.map((stat) => ({ key: 'doorlooptijd_dagen', by: { ...by, stat }, value: null })),
  ];
  return withEveryClockRow(groups, measured, empty);
}

/**
 * The rows of a flow report from the facts dated inside the period. `by` (`--by a,b`) asks for
 * that combination instead of the default row sets (the total is always there).
 */
export function buildFlowRows(facts: readonly Fact[], options: { by?: string[] } = {}): ReportRow[] {
  const byKey = new Map<string, Fact[]>();
  for (const f of facts) {
    let list = byKey.get(f.key);
    if (!list) byKey.set(f.key, (list = []));
    list.push(f);
  }
  const rows: ReportRow[] = [];
  for (const key of Object.keys(FLOW_KEYS)) {
    const list = byKey.get(key) ?? [];
    // A key that lacks a dimension `--by` asks for gets its total only.
    const applicable = !options.by || options.by.every((d) => FLOW_KEYS[key].dims.includes(d));
    if (list.length === 0 || !applicable) rows.push({ key, by: {}, value: list.reduce((s, f) => s + weightOf(f), 0) });
    else rows.push(...countRows(key, list, options.by));
  }
  rows.push(...clockRows(byKey.get('klokstop') ?? [], options.by));
  return rows;
}

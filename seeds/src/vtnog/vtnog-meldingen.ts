import type { Day, DayIndex } from '../day-index';
import { dayWeight, VTNOG_MELDING_PROFILE, spreadDays } from '../intake';
import type { MeldingPlan, Prioriteit } from '../melding-plan';
import { allocateProfiles, scaleCounts, type Profile } from '../profiles';
import type { Rng } from '../prng';
import { publishedBy, publishedValue, required } from '../published-figures';
import { anyHourWall, daytimeWall, officeWall } from '../time-of-day';
import {
  ADVIES_AARD_2024,
  ADVIES_BEROEPSMATIG_2024,
  ADVIES_BEROEPSMATIG_OVERIG_SHARES,
  ADVIES_PARTICULIER_SHARES,
  ADVIES_POLITIE_2024,
  ANNEX,
  BEROEPSMATIG_OVERIG_SHARES,
  CRISIS_SHARE,
  DEELREGIO,
  LEAD_IN_2022,
  MELDER_2024,
  MELDER_BEROEPSMATIG_2024,
  MELDER_POLITIE_2024,
  MELDING_AARD_2024,
  OVERIG_MELDER,
  PARTICULIER_SHARES,
  VTNOG,
  VTNOG_GEMEENTEN,
} from './vtnog-assumptions';

const ALL = [...VTNOG_GEMEENTEN, 'overig'] as string[];

/**
 * Counts per gemeente of meldingen or adviezen in a year: the municipal annex (2023, 2024; the rest
 * of the published total is 'overig', seed-facts §9 item 12), the sub-region chart (2022), or the
 * published total spread like 2024 (2025).
 */
export function countsPerGemeente(key: 'meldingen' | 'adviezen', year: number): [string, number][] {
  const y = String(year);
  if (year === 2022) {
    const lead = LEAD_IN_2022[key];
    const base = new Map(countsPerGemeente(key, 2023));
    const out: [string, number][] = [];
    for (const region of ['Midden-IJssel', 'Achterhoek', 'Noord-Veluwe'] as const) {
      const members = VTNOG_GEMEENTEN.filter((g) => DEELREGIO[g] === region).map((g) => [g as string, base.get(g)!] as [string, number]);
      out.push(...scaleCounts(lead[region], members));
    }
    out.push(['overig', lead.overig]);
    return out;
  }
  const total = required(VTNOG, y, key);
  const annex = publishedBy(VTNOG, y, key, 'gemeente');
  if (VTNOG_GEMEENTEN.every((g) => annex.has(g))) {
    const rows = VTNOG_GEMEENTEN.map((g) => [g as string, annex.get(g)!] as [string, number]);
    const sum = rows.reduce((s, [, n]) => s + n, 0);
    const overig = annex.get('overig');
    if (overig !== undefined && overig !== total - sum) throw new Error(`VTNOG ${key} ${y}: overig ${overig} ≠ ${total} − ${sum}`);
    return [...rows, ['overig', total - sum]];
  }
  return scaleCounts(total, countsPerGemeente(key, 2024));
}

/** Label counts scaled from `from` items to `to` items, kept feasible for one or two labels per item. */
function scaleLabels(labels: readonly (readonly [string, number])[], from: number, to: number): [string, number][] {
  const total = labels.reduce((s, [, n]) => s + n, 0);
  const wanted = Math.min(2 * to, Math.max(to, Math.round((total * to) / Math.max(1, from))));
  const out = scaleCounts(wanted, labels).map(([k, n]) => [k, Math.min(n, to)] as [string, number]);
  let sum = out.reduce((s, [, n]) => s + n, 0);
  for (let i = 0; sum < to; i = (i + 1) % out.length) if (out[i][1] < to) (out[i][1]++, sum++);
  return out;
}

function overallLabels(table: Map<string, [string, number][]>): [string, number][] {
  const sums = new Map<string, number>();
  for (const rows of table.values()) for (const [k, n] of rows) sums.set(k, (sums.get(k) ?? 0) + n);
  return [...sums];
}

const key = (soort: string, groep: string) => `${soort}/${groep}`;

function groepMargins(perGemeente: [string, number][], professional: (g: string) => number, police: (g: string) => number, profShares: [string, number][], partShares: [string, number][], beroepsmatigTotal?: number): [string, number][] {
  let prof = 0;
  let pol = 0;
  let n = 0;
  for (const [g, c] of perGemeente) {
    prof += c * professional(g);
    pol += c * professional(g) * police(g);
    n += c;
  }
  const profTotal = beroepsmatigTotal ?? Math.round(prof);
  const polTotal = Math.round((pol / prof) * profTotal);
  return [
    [key('beroepsmatig', 'justitie_en_veiligheid'), polTotal],
    ...scaleCounts(profTotal - polTotal, profShares).map(([g, c]) => [key('beroepsmatig', g), c] as [string, number]),
    ...scaleCounts(n - profTotal, partShares).map(([g, c]) => [key('particulier', g), c] as [string, number]),
  ];
}

function seedFor(professional: (g: string) => number, police: (g: string) => number) {
  return (g: string, k: string) => {
    const p = professional(g);
    if (k.startsWith('particulier/')) return 1 - p;
    return k.endsWith('justitie_en_veiligheid') ? p * police(g) : p * (1 - police(g));
  };
}

export function meldingProfiles(year: number, rng: Rng): Profile[] {
  const perGemeente = countsPerGemeente('meldingen', year);
  const professional = (g: string) => (g === 'overig' ? OVERIG_MELDER.beroepsmatig : MELDER_BEROEPSMATIG_2024.get(g)! / MELDER_2024.get(g)!);
  const police = (g: string) => (g === 'overig' ? OVERIG_MELDER.politie : MELDER_POLITIE_2024.get(g)! / MELDER_BEROEPSMATIG_2024.get(g)!);
  const n2024 = new Map(countsPerGemeente('meldingen', 2024));
  const spec = {
    gemeenten: perGemeente,
    groepen: groepMargins(perGemeente, professional, police, BEROEPSMATIG_OVERIG_SHARES, PARTICULIER_SHARES),
    gemeenteGroepSeed: seedFor(professional, police),
  };
  const km = publishedValue(VTNOG, String(year), 'meldingen', { aard: 'kindermishandeling' });
  if (km !== undefined) {
    // 2025: only the shares of child abuse and partner violence are published (57% / 41%)
    const partner = required(VTNOG, String(year), 'meldingen', { aard: 'partnergeweld' });
    const n = perGemeente.reduce((s, [, c]) => s + c, 0);
    const others = overallLabels(MELDING_AARD_2024).filter(([k]) => k !== 'kindermishandeling' && k !== 'partnergeweld');
    const otherTotal = Math.round((others.reduce((s, [, c]) => s + c, 0) * n) / 2500);
    // partner violence last: it pairs with child abuse (children witnessing it)
    const aardOverall: [string, number][] = [['kindermishandeling', km], ...scaleCounts(otherTotal, others), ['partnergeweld', partner]];
    return allocateProfiles({ ...spec, aardOverall }, rng);
  }
  const overall = overallLabels(MELDING_AARD_2024);
  const aardPerGemeente = new Map<string, [string, number][]>();
  for (const [g, c] of perGemeente) {
    const base = g === 'overig' ? overall : MELDING_AARD_2024.get(g)!;
    const from = g === 'overig' ? 2500 : n2024.get(g)!;
    const labels = scaleLabels(base, from, c);
    // partner violence last (see multiLabel)
    aardPerGemeente.set(g, [...labels.filter(([k]) => k !== 'partnergeweld'), ...labels.filter(([k]) => k === 'partnergeweld')]);
  }
  return allocateProfiles({ ...spec, aardPerGemeente }, rng);
}

export function adviesProfiles(year: number, rng: Rng): Profile[] {
  const perGemeente = countsPerGemeente('adviezen', year);
  const n2024 = new Map(countsPerGemeente('adviezen', 2024));
  const professional = (g: string) => (g === 'overig' ? 0.35 : ADVIES_BEROEPSMATIG_2024.get(g)! / n2024.get(g)!);
  const police = (g: string) => (g === 'overig' ? 0.05 : ADVIES_POLITIE_2024.get(g)! / ADVIES_BEROEPSMATIG_2024.get(g)!);
  const y = String(year);
  const beroepsmatig = publishedValue(VTNOG, y, 'adviezen', { soort: 'beroepsmatig' });
  const spec = {
    gemeenten: perGemeente,
    groepen: groepMargins(perGemeente, professional, police, ADVIES_BEROEPSMATIG_OVERIG_SHARES, ADVIES_PARTICULIER_SHARES, beroepsmatig),
    gemeenteGroepSeed: seedFor(professional, police),
  };
  const km = publishedValue(VTNOG, y, 'adviezen', { aard: 'kindermishandeling' });
  if (km !== undefined) {
    const partner = required(VTNOG, y, 'adviezen', { aard: 'partnergeweld' });
    const n = perGemeente.reduce((s, [, c]) => s + c, 0);
    const others = overallLabels(ADVIES_AARD_2024).filter(([k]) => k !== 'kindermishandeling' && k !== 'partnergeweld');
    const otherTotal = Math.round((others.reduce((s, [, c]) => s + c, 0) * n) / 6288);
    return allocateProfiles({ ...spec, aardOverall: [['kindermishandeling', km], ...scaleCounts(otherTotal, others), ['partnergeweld', partner]] }, rng);
  }
  const overall = overallLabels(ADVIES_AARD_2024);
  const aardPerGemeente = new Map<string, [string, number][]>();
  for (const [g, c] of perGemeente) {
    const labels = scaleLabels(g === 'overig' ? overall : ADVIES_AARD_2024.get(g)!, g === 'overig' ? 6288 : n2024.get(g)!, c);
    aardPerGemeente.set(g, [...labels.filter(([k]) => k !== 'partnergeweld'), ...labels.filter(([k]) => k === 'partnergeweld')]);
  }
  return allocateProfiles({ ...spec, aardPerGemeente }, rng);
}

/** Huisverboden per gemeente: the annex for 2023 / 2024 (sums = published totals); 2022 like 2023, 2025 like 2024. */
export function huisverbodenPerGemeente(year: number): Map<string, number> {
  return year <= 2023 ? ANNEX.huisverbod[2023] : ANNEX.huisverbod[2024];
}

const CRISIS_AARD: Record<string, number> = { partnergeweld: 3, geweld_tegen_ouders: 2, kindermishandeling: 1.3 };

export function planVtnogMeldingen(year: number, from: Day, to: Day, days: DayIndex, rng: Rng): MeldingPlan[] {
  const profiles = meldingProfiles(year, rng.fork('profiles'));
  const thv = huisverbodenPerGemeente(year);
  type Item = { profile: Profile; crisis: boolean; thv: boolean };
  const items: Item[] = profiles.map((profile) => ({ profile, crisis: false, thv: false }));
  const pick = rng.fork('crisis');
  for (const g of ALL) {
    const own = items.filter((i) => i.profile.gemeente === g);
    const nThv = thv.get(g) ?? 0;
    const nCrisis = Math.min(own.length, Math.max(2 * nThv, Math.round(CRISIS_SHARE * own.length)));
    const crisis = pick.sample(own, nCrisis, (i) => Math.max(...i.profile.aard.map((a) => CRISIS_AARD[a] ?? 1)) * (i.profile.melder.groep === 'justitie_en_veiligheid' ? 3 : 1));
    for (const c of crisis) c.crisis = true;
    for (const c of pick.sample(crisis, nThv, (i) => (i.profile.aard.includes('partnergeweld') ? 5 : 1))) c.thv = true;
  }
  const dates = spreadDays(items.length, from, to, (d) => dayWeight(days, VTNOG_MELDING_PROFILE, d), rng.fork('dates'));
  const order = rng.fork('order').shuffle(items);
  const t = rng.fork('times');
  const plans = order.map((item, i): Omit<MeldingPlan, 'caseId'> => {
    const day = dates[i];
    const police = item.profile.melder.groep === 'justitie_en_veiligheid';
    const wall = item.crisis ? anyHourWall(t, day) : !days.isWerkdag(day) || (police && t.chance(0.3)) || t.chance(0.05) ? daytimeWall(t, day) : officeWall(t, day);
    const prioriteit: Prioriteit = item.crisis ? 'acuut' : t.weighted(['hoog', 'midden', 'laag'] as const, item.profile.aard.includes('andere_problematiek') ? [5, 45, 50] : [15, 55, 30]);
    return { organisation: VTNOG, year, day, wall, gemeente: item.profile.gemeente, melder: item.profile.melder, aard: item.profile.aard, crisis: item.crisis, prioriteit, thv: item.thv || undefined };
  });
  plans.sort((a, b) => a.wall - b.wall);
  return plans.map((p, i) => ({ ...p, caseId: `${VTNOG}-${year}-${String(i + 1).padStart(6, '0')}` }));
}

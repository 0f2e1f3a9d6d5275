import { apportion } from '../allocation';
import type { Day, DayIndex } from '../day-index';
import { dayWeight, MELDING_PROFILE, spreadDays } from '../intake';
import type { MeldingPlan, Prioriteit } from '../melding-plan';
import { allocateProfiles, scaleCounts, type Profile } from '../profiles';
import type { Rng } from '../prng';
import { publishedBy, required } from '../published-figures';
import { anyHourWall, daytimeWall, officeWall } from '../time-of-day';
import {
  APPENDIX_BEROEPSMATIG,
  APPENDIX_MELDING_AARD,
  APPENDIX_PARTICULIER,
  APPENDIX_POLITIE,
  aardGroepAffinity,
  MELDERS_2019,
  VTIJ,
  VTIJ_GEMEENTEN,
} from './vtij-assumptions';

/** The margins of one year's meldingen: published (2023, 2024) or spread by 2023's shares. */
export interface VtijMeldingMargins {
  year: number;
  total: number;
  gemeente: [string, number][];
  groep: [string, number][];
  aard: [string, number][];
  crisis: Map<string, number>;
  thv: Map<string, number>;
}

const inOrder = (m: Map<string, number>) => VTIJ_GEMEENTEN.map((g) => [g as string, m.get(g) ?? 0] as [string, number]);

function groepen(year: string): [string, number][] {
  const out: [string, number][] = [];
  for (const soort of ['beroepsmatig', 'particulier']) {
    for (const [groep, n] of publishedBy(VTIJ, year, 'meldingen', 'groep', { soort })) out.push([`${soort}/${groep}`, n]);
  }
  return out;
}

export function publishedMargins(year: number): VtijMeldingMargins {
  const y = String(year);
  const total = required(VTIJ, y, 'meldingen');
  const groep = groepen(y);
  // 2024: professional + private = 2,491 of 2,492 (seed-facts §9 item 3): the extra melding is a police report.
  const groepTotal = groep.reduce((s, [, n]) => s + n, 0);
  if (groepTotal !== total) {
    const police = groep.find(([k]) => k === 'beroepsmatig/justitie_en_veiligheid')!;
    police[1] += total - groepTotal;
  }
  return {
    year,
    total,
    gemeente: inOrder(publishedBy(VTIJ, y, 'meldingen', 'gemeente')),
    groep,
    aard: [...publishedBy(VTIJ, y, 'meldingen', 'aard')],
    crisis: publishedBy(VTIJ, y, 'crisis_meldingen', 'gemeente'),
    thv: publishedBy(VTIJ, y, 'huisverboden', 'gemeente'),
  };
}

/** A year without published margins: the total, spread in 2023's proportions (2019: its melder split). */
export function assumedMargins(year: number, total: number): VtijMeldingMargins {
  const base = publishedMargins(2023);
  const gemeente = scaleCounts(total, base.gemeente);
  let groep: [string, number][];
  if (year === 2019 || year === 2020) {
    const scale = total / (MELDERS_2019.politie + MELDERS_2019.beroepsmatigOverig + MELDERS_2019.particulier);
    const [politie, overig, particulier] = apportion(total, [MELDERS_2019.politie * scale, MELDERS_2019.beroepsmatigOverig * scale, MELDERS_2019.particulier * scale]);
    const prof = base.groep.filter(([k]) => k.startsWith('beroepsmatig/') && !k.endsWith('justitie_en_veiligheid'));
    const part = base.groep.filter(([k]) => k.startsWith('particulier/'));
    groep = [['beroepsmatig/justitie_en_veiligheid', politie], ...scaleCounts(overig, prof), ...scaleCounts(particulier, part)];
  } else groep = scaleCounts(total, base.groep);
  const crisisTotal = Math.round((total * 293) / 2460);
  const thvTotal = Math.round((total * 53) / 2460);
  return {
    year,
    total,
    gemeente,
    groep,
    aard: scaleCounts(total, base.aard),
    crisis: new Map(scaleCounts(crisisTotal, inOrder(base.crisis))),
    thv: new Map(scaleCounts(thvTotal, [...base.thv])),
  };
}

function gemeenteGroepSeed() {
  const totals = new Map(publishedMargins(2024).gemeente);
  return (g: string, key: string) => {
    const particulierShare = (APPENDIX_PARTICULIER.get(g) ?? 1) / (totals.get(g) ?? 1);
    const policeShare = (APPENDIX_POLITIE.get(g) ?? 1) / (APPENDIX_BEROEPSMATIG.get(g) ?? 1);
    if (key.startsWith('particulier/')) return particulierShare;
    const prof = 1 - particulierShare;
    return key.endsWith('justitie_en_veiligheid') ? prof * policeShare : prof * (1 - policeShare);
  };
}

function gemeenteAardSeed() {
  const totals = new Map(publishedMargins(2024).gemeente);
  return (g: string, aard: string) => {
    const t = totals.get(g) ?? 1;
    const known = APPENDIX_MELDING_AARD[aard]?.get(g);
    if (known !== undefined) return Math.max(0.5, known) / t;
    const rest = 1 - Object.values(APPENDIX_MELDING_AARD).reduce((s, m) => s + (m.get(g) ?? 0), 0) / t;
    return Math.max(0.02, rest) / 4;
  };
}

const CRISIS_AARD: Record<string, number> = { partnergeweld: 3, geweld_tegen_ouders: 2, kindermishandeling: 1.4, andere_problematiek: 0.7 };

/** The meldingen of one year: profiles with every margin exact, crisis and huisverbod per gemeente exact, days and times. */
export function planVtijMeldingen(margins: VtijMeldingMargins, from: Day, to: Day, days: DayIndex, rng: Rng, extraWeight?: (d: Day) => number): MeldingPlan[] {
  const profiles = allocateProfiles(
    {
      gemeenten: margins.gemeente,
      groepen: margins.groep,
      gemeenteGroepSeed: gemeenteGroepSeed(),
      aard: margins.aard,
      gemeenteAardSeed: gemeenteAardSeed(),
      aardGroepSeed: aardGroepAffinity,
    },
    rng.fork('profiles'),
  );
  type Item = { profile: Profile; crisis: boolean; thv: boolean };
  const items: Item[] = profiles.map((profile) => ({ profile, crisis: false, thv: false }));
  const pick = rng.fork('crisis');
  for (const g of VTIJ_GEMEENTEN) {
    const own = items.filter((i) => i.profile.gemeente === g);
    const nCrisis = Math.min(own.length, margins.crisis.get(g) ?? 0);
    const crisis = pick.sample(own, nCrisis, (i) => (CRISIS_AARD[i.profile.aard[0]] ?? 1) * (i.profile.melder.groep === 'justitie_en_veiligheid' ? 3 : 1));
    for (const c of crisis) c.crisis = true;
    const nThv = margins.thv.get(g) ?? 0;
    if (nThv > crisis.length) throw new Error(`VTIJ ${margins.year} ${g}: ${nThv} huisverboden, ${crisis.length} crises`);
    for (const t of pick.sample(crisis, nThv, (i) => (i.profile.aard[0] === 'partnergeweld' ? 5 : 1))) t.thv = true;
  }
  const dates = spreadDays(margins.total, from, to, (d) => dayWeight(days, MELDING_PROFILE, d, extraWeight), rng.fork('dates'));
  const order = rng.fork('order').shuffle(items);
  const t = rng.fork('times');
  const plans = order.map((item, i): Omit<MeldingPlan, 'caseId'> => {
    const day = dates[i];
    const { profile } = item;
    const police = profile.melder.groep === 'justitie_en_veiligheid';
    const wall = item.crisis ? anyHourWall(t, day) : !days.isWerkdag(day) || (police && t.chance(0.3)) || t.chance(0.05) ? daytimeWall(t, day) : officeWall(t, day);
    let prioriteit: Prioriteit = 'acuut';
    if (!item.crisis) prioriteit = profile.aard[0] === 'andere_problematiek' ? t.weighted(['hoog', 'midden', 'laag'] as const, [5, 45, 50]) : t.weighted(['hoog', 'midden', 'laag'] as const, [15, 55, 30]);
    return {
      organisation: VTIJ,
      year: margins.year,
      day,
      wall,
      gemeente: profile.gemeente,
      melder: profile.melder,
      aard: profile.aard,
      crisis: item.crisis,
      prioriteit,
      thv: item.thv || undefined,
    };
  });
  plans.sort((a, b) => a.wall - b.wall);
  return plans.map((p, i) => ({ ...p, caseId: `${VTIJ}-${margins.year}-${String(i + 1).padStart(6, '0')}` }));
}

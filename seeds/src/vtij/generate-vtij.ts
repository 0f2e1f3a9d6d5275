import type { VtEvent } from '../../../libs/events/src';
import { draftAdvies, planAdviezen } from '../adviezen';
import { planCorrections } from '../corrections';
import type { Day, DayIndex } from '../day-index';
import { draftMelding } from '../melding-draft';
import type { DienstTerm, MeldingPlan } from '../melding-plan';
import { allocateProfiles, scaleCounts } from '../profiles';
import type { Rng } from '../prng';
import { publishedBy, required, PUBLISHED_FIGURES } from '../published-figures';
import { planVtijClosures, planVtijTransfers } from './vtij-afsluiting';
import {
  APPENDIX_ADVIES_AARD,
  APPENDIX_ADVIES_BEROEPSMATIG,
  APPENDIX_ADVIES_PARTICULIER,
  ASSUMED_CHAT,
  ASSUMED_VOLUMES,
  BESLUIT_SHARES,
  BESLUIT_SHARES_2015,
  CHAT_OVERIG_WEIGHT,
  VTIJ,
  VTIJ_GEMEENTEN,
  aardGroepAffinity,
} from './vtij-assumptions';
import { planVtijStarts, planVtijStops, type DienstEra, type DienstYearTargets } from './vtij-diensten';
import { assumedMargins, planVtijMeldingen, publishedMargins } from './vtij-meldingen';
import { fitTransferBacklog, planVtijQueue2015 } from './vtij-queue-2015';
import { planVtijTriage, type TriageEra, type TriageYearTargets } from './vtij-triage';

export interface GeneratedCase {
  organisation: string;
  year: number;
  caseId: string;
  events: VtEvent[];
}

interface EraYear {
  year: number;
  from: string;
  to: string;
  /** undefined: published */
  meldingen?: number;
  /** undefined: published; null: none in this era (a lead-in). */
  adviezen?: number | null;
  extraWeight?: (d: Day, days: DayIndex) => number;
}

interface Era {
  name: string;
  years: EraYear[];
  diensten: DienstTerm[];
}

const ERAS: Era[] = [
  {
    name: '2015',
    years: [
      { year: 2014, from: '2014-10-01', to: '2014-12-31', meldingen: ASSUMED_VOLUMES['2014Q4'].meldingen, adviezen: ASSUMED_VOLUMES['2014Q4'].adviezen },
      // more meldingen around the summer ("sterke groei rond de zomer", [002:6122-6130])
      { year: 2015, from: '2015-01-01', to: '2015-12-31', meldingen: ASSUMED_VOLUMES['2015'].meldingen, adviezen: ASSUMED_VOLUMES['2015'].adviezen, extraWeight: (d, days) => ([5, 6, 7].includes(days.monthOf(d)) ? 1.18 : 1) },
    ],
    diensten: ['onderzoek'],
  },
  {
    name: '2019',
    years: [
      { year: 2019, from: '2019-01-01', to: '2019-12-31' },
      // 2020: fewer meldingen in the first lockdown, more afterwards
      { year: 2020, from: '2020-01-01', to: '2020-12-31', extraWeight: (d, days) => (d >= days.ymd(2020, 3, 16) && d <= days.ymd(2020, 5, 31) ? 0.85 : d > days.ymd(2020, 5, 31) ? 1.06 : 1) },
    ],
    diensten: ['voorwaarden_en_vervolg', 'onderzoek'],
  },
  {
    name: '2023',
    years: [
      { year: 2022, from: '2022-07-01', to: '2022-12-31', meldingen: ASSUMED_VOLUMES['2022H2'].meldingen, adviezen: null },
      { year: 2023, from: '2023-01-01', to: '2023-12-31' },
      { year: 2024, from: '2024-01-01', to: '2024-12-31' },
    ],
    diensten: ['voorwaarden_en_vervolg', 'onderzoek'],
  },
];

const DIENSTEN: DienstTerm[] = ['voorwaarden_en_vervolg', 'onderzoek'];

function startsOf(year: number): Map<DienstTerm, Map<string, number>> | undefined {
  const y = String(year);
  if (!PUBLISHED_FIGURES.some((r) => r.organisation === VTIJ && r.period === y && r.key === 'diensten_gestart')) return undefined;
  return new Map(DIENSTEN.map((d) => [d, publishedBy(VTIJ, y, 'diensten_gestart', 'gemeente', { dienst: d })]));
}

function triageTargets(year: number): TriageYearTargets {
  const y = String(year);
  const has = (key: string) => PUBLISHED_FIGURES.some((r) => r.organisation === VTIJ && r.period === y && r.key === key);
  if (!has('triagebesluiten')) return {};
  return {
    triage: required(VTIJ, y, 'triagebesluiten'),
    tijdigPct: required(VTIJ, y, 'tijdig_pct', { termijn: 'triage' }),
    besluit: publishedBy(VTIJ, y, 'triagebesluiten', 'besluit'),
    vb: required(VTIJ, y, 'veiligheidsbeoordelingen'),
    conclusie: publishedBy(VTIJ, y, 'veiligheidsbeoordelingen', 'conclusie'),
    starts: startsOf(year),
  };
}

function dienstTargets(year: number): DienstYearTargets {
  const y = String(year);
  const starts = startsOf(year);
  if (!starts) return {};
  const tijdig = new Map<DienstTerm, { vanafStart: number; vanafMelding: number }>();
  for (const d of DIENSTEN) {
    tijdig.set(d, {
      vanafStart: required(VTIJ, y, 'tijdig_pct', { termijn: d, klok: 'vanaf_start' }),
      vanafMelding: required(VTIJ, y, 'tijdig_pct', { termijn: d, klok: 'vanaf_melding' }),
    });
  }
  return { starts, tijdig };
}

/** The Q4 2024 queue for first assessments [000:144-148]: later triage from October, growing to December. */
function q4Ramp(days: DayIndex, d: Day): number {
  const from = days.ymd(2024, 10, 1);
  if (d < from || d > days.ymd(2024, 12, 31)) return 0;
  return (d - from) / 92;
}

function triageEra(era: Era, days: DayIndex): TriageEra {
  const conclusieShares = publishedBy(VTIJ, '2023', 'veiligheidsbeoordelingen', 'conclusie');
  return {
    tijdigChance: (m) => {
      const y = days.yearOf(m.day);
      if (era.name === '2015') return 0.42;
      if (era.name === '2019') return 0.45;
      if (y <= 2023) return 0.26;
      return 0.25 - 0.15 * Math.min(1, q4Ramp(days, m.day) * 3);
    },
    lateMean: (m) => (era.name === '2019' ? 4 : 5 + 22 * q4Ramp(days, m.day)),
    besluitShares: era.name === '2015' ? BESLUIT_SHARES_2015 : BESLUIT_SHARES,
    diensten: era.diensten,
    startsFor: (year) => startsOf(year) ?? startsOf(year + 1) ?? startsOf(year - 1),
    conclusieShares,
  };
}

const dienstEra = (days: DayIndex): DienstEra => ({
  naturalWait: (m, dienst, rng) => {
    const base = dienst === 'onderzoek' ? 4 + rng.geometric(14) : 2 + rng.geometric(8);
    // "this moves on into a waiting time for the deployment of services" [000:144-148]
    return base + (m.triage!.day >= days.ymd(2024, 10, 1) ? rng.geometric(12) : 0);
  },
  defaultTijdig: {
    voorwaarden_en_vervolg: { vanafStart: 0.76, vanafMelding: 0.6 },
    onderzoek: { vanafStart: 0.55, vanafMelding: 0.25 },
  },
});

/** The 2015 quarter-end counts of onderzoeken waiting (published `at` rows). */
function queueCounts(days: DayIndex) {
  return PUBLISHED_FIGURES.filter((r) => r.organisation === VTIJ && r.at && r.key === 'wachtlijst')
    .map((r) => ({ day: days.day(r.at!.slice(0, 10)), waiting: r.value }))
    .sort((a, b) => a.day - b.day);
}

function adviesProfiles(year: number, total: number | undefined, rng: Rng) {
  const y = String(year);
  const n = total ?? required(VTIJ, y, 'adviezen');
  const published = publishedBy(VTIJ, y, 'adviezen', 'gemeente').size > 0;
  const source = published ? y : '2023';
  const gemeente = VTIJ_GEMEENTEN.map((g) => [g as string, publishedBy(VTIJ, source, 'adviezen', 'gemeente').get(g) ?? 0] as [string, number]);
  const groep: [string, number][] = [];
  for (const soort of ['beroepsmatig', 'particulier']) for (const [g, v] of publishedBy(VTIJ, source, 'adviezen', 'groep', { soort })) groep.push([`${soort}/${g}`, v]);
  const aard = [...publishedBy(VTIJ, source, 'adviezen', 'aard')] as [string, number][];
  const totals = new Map(publishedBy(VTIJ, '2024', 'adviezen', 'gemeente'));
  return allocateProfiles(
    {
      gemeenten: published ? gemeente : scaleCounts(n, gemeente),
      groepen: published ? groep : scaleCounts(n, groep),
      gemeenteGroepSeed: (g, key) => {
        const prof = APPENDIX_ADVIES_BEROEPSMATIG.get(g) ?? 1;
        const part = APPENDIX_ADVIES_PARTICULIER.get(g) ?? 1;
        return key.startsWith('particulier/') ? part / (prof + part) : prof / (prof + part);
      },
      aard: published ? aard : scaleCounts(n, aard),
      gemeenteAardSeed: (g, a) => {
        const known = APPENDIX_ADVIES_AARD[a]?.get(g);
        const t = totals.get(g) ?? 1;
        return known !== undefined ? Math.max(0.5, known) / t : 0.05;
      },
      aardGroepSeed: aardGroepAffinity,
    },
    rng,
  );
}

/** All VTIJ cases: three eras, each planned whole (so counts over year ends stay exact). */
export function generateVtij(days: DayIndex, rng: Rng, horizon: Day): GeneratedCase[] {
  const out: GeneratedCase[] = [];
  for (const era of ERAS) {
    const r = rng.fork(`era-${era.name}`);
    const meldingen: MeldingPlan[] = [];
    for (const y of era.years) {
      const margins = y.meldingen === undefined ? (PUBLISHED_FIGURES.some((p) => p.organisation === VTIJ && p.period === String(y.year) && p.key === 'meldingen' && Object.keys(p.by).length > 0) ? publishedMargins(y.year) : assumedMargins(y.year, required(VTIJ, String(y.year), 'meldingen'))) : assumedMargins(y.year, y.meldingen);
      meldingen.push(...planVtijMeldingen(margins, days.day(y.from), days.day(y.to), days, r.fork(`meldingen-${y.year}`), y.extraWeight ? (d) => y.extraWeight!(d, days) : undefined));
    }
    const years = era.years.map((y) => y.year);
    const tTargets = new Map(years.map((y) => [y, triageTargets(y)]));
    planVtijTriage(meldingen, tTargets, triageEra(era, days), days, r.fork('triage'));
    const dTargets = new Map(years.map((y) => [y, dienstTargets(y)] as const).filter(([, t]) => t.starts));
    if (era.name === '2015') planVtijQueue2015(meldingen, queueCounts(days), days, r.fork('queue'));
    else planVtijStarts(meldingen, dTargets, dienstEra(days), days, r.fork('starts'));
    planVtijStops(meldingen, dTargets, dienstEra(days), days, r.fork('stops'));
    const totals = new Map<number, number>();
    for (const y of years) {
      const v = PUBLISHED_FIGURES.find((p) => p.organisation === VTIJ && p.period === String(y) && p.key === 'overdrachten' && Object.keys(p.by).length === 0)?.value;
      if (v !== undefined) totals.set(y, v);
    }
    planVtijTransfers(meldingen, totals, days, r.fork('transfers'));
    if (era.name === '2015') {
      // the press figure of 60 (onderzoeken + meldingen not yet transferred): 33 + 27 at the end of 2015
      const last = queueCounts(days).at(-1)!;
      fitTransferBacklog(meldingen, last.day, 60 - last.waiting, days, r.fork('backlog'));
    }
    planVtijClosures(meldingen, days, r.fork('closures'));
    planCorrections(meldingen, r.fork('corrections'));
    const draftRng = r.fork('draft');
    for (const m of meldingen) {
      const draft = draftMelding(m, days, draftRng, { contactEvery: era.name === '2015' ? 12 : 7, contactAfter: 7 });
      out.push({ organisation: VTIJ, year: m.year, caseId: m.caseId, events: draft.emit(draftRng, horizon) });
    }
    for (const y of era.years) {
      if (y.adviezen === null) continue;
      const profiles = adviesProfiles(y.year, y.adviezen, r.fork(`advies-profiles-${y.year}`));
      const plans = planAdviezen(
        { organisation: VTIJ, year: y.year, from: days.day(y.from), to: days.day(y.to), profiles, chat: ASSUMED_CHAT[y.year] ?? 0, chatOverigWeight: CHAT_OVERIG_WEIGHT, locatieShare: 0 },
        days,
        r.fork(`adviezen-${y.year}`),
      );
      for (const p of plans) out.push({ organisation: VTIJ, year: p.year, caseId: p.caseId, events: draftAdvies(p).emit(draftRng, horizon) });
    }
  }
  return out;
}

import { apportion, expand, fitTable } from '../allocation';
import type { DayIndex } from '../day-index';
import type { BesluitName, DienstTerm, MeldingPlan } from '../melding-plan';
import type { Rng } from '../prng';
import { fixCount, numeratorFor, randomWerkdag } from '../year-fit';
import { besluitConclusieAffinity, CONCLUSIES } from './vtij-assumptions';

/** What one year's triage must produce (undefined: free, natural). */
export interface TriageYearTargets {
  triage?: number;
  tijdigPct?: number;
  besluit?: Map<string, number>;
  vb?: number;
  conclusie?: Map<string, number>;
  /** Dienst starts per dienst per gemeente that year: used to send enough cases to each dienst. */
  starts?: Map<DienstTerm, Map<string, number>>;
}

export interface TriageEra {
  /** Chance that a non-crisis triage is within 5 werkdagen, per melding. */
  tijdigChance: (m: MeldingPlan) => number;
  /** Mean extra werkdagen beyond the 6th of a late triage, per melding (the Q4 2024 queue). */
  lateMean: (m: MeldingPlan) => number;
  besluitShares: Record<BesluitName, number>;
  diensten: DienstTerm[];
  /** Starts per dienst per gemeente of the nearest constrained year, to shape free years. */
  startsFor: (year: number) => Map<DienstTerm, Map<string, number>> | undefined;
  conclusieShares: Map<string, number>;
}

const BESLUITEN: BesluitName[] = ['geen_vervolgstappen', 'regionale_maatwerktaak', 'overdracht', 'vervolgstappen_veilig_thuis'];
const TIJDIG_LAGS = [1, 2, 3, 4, 5];

const yearOfTriage = (m: MeldingPlan, days: DayIndex) => days.yearOf(m.triage!.day);

/**
 * Triage of a whole era: the day of each triagebesluit (exact count per constrained year, exact
 * share within 5 werkdagen), the veiligheidsbeoordeling with its conclusion, the decision, and for
 * `vervolgstappen` the dienst. VTIJ: the conclusion is registered the day of the triagebesluit.
 */
export function planVtijTriage(meldingen: MeldingPlan[], targets: Map<number, TriageYearTargets>, era: TriageEra, days: DayIndex, rng: Rng): void {
  const r = rng.fork('lags');
  for (const m of meldingen) {
    if (m.crisis) {
      m.triage = { day: m.day };
      continue;
    }
    const lag = r.chance(era.tijdigChance(m)) ? r.weighted(TIJDIG_LAGS, [2, 3, 3, 3, 3]) : 6 + Math.min(45, r.geometric(era.lateMean(m)));
    m.triage = { day: days.addWerkdagen(m.day, lag) };
  }
  const years = [...targets.keys()].sort((a, b) => a - b);
  const move = rng.fork('move');
  for (const year of years) {
    const target = targets.get(year)!.triage;
    if (target !== undefined) rebalanceYear(meldingen, year, target, days, move);
  }
  const flip = rng.fork('flip');
  for (const year of years) {
    const pct = targets.get(year)!.tijdigPct;
    if (pct === undefined) continue;
    const items = meldingen.filter((m) => yearOfTriage(m, days) === year);
    const lo = days.yearStart(year);
    const hi = days.yearEnd(year);
    fixCount(
      `VTIJ triage tijdig ${year}`,
      items,
      flip,
      (m) => m.triage!.day <= days.deadline5Werkdagen(m.day),
      numeratorFor(pct, items.length),
      (m) => {
        if (m.crisis) return false;
        const d = randomWerkdag(days, flip, Math.max(lo, m.day + 1), Math.min(hi, days.deadline5Werkdagen(m.day)), 1.5);
        if (d === null) return false;
        m.triage!.day = d;
        return true;
      },
      (m) => {
        if (m.crisis) return false;
        const deadline = days.deadline5Werkdagen(m.day);
        const d = randomWerkdag(days, flip, Math.max(lo, deadline + 1), Math.min(hi, days.addWerkdagen(deadline, 10)), 0.6);
        if (d === null) return false;
        m.triage!.day = d;
        return true;
      },
    );
  }
  planVeiligheidsbeoordeling(meldingen, targets, days, rng.fork('vb'));
  planBesluiten(meldingen, targets, era, days, rng.fork('besluit'));
  planConclusies(meldingen, targets, era, days, rng.fork('conclusie'));
  planEersteContact(meldingen, days, rng.fork('ec'));
}

/** Moves triage days over the year boundaries until `year` holds exactly `target` of them. */
function rebalanceYear(meldingen: MeldingPlan[], year: number, target: number, days: DayIndex, rng: Rng): void {
  const start = days.yearStart(year);
  const end = days.yearEnd(year);
  const inYear = meldingen.filter((m) => m.triage!.day >= start && m.triage!.day <= end);
  let count = inYear.length;
  if (count > target) {
    // the latest of the year wait into the next one
    const latest = inYear.filter((m) => !m.crisis).sort((a, b) => b.triage!.day - a.triage!.day);
    for (const m of latest.slice(0, count - target)) m.triage!.day = days.addWerkdagen(end, rng.int(1, 6));
    count = target;
  }
  if (count < target) {
    // the earliest of the next year that came in this year are decided before the year ends
    const next = meldingen
      .filter((m) => !m.crisis && m.triage!.day > end && m.day <= end && days.werkdagOnOrBefore(end) >= m.day)
      .sort((a, b) => a.triage!.day - b.triage!.day);
    for (const m of next.slice(0, target - count)) {
      m.triage!.day = randomWerkdag(days, rng, Math.max(m.day, end - 10), end)!;
      count++;
    }
  }
  if (count !== target) throw new Error(`VTIJ triage ${year}: ${count} of ${target}`);
}

function planVeiligheidsbeoordeling(meldingen: MeldingPlan[], targets: Map<number, TriageYearTargets>, days: DayIndex, rng: Rng): void {
  for (const m of meldingen) m.vb = { day: m.triage!.day };
  const byYear = groupByYear(meldingen, days);
  for (const [year, items] of byYear) {
    const vbTarget = targets.get(year)?.vb;
    // Triagebesluiten without a registered conclusion (2,460 vs 2,443; 2,344 vs 2,310, seed-facts §9 item 1): decided in a crisis intervention.
    const missing = vbTarget !== undefined ? items.length - vbTarget : Math.round(items.length * 0.01);
    if (missing < 0) throw new Error(`VTIJ ${year}: more conclusions (${vbTarget}) than triagebesluiten (${items.length})`);
    for (const m of rng.sample(items, missing, (x) => (x.crisis ? 20 : 1))) m.vb = undefined;
  }
}

function groupByYear(meldingen: MeldingPlan[], days: DayIndex): Map<number, MeldingPlan[]> {
  const out = new Map<number, MeldingPlan[]>();
  for (const m of meldingen) {
    const y = yearOfTriage(m, days);
    let list = out.get(y);
    if (!list) out.set(y, (list = []));
    list.push(m);
  }
  return out;
}

const VERVOLG_AARD: Record<string, number> = { kindermishandeling: 1.4, partnergeweld: 1.2, geweld_tegen_ouders: 1.1, andere_problematiek: 0.45, onbekend: 0.5 };

function planBesluiten(meldingen: MeldingPlan[], targets: Map<number, TriageYearTargets>, era: TriageEra, days: DayIndex, rng: Rng): void {
  for (const [year, items] of groupByYear(meldingen, days)) {
    const t = targets.get(year);
    const counts = t?.besluit
      ? BESLUITEN.map((b) => t.besluit!.get(b) ?? 0)
      : apportion(items.length, BESLUITEN.map((b) => era.besluitShares[b]));
    if (counts.reduce((a, b) => a + b, 0) !== items.length) throw new Error(`VTIJ ${year}: ${items.length} triages, besluiten ${counts}`);
    const gemeenten = [...new Set(items.map((m) => m.gemeente))].sort();
    const rows = gemeenten.map((g) => items.filter((m) => m.gemeente === g).length);
    const starts = t?.starts ?? era.startsFor(year);
    const need = (g: string) => {
      if (!starts) return 1;
      let n = 0;
      for (const perG of starts.values()) n += perG.get(g) ?? 0;
      return n;
    };
    const meanNeed = gemeenten.reduce((s, g, i) => s + need(g) / Math.max(1, rows[i]), 0) / gemeenten.length || 1;
    const table = fitTable(
      gemeenten.map((g, i) => BESLUITEN.map((b) => (b === 'vervolgstappen_veilig_thuis' ? Math.max(0.05, need(g) / Math.max(1, rows[i]) / meanNeed) : 1))),
      rows,
      counts,
    );
    gemeenten.forEach((g, gi) => {
      let rest = items.filter((m) => m.gemeente === g);
      const take = (besluit: BesluitName, n: number, weight: (m: MeldingPlan) => number) => {
        const chosen = rng.sample(rest, n, weight);
        if (chosen.length < n) throw new Error(`VTIJ ${year} ${g}: not enough cases for ${besluit}`);
        const set = new Set(chosen);
        for (const m of chosen) m.triage!.besluit = besluit;
        rest = rest.filter((m) => !set.has(m));
        return chosen;
      };
      const row = table[gi];
      const vervolg = take('vervolgstappen_veilig_thuis', row[3], (m) => (m.crisis ? 2.5 : 1) * (VERVOLG_AARD[m.aard[0]] ?? 1));
      take('geen_vervolgstappen', row[0], (m) => (m.crisis ? 0.2 : 1) * (m.aard[0] === 'andere_problematiek' ? 3 : m.aard[0] === 'onbekend' ? 2 : 1));
      take('regionale_maatwerktaak', row[1], (m) => (m.crisis ? 3 : 1));
      take('overdracht', row[2], () => 1);
      // the dienst: V&V or onderzoek, in the proportion this gemeente needs
      const perDienst = era.diensten.map((d) => (starts?.get(d)?.get(g) ?? 0) + 0.3);
      const split = era.diensten.length === 1 ? [vervolg.length] : apportion(vervolg.length, perDienst);
      let pool = vervolg;
      era.diensten.forEach((dienst, di) => {
        if (di === era.diensten.length - 1) {
          for (const m of pool) m.triage!.dienst = dienst;
          return;
        }
        const chosen = rng.sample(pool, split[di], (m) => (dienst === 'onderzoek' ? (m.crisis ? 1.5 : 1) * (m.aard[0] === 'kindermishandeling' ? 1.5 : 1) : 1));
        const set = new Set(chosen);
        for (const m of chosen) m.triage!.dienst = dienst;
        pool = pool.filter((m) => !set.has(m));
      });
    });
  }
}

function planConclusies(meldingen: MeldingPlan[], targets: Map<number, TriageYearTargets>, era: TriageEra, days: DayIndex, rng: Rng): void {
  for (const [year, items] of groupByYear(meldingen, days)) {
    const withVb = items.filter((m) => m.vb);
    const conclusies = targets.get(year)?.conclusie ?? null;
    const cols = conclusies
      ? CONCLUSIES.map((c) => conclusies.get(c) ?? 0)
      : apportion(withVb.length, CONCLUSIES.map((c) => era.conclusieShares.get(c) ?? 0));
    if (cols.reduce((a, b) => a + b, 0) !== withVb.length) throw new Error(`VTIJ ${year}: ${withVb.length} conclusions planned, ${cols.reduce((a, b) => a + b, 0)} published`);
    const rows = BESLUITEN.map((b) => withVb.filter((m) => m.triage!.besluit === b).length);
    const table = fitTable(
      BESLUITEN.map((b) => CONCLUSIES.map((c) => besluitConclusieAffinity(b, c))),
      rows,
      cols,
    );
    BESLUITEN.forEach((b, bi) => {
      const group = rng.shuffle(withVb.filter((m) => m.triage!.besluit === b)).sort((x, y) => Number(y.crisis) - Number(x.crisis));
      const labels = expand(CONCLUSIES.map((c, ci) => [c, table[bi][ci]] as const));
      // crisis cases take the acute conclusion first
      const acute = labels.filter((c) => c === 'acute_onveiligheid');
      const others = rng.shuffle(labels.filter((c) => c !== 'acute_onveiligheid'));
      const ordered = [...acute, ...others];
      group.forEach((m, i) => (m.vb!.conclusie = ordered[i]));
    });
  }
}

/** VTIJ wants to speak to the directbetrokkenen before it decides [000:1015-1019]: contact before the triagebesluit. */
function planEersteContact(meldingen: MeldingPlan[], days: DayIndex, rng: Rng): void {
  for (const m of meldingen) {
    const t = m.triage!.day;
    if (m.crisis) {
      if (rng.chance(0.9)) m.ec = m.day;
    } else if (t > m.day && rng.chance(0.72)) {
      m.ec = randomWerkdag(days, rng, m.day + 1, t, 0.8) ?? undefined;
    }
  }
}


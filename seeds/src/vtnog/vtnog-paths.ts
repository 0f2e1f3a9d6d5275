import type { Day, DayIndex } from '../day-index';
import type { DienstName, MeldingPlan } from '../melding-plan';
import type { Rng } from '../prng';
import { fixCount, numeratorFor, randomWerkdag, werkdagNear } from '../year-fit';
import { besluitConclusieAffinity, CONCLUSIES } from '../vtij/vtij-assumptions';
import { AB_PARTIJEN, ANNEX, DIRECT_PARTIJEN, VTNOG_GEMEENTEN, ZOV_AFTER_DIENST } from './vtnog-assumptions';

/**
 * VT NOG: what happens to each melding, planned backwards from the published counts of each year.
 * VT NOG counts completed diensten, transfers, first contacts and completed monitoring (seed-facts
 * §1.6); each count is met by choosing, per year, exactly that many cases that can plausibly have
 * that step in that year, and placing the step's day inside the year. The cases no count claims
 * follow a natural course, as long as it puts nothing into a year whose count is published.
 */
export type Path = 'voorwaarden_en_vervolg' | 'onderzoek' | 'zicht_op_veiligheid' | 'direct' | 'geen';

export interface VtnogTargets {
  /** Completed V&V / onderzoek per gemeente (2023, 2024), or per dienst overall (2025). */
  afgerond: Map<number, Map<'voorwaarden_en_vervolg' | 'onderzoek', Map<string, number> | number>>;
  zovStarts: Map<number, number>;
  direct: Map<number, number>;
  naBetrokkenheid: Map<number, number>;
  eersteContact: Map<number, number>;
  monitoring: Map<number, number>;
  vbTijdigPct: Map<number, number>;
}

const MIN_DUR: Record<string, number> = { voorwaarden_en_vervolg: 21, onderzoek: 28 };

/** Per gemeente: how often a step happens per melding there (annex 2024 / meldingen 2024), overig at the mean. */
function propensity(table: Map<string, number>, meldingen2024: Map<string, number>): (g: string) => number {
  let sum = 0;
  let n = 0;
  for (const g of VTNOG_GEMEENTEN) {
    sum += table.get(g)! / meldingen2024.get(g)!;
    n++;
  }
  const mean = sum / n;
  return (g) => (g === 'overig' ? mean : Math.max(0.05, table.get(g)! / meldingen2024.get(g)!) / mean);
}

export function planVtnog(meldingen: MeldingPlan[], targets: VtnogTargets, meldingen2024: Map<string, number>, days: DayIndex, rng: Rng, horizon: Day): void {
  const yearOf = (d: Day) => days.yearOf(d);
  const constrainedAfgerond = new Set(targets.afgerond.keys());
  const constrainedZov = new Set(targets.zovStarts.keys());
  const constrainedDirect = new Set(targets.direct.keys());
  const constrainedAb = new Set(targets.naBetrokkenheid.keys());
  const constrainedEc = new Set(targets.eersteContact.keys());
  const constrainedMon = new Set(targets.monitoring.keys());
  const path = new Map<MeldingPlan, Path>();
  const free = () => meldingen.filter((m) => !path.has(m));
  const pDirect = propensity(ANNEX.directeOverdracht[2024], meldingen2024);
  const pEc = propensity(ANNEX.eersteContact[2024], meldingen2024);
  const pAb = propensity(ANNEX.overdrachtNaBetrokkenheid[2024], meldingen2024);
  const pMon = propensity(ANNEX.monitoren[2024], meldingen2024);
  const pZov = propensity(ANNEX.zichtOpVeiligheid[2024], meldingen2024);

  // --- veiligheidsbeoordeling and triage: every melding, within 5 werkdagen for most (2024: exactly 92%)
  const vbRng = rng.fork('vb');
  for (const m of meldingen) {
    let vb: Day;
    if (m.crisis) vb = m.day;
    else if (vbRng.chance(0.9)) vb = days.addWerkdagen(m.day, vbRng.weighted([0, 1, 2, 3, 4, 5], days.isWerkdag(m.day) ? [0.6, 3, 3, 2, 1.5, 1] : [0, 3, 3, 2, 1.5, 1]));
    else vb = days.addWerkdagen(m.day, 6 + vbRng.geometric(3));
    m.vb = { day: vb };
    m.triage = { day: m.crisis || vbRng.chance(0.7) ? vb : days.addWerkdagen(vb, 1) };
  }
  for (const [year, pct] of targets.vbTijdigPct) {
    const items = meldingen.filter((m) => yearOf(m.vb!.day) === year);
    const lo = days.yearStart(year);
    const hi = days.yearEnd(year);
    const shift = (m: MeldingPlan, d: Day | null) => {
      if (d === null) return false;
      const sameDay = m.triage!.day === m.vb!.day;
      m.vb!.day = d;
      m.triage!.day = sameDay ? d : days.addWerkdagen(d, 1);
      return true;
    };
    fixCount(
      `VTNOG veiligheidsbeoordeling tijdig ${year}`,
      items,
      vbRng,
      (m) => m.vb!.day <= days.deadline5Werkdagen(m.day),
      numeratorFor(pct, items.length),
      (m) => !m.crisis && shift(m, randomWerkdag(days, vbRng, Math.max(lo, m.day), Math.min(hi, days.deadline5Werkdagen(m.day)))),
      (m) => !m.crisis && shift(m, randomWerkdag(days, vbRng, Math.max(lo, days.deadline5Werkdagen(m.day) + 1), Math.min(hi, days.addWerkdagen(days.deadline5Werkdagen(m.day), 8)), 0.6)),
    );
  }

  // --- (a) completed V&V and onderzoek per year (per gemeente where published)
  const dRng = rng.fork('diensten');
  const planDienst = (m: MeldingPlan, dienst: 'voorwaarden_en_vervolg' | 'onderzoek', lo: Day, hi: Day): boolean => {
    const triage = m.triage!.day;
    const wait = m.crisis ? 0 : dRng.geometric(4);
    const dur = Math.max(MIN_DUR[dienst], Math.round(dRng.logNormal(dienst === 'onderzoek' ? 70 : 55, 0.3)));
    const naturalStart = days.addWerkdagen(triage, wait);
    const stop = werkdagNear(days, dRng, Math.max(lo, triage + MIN_DUR[dienst]), hi, days.werkdagOnOrAfter(naturalStart + dur), 10);
    if (stop === null) return false;
    const start = werkdagNear(days, dRng, triage, stop - MIN_DUR[dienst], naturalStart, 5);
    if (start === null) return false;
    path.set(m, dienst);
    m.dienst = { dienst, start, stop };
    return true;
  };
  const byGemeente = new Map<string, MeldingPlan[]>();
  for (const m of meldingen) {
    let list = byGemeente.get(m.gemeente);
    if (!list) byGemeente.set(m.gemeente, (list = []));
    list.push(m);
  }
  for (const year of [...targets.afgerond.keys()].sort()) {
    const lo = days.yearStart(year);
    const hi = days.werkdagOnOrBefore(days.yearEnd(year));
    for (const [dienst, spec] of targets.afgerond.get(year)!) {
      const groups: [string | null, number][] = typeof spec === 'number' ? [[null, spec]] : [...spec].sort(([a], [b]) => (a < b ? -1 : 1));
      for (const [gemeente, n] of groups) {
        const eligible = (gemeente === null ? meldingen : byGemeente.get(gemeente) ?? []).filter((m) => !path.has(m) && m.triage!.day >= lo - 200 && m.triage!.day <= hi - MIN_DUR[dienst] - 2);
        const weight = (m: MeldingPlan) => {
          const natural = m.triage!.day + (dienst === 'onderzoek' ? 80 : 65);
          const dist = Math.max(0, lo - natural, natural - hi);
          // 2025 has no municipal split: transfers after a dienst per gemeente (annex) stand in for the diensten
          return Math.exp(-dist / 25) * (gemeente === null ? pAb(m.gemeente) : 1) * (dienst === 'onderzoek' && m.aard.includes('kindermishandeling') ? 1.3 : 1);
        };
        const chosen = dRng.sample(eligible, n, weight);
        let placed = 0;
        for (const m of chosen) if (planDienst(m, dienst, lo, hi)) placed++;
        if (placed !== n) throw new Error(`VTNOG ${dienst} afgerond ${year} ${gemeente ?? 'all'}: ${placed} of ${n} (${eligible.length} eligible)`);
      }
    }
  }

  // --- (b) zicht op veiligheid: after a dienst that could not be transferred, or straight after the triage
  const zRng = rng.fork('zov');
  const zovStop = (start: Day) => days.werkdagOnOrAfter(start + Math.min(200, Math.max(35, Math.round(zRng.logNormal(80, 0.35)))));
  for (const [year, total] of [...targets.zovStarts].sort(([a], [b]) => a - b)) {
    const lo = days.yearStart(year);
    const hi = days.werkdagOnOrBefore(days.yearEnd(year));
    const after = Math.round(total * ZOV_AFTER_DIENST);
    const fromDienst = zRng.sample(meldingen.filter((m) => m.dienst?.stop !== undefined && yearOf(m.dienst.stop) === year && !m.zov), after, (m) => pZov(m.gemeente));
    for (const m of fromDienst) m.zov = { start: m.dienst!.stop!, stop: zovStop(m.dienst!.stop!) };
    const eligible = free().filter((m) => m.triage!.day >= lo - 15 && m.triage!.day <= hi);
    const direct = zRng.sample(eligible, total - fromDienst.length, (m) => pZov(m.gemeente) * (m.crisis ? 2 : 1));
    for (const m of direct) {
      const start = werkdagNear(days, zRng, Math.max(lo, m.triage!.day), hi, days.addWerkdagen(m.triage!.day, zRng.geometric(3)), 5)!;
      path.set(m, 'zicht_op_veiligheid');
      m.zov = { start, stop: zovStop(start) };
    }
    if (fromDienst.length + direct.length !== total) throw new Error(`VTNOG zicht op veiligheid ${year}: ${fromDienst.length} + ${direct.length} of ${total}`);
  }

  // --- (c) direct transfers per year
  const tRng = rng.fork('direct');
  const directPartij = (m: MeldingPlan) => (m.gemeente === 'overig' && tRng.chance(0.7) ? 'veilig_thuis_andere_regio' : tRng.weighted(DIRECT_PARTIJEN.map(([p]) => p), DIRECT_PARTIJEN.map(([, w]) => w)));
  const directLag = () => (tRng.chance(0.25) ? 0 : 1 + tRng.geometric(3));
  for (const [year, total] of [...targets.direct].sort(([a], [b]) => a - b)) {
    const lo = days.yearStart(year);
    const hi = days.werkdagOnOrBefore(days.yearEnd(year));
    const eligible = free().filter((m) => m.triage!.day >= lo - 25 && m.triage!.day <= hi);
    const weight = (m: MeldingPlan) => {
      const natural = m.triage!.day + 5;
      return pDirect(m.gemeente) * (m.aard.includes('andere_problematiek') ? 0.6 : 1) * Math.exp(-Math.max(0, lo - natural) / 8);
    };
    const chosen = tRng.sample(eligible, total, weight);
    if (chosen.length !== total) throw new Error(`VTNOG direct ${year}: ${chosen.length} of ${total}`);
    for (const m of chosen) {
      const day = werkdagNear(days, tRng, Math.max(lo, m.triage!.day), hi, days.addWerkdagen(m.triage!.day, directLag()), 6)!;
      path.set(m, 'direct');
      m.transfer = { day, soort: 'direct', partij: directPartij(m) };
    }
  }

  // --- (d) every other melding: a natural course that puts nothing in a year whose count is published
  const fRng = rng.fork('free');
  for (const m of free()) {
    const choice = fRng.weighted(['direct', 'voorwaarden_en_vervolg', 'onderzoek', 'zicht_op_veiligheid', 'geen'] as const, [50, 21, 4.5, 1.5, 23]);
    if (choice === 'voorwaarden_en_vervolg' || choice === 'onderzoek') {
      const naturalOk = planDienst(m, choice, m.triage!.day, horizon + 400);
      if (naturalOk && !constrainedAfgerond.has(yearOf(m.dienst!.stop!))) continue;
      path.delete(m);
      m.dienst = undefined;
    }
    if (choice === 'zicht_op_veiligheid') {
      const start = days.addWerkdagen(m.triage!.day, fRng.geometric(3));
      if (!constrainedZov.has(yearOf(start))) {
        path.set(m, 'zicht_op_veiligheid');
        m.zov = { start, stop: zovStop(start) };
        continue;
      }
    }
    if (choice !== 'geen') {
      const day = days.addWerkdagen(m.triage!.day, directLag());
      if (!constrainedDirect.has(yearOf(day))) {
        path.set(m, 'direct');
        m.transfer = { day, soort: 'direct', partij: directPartij(m) };
        continue;
      }
    }
    path.set(m, 'geen');
  }

  // --- besluit and conclusie follow from the course
  const cRng = rng.fork('conclusie');
  for (const m of meldingen) {
    const p = path.get(m)!;
    if (p === 'direct') m.triage!.besluit = 'overdracht';
    else if (p === 'geen') m.triage!.besluit = 'geen_vervolgstappen';
    else {
      m.triage!.besluit = 'vervolgstappen_veilig_thuis';
      m.triage!.dienst = p as DienstName;
    }
    const besluit = m.triage!.besluit;
    m.vb!.conclusie = m.crisis ? 'acute_onveiligheid' : cRng.weighted(CONCLUSIES, CONCLUSIES.map((c) => besluitConclusieAffinity(besluit, c) * (CONCLUSIE_BASE[c] ?? 1)));
  }

  // --- (e) transfers after active involvement (a dienst, or zicht op veiligheid) per year
  const aRng = rng.fork('na-betrokkenheid');
  const abCandidates = new Map<MeldingPlan, Day>(); // the day its involvement ended
  for (const m of meldingen) {
    if (m.zov?.stop !== undefined) abCandidates.set(m, m.zov.stop);
    else if (m.dienst?.stop !== undefined) abCandidates.set(m, m.dienst.stop);
  }
  const abPartij = (m: MeldingPlan) => (m.zov ? aRng.weighted(['jeugdhulp', 'justitie', 'sociaal_team'], [5, 3, 2]) : aRng.weighted(AB_PARTIJEN.map(([p]) => p), AB_PARTIJEN.map(([, w]) => w)));
  const transferAfter = (m: MeldingPlan, end: Day) => {
    let day = days.addWerkdagen(end, aRng.chance(0.4) ? 0 : aRng.int(1, 4));
    if (yearOf(day) !== yearOf(end)) day = end;
    m.transfer = { day, soort: 'na_actieve_betrokkenheid', partij: abPartij(m) };
  };
  for (const [year, total] of [...targets.naBetrokkenheid].sort(([a], [b]) => a - b)) {
    const candidates = [...abCandidates.keys()].filter((m) => yearOf(abCandidates.get(m)!) === year);
    const chosen = aRng.sample(candidates, total, (m) => pAb(m.gemeente) * (m.zov ? 1.5 : 1));
    if (chosen.length !== total) throw new Error(`VTNOG overdracht na actieve betrokkenheid ${year}: ${chosen.length} of ${total} (${candidates.length} candidates)`);
    for (const m of chosen) transferAfter(m, abCandidates.get(m)!);
  }
  for (const [m, end] of abCandidates) {
    if (constrainedAb.has(yearOf(end)) || m.transfer) continue;
    if (aRng.chance(m.zov ? 0.85 : 0.92)) transferAfter(m, end);
  }

  // --- (f) eerste contact met directbetrokkenen per year
  const eRng = rng.fork('eerste-contact');
  const ecWindow = (m: MeldingPlan): [Day, Day] => {
    const p = path.get(m)!;
    let until: Day;
    if (p === 'direct') until = m.transfer!.day;
    else if (p === 'geen') until = days.addWerkdagen(m.triage!.day, 2);
    else until = days.addWerkdagen((m.dienst?.start ?? m.zov?.start)!, 5);
    return [m.day, Math.min(until, m.day + 14)];
  };
  const ecDay = (m: MeldingPlan, lo: Day, hi: Day): Day | null => {
    if (m.crisis && m.day >= lo && m.day <= hi) return m.day;
    return werkdagNear(days, eRng, lo, hi, days.werkdagOnOrAfter(m.day + 1 + (eRng.chance(0.1) ? 8 + eRng.geometric(4) : eRng.geometric(2))), 3);
  };
  for (const [year, total] of [...targets.eersteContact].sort(([a], [b]) => a - b)) {
    const lo = days.yearStart(year);
    const hi = days.yearEnd(year);
    const candidates = meldingen.filter((m) => {
      if (m.ec !== undefined) return false;
      const [a, b] = ecWindow(m);
      return Math.max(a, lo) <= Math.min(b, hi) && days.werkdagOnOrAfter(Math.max(a, lo)) <= Math.min(b, hi);
    });
    const chosen = eRng.sample(candidates, total, (m) => (path.get(m) === 'geen' ? 0.3 : 1) * pEc(m.gemeente));
    if (chosen.length !== total) throw new Error(`VTNOG eerste contact ${year}: ${chosen.length} of ${total}`);
    for (const m of chosen) {
      const [a, b] = ecWindow(m);
      const d = ecDay(m, Math.max(a, lo), Math.min(b, hi));
      if (d === null) throw new Error(`VTNOG eerste contact ${m.caseId}`);
      m.ec = d;
    }
  }
  for (const m of meldingen) {
    if (m.ec !== undefined || !eRng.chance(path.get(m) === 'geen' ? 0.3 : 0.68)) continue;
    const [a, b] = ecWindow(m);
    const d = ecDay(m, a, b);
    if (d !== null && !constrainedEc.has(yearOf(d))) m.ec = d;
  }

  // --- (g) monitoring: contacts at 3 and 12 months after the transfer, completed after a year
  const mRng = rng.fork('monitoring');
  const monitor = (m: MeldingPlan, done: Day) => {
    const t = m.transfer!.day;
    const m3 = werkdagNear(days, mRng, t + 80, t + 105, t + 91 + mRng.int(-3, 5), 3)!;
    const extra = mRng.chance(0.07) ? randomWerkdag(days, mRng, m3 + 20, done - 20) ?? undefined : undefined;
    m.monitoring = { m3, extra, done };
  };
  const monitorable = (m: MeldingPlan) => m.transfer !== undefined && m.transfer.partij !== 'veilig_thuis_andere_regio' && !m.monitoring;
  for (const [year, total] of [...targets.monitoring].sort(([a], [b]) => a - b)) {
    const lo = days.yearStart(year);
    const hi = days.werkdagOnOrBefore(days.yearEnd(year));
    const candidates = meldingen.filter((m) => monitorable(m) && m.transfer!.day >= days.yearStart(year - 1) - 10 && m.transfer!.day <= days.yearEnd(year - 1) + 10);
    const chosen = mRng.sample(candidates, total, (m) => pMon(m.gemeente) * (m.transfer!.soort === 'na_actieve_betrokkenheid' ? 1.3 : 1));
    if (chosen.length !== total) throw new Error(`VTNOG monitoring ${year}: ${chosen.length} of ${total} (${candidates.length} candidates)`);
    for (const m of chosen) {
      const t = m.transfer!.day;
      const done = werkdagNear(days, mRng, Math.max(lo, t + 270), hi, t + 365 + mRng.int(-3, 10), 5);
      if (done === null) throw new Error(`VTNOG monitoring ${m.caseId}`);
      monitor(m, done);
    }
  }
  for (const m of meldingen) {
    if (!monitorable(m) || !mRng.chance(0.6)) continue;
    const done = days.werkdagOnOrAfter(m.transfer!.day + 365 + mRng.int(-3, 10));
    if (!constrainedMon.has(yearOf(done))) monitor(m, done);
  }

  // --- (h) closing: after the last step
  const kRng = rng.fork('close');
  for (const m of meldingen) {
    const p = path.get(m)!;
    const last = Math.max(m.ec ?? 0, m.triage!.day, m.dienst?.stop ?? 0, m.zov?.stop ?? 0, m.transfer?.day ?? 0, m.monitoring?.done ?? 0);
    if (p === 'geen') m.close = { day: days.addWerkdagen(last, kRng.int(0, 2)), reden: kRng.chance(0.06) ? 'samengevoegd' : 'geen_vervolg' };
    else m.close = { day: days.addWerkdagen(last, kRng.int(0, 8)), reden: 'afgerond' };
  }
}

/** VT NOG screens for acute, structural and multi-problem unsafety ([001:5376-5378]); base weights ASSUMED. */
const CONCLUSIE_BASE: Record<string, number> = {
  acute_onveiligheid: 0.5,
  vermoeden_structurele_onveiligheid: 2,
  eenmalig_ernstig_onveilig: 0.8,
  geen_zorgen: 0.4,
  geen_zorgen_wel_kwetsbaar: 0.3,
  multiproblematiek_hulp_lukt_niet: 0.5,
  multiproblematiek_hulp_mogelijk: 2,
  structurele_onveiligheid: 2.5,
};


import type { Day, DayIndex } from '../day-index';
import type { DienstTerm, MeldingPlan } from '../melding-plan';
import type { Rng } from '../prng';
import { fixCount, numeratorFor, randomWerkdag } from '../year-fit';
import { ABANDON_SHARE } from './vtij-assumptions';

/** Published per year: starts per dienst per gemeente, and the share tijdig of the stops per clock. */
export interface DienstYearTargets {
  starts?: Map<DienstTerm, Map<string, number>>;
  tijdig?: Map<DienstTerm, { vanafStart: number; vanafMelding: number }>;
}

export interface DienstEra {
  /** Werkdagen a case waits for its dienst when nothing else decides it. */
  naturalWait: (m: MeldingPlan, dienst: DienstTerm, rng: Rng) => number;
  /** Chance a stop is tijdig on each clock when no published share decides it. */
  defaultTijdig: Record<DienstTerm, { vanafStart: number; vanafMelding: number }>;
}

const MIN_DAYS: Record<DienstTerm, number> = { voorwaarden_en_vervolg: 14, onderzoek: 21 };
const TERM_DAYS = 70; // 10 weken

/**
 * Which cases sent to a dienst start it, and when: the published starts per dienst, gemeente and
 * year exactly (VTIJ counts started diensten, seed-facts §1.6), drawn first-come-first-served with
 * some jitter from the cases waiting that year; the rest wait on and, about a third, are closed
 * without the dienst ever starting (seed-facts §9 item 2).
 */
export function planVtijStarts(meldingen: MeldingPlan[], targets: Map<number, DienstYearTargets>, era: DienstEra, days: DayIndex, rng: Rng): void {
  const constrained = [...targets.entries()].filter(([, t]) => t.starts).map(([y]) => y).sort((a, b) => a - b);
  const groups = new Map<string, MeldingPlan[]>();
  const natural = new Map<MeldingPlan, Day>();
  const abandoned = new Set<MeldingPlan>();
  const r = rng.fork('natural');
  for (const m of meldingen) {
    if (m.triage?.besluit !== 'vervolgstappen_veilig_thuis') continue;
    const dienst = m.triage.dienst as DienstTerm;
    m.dienst = { dienst };
    const key = `${dienst}|${m.gemeente}`;
    let list = groups.get(key);
    if (!list) groups.set(key, (list = []));
    list.push(m);
    natural.set(m, m.crisis ? m.triage.day : days.addWerkdagen(m.triage.day, Math.max(1, era.naturalWait(m, dienst, r))));
    if (!m.crisis && r.chance(ABANDON_SHARE)) abandoned.add(m);
  }
  const pick = rng.fork('pick');
  const place = rng.fork('place');
  for (const [key, list] of [...groups.entries()].sort(([a], [b]) => (a < b ? -1 : 1))) {
    const [dienst, gemeente] = key.split('|') as [DienstTerm, string];
    list.sort((a, b) => a.triage!.day - b.triage!.day || a.wall - b.wall);
    const first = constrained[0];
    const last = constrained[constrained.length - 1];
    // before the first constrained year (a lead-in, or an era without published starts): natural
    for (const m of list) {
      const n = natural.get(m)!;
      if (abandoned.has(m)) continue;
      if (first === undefined || n < days.yearStart(first)) m.dienst!.start = n;
    }
    for (const year of constrained) {
      const target = targets.get(year)!.starts!.get(dienst)?.get(gemeente) ?? 0;
      const lo = days.werkdagOnOrAfter(days.yearStart(year));
      const hi = days.werkdagOnOrBefore(days.yearEnd(year));
      const eligible = list.filter((m) => m.dienst!.start === undefined && !m.dienst!.abandoned && m.triage!.day <= (m.crisis ? hi : hi - 1) && m.triage!.day >= days.yearStart(year) - 160);
      if (eligible.length < target) throw new Error(`VTIJ starts ${year} ${dienst} ${gemeente}: ${eligible.length} waiting, ${target} published`);
      // Drawn over the whole year (so starts follow the inflow month by month): last year's
      // backlog first, cases that would only start next year rarely, the likely-to-close last.
      const ranked = pick.sample(eligible, target, (m) => {
        const n = natural.get(m)!;
        const timing = n < lo ? 4 : n > hi ? 0.15 : 1;
        return timing * (abandoned.has(m) ? 0.05 : 1);
      });
      // One team per dienst and gemeente starts cases one after another: a backlog from last year
      // is worked off over the first weeks, not all on the first days of January.
      const spacing = Math.min(4, (0.6 * days.werkdagenBetween(lo, hi)) / Math.max(1, target));
      const planned = ranked
        .map((m) => {
          const earliest = Math.max(lo, m.crisis ? m.triage!.day : days.addWerkdagen(m.triage!.day, 1));
          const n = natural.get(m)!;
          const preferred = n < earliest ? earliest : n > hi ? randomWerkdag(days, place, Math.max(earliest, hi - 25), hi, 1.5)! : days.werkdagOnOrAfter(n) <= hi ? days.werkdagOnOrAfter(n) : hi;
          return { m, earliest, preferred };
        })
        .sort((a, b) => a.preferred - b.preferred || a.m.wall - b.m.wall);
      let previous = -Infinity;
      for (const p of planned) {
        const next = previous === -Infinity ? p.preferred : days.addWerkdagen(previous, Math.round(place.next() * 2 * spacing));
        p.preferred = p.m.crisis ? p.preferred : Math.max(p.preferred, next);
        previous = p.preferred;
      }
      // whatever the spacing pushed past the year end comes back to the last werkdagen
      let ceiling = hi;
      for (let i = planned.length - 1; i >= 0; i--) {
        const p = planned[i];
        if (p.preferred > ceiling) p.preferred = Math.max(p.earliest, days.werkdagOnOrBefore(ceiling));
        ceiling = Math.max(p.preferred, p.earliest);
        p.m.dienst!.start = days.werkdagOnOrAfter(p.preferred) <= hi ? days.werkdagOnOrAfter(p.preferred) : days.werkdagOnOrBefore(hi);
        if (p.m.dienst!.start < p.earliest || p.m.dienst!.start > hi) throw new Error(`VTIJ start ${p.m.caseId}: no day in ${year}`);
        abandoned.delete(p.m);
      }
      // who should have started this year and did not is likely to be closed without the dienst
      // (kept as a last resort for next year's count); who waited far too long is closed for sure
      for (const m of list) {
        if (m.dienst!.start !== undefined) continue;
        if (m.triage!.day < days.yearEnd(year) - 150) m.dienst!.abandoned = true;
        else if (natural.get(m)! < days.yearEnd(year) - 20) abandoned.add(m);
      }
    }
    if (last !== undefined) {
      const after = days.werkdagOnOrAfter(days.yearStart(last + 1));
      for (const m of list) {
        if (m.dienst!.start !== undefined || m.dienst!.abandoned || abandoned.has(m)) continue;
        if (m.triage!.day < days.yearEnd(last) - 150) {
          m.dienst!.abandoned = true;
          continue;
        }
        const n = natural.get(m)!;
        m.dienst!.start = n >= after ? n : days.addWerkdagen(after, place.int(0, 15));
      }
    }
    for (const m of list) if (m.dienst!.start === undefined) m.dienst!.abandoned = true;
  }
}

type Category = 'both' | 'startOnly' | 'neither';

/**
 * How long each started dienst takes, so that the published shares tijdig come out exactly per
 * year of the stop: `vanaf_start` (10 weeks from DienstGestart) and `vanaf_melding` (10 weeks from
 * MeldingOntvangen). A stop within the melding's 10 weeks is within both; between the two
 * deadlines only `vanaf_start`; after both, neither.
 */
export function planVtijStops(meldingen: MeldingPlan[], targets: Map<number, DienstYearTargets>, era: DienstEra, days: DayIndex, rng: Rng): void {
  const started = meldingen.filter((m) => m.dienst?.start !== undefined && !m.dienst.abandoned && m.dienst.dienst !== 'zicht_op_veiligheid');
  const shareFor = (dienst: DienstTerm, year: number) => {
    const years = [...targets.entries()].filter(([, t]) => t.tijdig?.has(dienst)).map(([y]) => y);
    if (years.length === 0) return era.defaultTijdig[dienst];
    const nearest = years.sort((a, b) => Math.abs(a - year) - Math.abs(b - year) || a - b)[0];
    const t = targets.get(nearest)!.tijdig!.get(dienst)!;
    return { vanafStart: t.vanafStart / 100, vanafMelding: t.vanafMelding / 100 };
  };
  const windows = (m: MeldingPlan, c: Category, lo = -Infinity, hi = Infinity): [Day, Day] => {
    const start = m.dienst!.start!;
    const min = start + MIN_DAYS[m.dienst!.dienst as DienstTerm];
    let w: [Day, Day];
    if (c === 'both') w = [min, m.day + TERM_DAYS];
    else if (c === 'startOnly') w = [Math.max(min, m.day + TERM_DAYS + 1), start + TERM_DAYS];
    else w = [start + TERM_DAYS + 1, start + TERM_DAYS + 1 + 90];
    return [Math.max(w[0], lo), Math.min(w[1], hi)];
  };
  const setCategory = (m: MeldingPlan, c: Category, r: Rng, lo = -Infinity, hi = Infinity): boolean => {
    const [a, b] = windows(m, c, lo, hi);
    const bias = c === 'neither' ? 0.5 : c === 'both' ? 1.6 : 1;
    const d = randomWerkdag(days, r, a, b, bias);
    if (d === null) return false;
    m.dienst!.stop = d;
    return true;
  };
  const r = rng.fork('durations');
  for (const m of started) {
    const dienst = m.dienst!.dienst as DienstTerm;
    const share = shareFor(dienst, days.yearOf(m.dienst!.start!));
    const u = r.next();
    const wanted: Category = u < share.vanafMelding ? 'both' : u < share.vanafStart ? 'startOnly' : 'neither';
    const order: Category[] = wanted === 'both' ? ['both', 'startOnly', 'neither'] : wanted === 'startOnly' ? ['startOnly', 'neither', 'both'] : ['neither', 'startOnly', 'both'];
    if (!order.some((c) => setCategory(m, c, r))) throw new Error(`VTIJ ${m.caseId}: no stop day`);
  }
  const flip = rng.fork('flip');
  for (const [year, t] of [...targets.entries()].sort(([a], [b]) => a - b)) {
    if (!t.tijdig) continue;
    const lo = days.yearStart(year);
    const hi = days.yearEnd(year);
    for (const [dienst, pct] of t.tijdig) {
      const items = started.filter((m) => m.dienst!.dienst === dienst && m.dienst!.stop! >= lo && m.dienst!.stop! <= hi);
      const isBoth = (m: MeldingPlan) => m.dienst!.stop! <= m.day + TERM_DAYS;
      const isStartTijdig = (m: MeldingPlan) => m.dienst!.stop! <= m.dienst!.start! + TERM_DAYS;
      fixCount(
        `VTIJ ${dienst} ${year} vanaf_melding`,
        items,
        flip,
        isBoth,
        numeratorFor(pct.vanafMelding, items.length),
        (m) => setCategory(m, 'both', flip, lo, hi),
        (m) => setCategory(m, 'startOnly', flip, lo, hi) || setCategory(m, 'neither', flip, lo, hi),
      );
      fixCount(
        `VTIJ ${dienst} ${year} vanaf_start`,
        items,
        flip,
        isStartTijdig,
        numeratorFor(pct.vanafStart, items.length),
        (m) => !isBoth(m) && setCategory(m, 'startOnly', flip, lo, hi),
        (m) => !isBoth(m) && setCategory(m, 'neither', flip, lo, hi),
      );
    }
  }
}

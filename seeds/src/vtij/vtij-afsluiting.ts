import type { DayIndex } from '../day-index';
import type { MeldingPlan } from '../melding-plan';
import type { Rng } from '../prng';
import { randomWerkdag } from '../year-fit';
import { TRANSFER_PARTIJEN } from './vtij-assumptions';

const partij = (rng: Rng) => rng.weighted(TRANSFER_PARTIJEN.map(([p]) => p), TRANSFER_PARTIJEN.map(([, n]) => n));

/**
 * Transfers: every overdracht decision is carried out a few werkdagen later (the case waits in
 * fase=overdracht); after a dienst, enough cases are transferred to make the published yearly
 * total of overdrachten exact (VTIJ counts direct transfers and transfers after a dienst together,
 * [000:914-917]); the others are closed without a transfer [000:917-919].
 */
export function planVtijTransfers(meldingen: MeldingPlan[], totals: Map<number, number>, days: DayIndex, rng: Rng): void {
  const r = rng.fork('direct');
  for (const m of meldingen) {
    if (m.triage?.besluit !== 'overdracht') continue;
    const lag = r.chance(0.18) ? 0 : 1 + r.geometric(4);
    m.transfer = { day: days.addWerkdagen(m.triage.day, lag), soort: 'direct', partij: partij(r) };
  }
  const after = meldingen.filter((m) => m.dienst?.stop !== undefined);
  const chosen = new Set<MeldingPlan>();
  const pick = rng.fork('after');
  const yearOfStop = (m: MeldingPlan) => days.yearOf(m.dienst!.stop!);
  for (const [year, total] of totals) {
    const direct = meldingen.filter((m) => m.transfer && days.yearOf(m.transfer.day) === year).length;
    const candidates = after.filter((m) => yearOfStop(m) === year);
    const need = total - direct;
    if (need < 0 || need > candidates.length) throw new Error(`VTIJ overdrachten ${year}: ${direct} direct, ${candidates.length} after a dienst, ${total} published`);
    for (const m of pick.sample(candidates, need, (x) => (x.dienst!.dienst === 'voorwaarden_en_vervolg' ? 1.3 : 1))) chosen.add(m);
  }
  for (const m of after) {
    if (!totals.has(yearOfStop(m)) && pick.chance(0.62)) chosen.add(m);
  }
  const t = rng.fork('days');
  for (const m of after) {
    if (!chosen.has(m)) continue;
    const stop = m.dienst!.stop!;
    let day = days.addWerkdagen(stop, t.chance(0.4) ? 0 : t.int(1, 3));
    if (days.yearOf(day) !== days.yearOf(stop)) day = stop;
    m.transfer = { day, soort: 'na_actieve_betrokkenheid', partij: partij(t) };
  }
}

/** Every case ends with ZaakAfgesloten after its last step; a wait may see its priority raised. */
export function planVtijClosures(meldingen: MeldingPlan[], days: DayIndex, rng: Rng): void {
  for (const m of meldingen) {
    const triage = m.triage!;
    let close: MeldingPlan['close'];
    if (m.transfer) close = { day: days.addWerkdagen(m.transfer.day, rng.int(0, 8)), reden: 'afgerond' };
    else if (m.dienst?.stop !== undefined) close = { day: days.addWerkdagen(m.dienst.stop, rng.int(0, 8)), reden: 'afgerond' };
    else if (m.dienst?.abandoned) close = { day: days.addWerkdagen(triage.day, 12 + Math.min(55, rng.geometric(18))), reden: rng.chance(0.4) ? 'samengevoegd' : 'overig' };
    else if (m.dienst?.start !== undefined) close = undefined; // still running at the end of the data
    else if (triage.besluit === 'geen_vervolgstappen') close = { day: rng.chance(0.6) ? triage.day : days.addWerkdagen(triage.day, rng.int(1, 3)), reden: 'geen_vervolg' };
    else close = { day: days.addWerkdagen(triage.day, rng.int(0, 5)), reden: 'afgerond' };
    m.close = close;
    // weekly review of the waiting list: some cases are found more urgent
    const waitEnd = m.dienst?.start ?? (m.dienst?.abandoned ? close?.day : undefined);
    if (waitEnd !== undefined && (m.prioriteit === 'midden' || m.prioriteit === 'laag') && days.werkdagenBetween(triage.day, waitEnd) > 15 && rng.chance(0.15)) {
      m.raisedOn = randomWerkdag(days, rng, triage.day + 5, waitEnd - 1) ?? undefined;
    }
  }
}


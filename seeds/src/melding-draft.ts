import { CaseDraft, type TimeMode } from './case-draft';
import type { Day, DayIndex } from './day-index';
import type { MeldingPlan } from './melding-plan';
import type { Rng } from './prng';

export interface DraftOptions {
  /** Werkdagen between contacts with a waiting case (active waiting-list management). */
  contactEvery: number;
  /** Only waits longer than this many werkdagen get contacts. */
  contactAfter: number;
}

const CONTACT_MET = ['melder', 'directbetrokkenen', 'lokaal_team'] as const;

/** Lifecycle rank of the steps of one day (a registration system stamps them in this order). */
const RANK = {
  melding: 0,
  thv: 1,
  ec: 2,
  vb: 3,
  triage: 4,
  prio: 5,
  contact: 6,
  start: 7,
  stop: 8,
  zovStart: 9,
  zovStop: 10,
  transfer: 11,
  monitoringContact: 12,
  monitoringDone: 13,
  close: 14,
} as const;

type Pending = { day: Day; rank: number; add: (draft: CaseDraft, mode: TimeMode) => void };

/** The events of a planned melding, in lifecycle order, as a draft. */
export function draftMelding(plan: MeldingPlan, days: DayIndex, rng: Rng, options: DraftOptions): CaseDraft {
  const draft = new CaseDraft(plan.organisation, plan.caseId);
  const steps: Pending[] = [];
  const push = (day: Day | undefined, rank: number, add: Pending['add']) => {
    if (day !== undefined) steps.push({ day, rank, add });
  };

  draft.add(
    'MeldingOntvangen',
    plan.day,
    { gemeente: plan.gemeente, melder: plan.melder as never, aard: plan.aard as never, crisis: plan.crisis, prioriteit: plan.prioriteit },
    'any',
    plan.wall,
  );
  if (plan.thv) push(plan.day, RANK.thv, (d, m) => d.add('TijdelijkHuisverbodOpgelegd', plan.day, {}, m));
  push(plan.ec, RANK.ec, (d, m) => d.add('EersteContactGelegd', plan.ec!, {}, m));
  if (plan.vb) {
    const vb = plan.vb;
    push(vb.day, RANK.vb, (d, m) => {
      if (vb.correctedFrom) {
        // a registration error, corrected the same day: retraction plus a new event (events.md)
        d.add('VeiligheidsbeoordelingAfgerond', vb.day, { conclusie: vb.correctedFrom as never }, m);
        d.add('RegistratieIngetrokken', vb.day, (before) => ({ eventId: before[before.length - 1].id, reden: 'registratiefout' }), m);
      }
      d.add('VeiligheidsbeoordelingAfgerond', vb.day, { conclusie: vb.conclusie as never }, m);
    });
  }
  const triage = plan.triage;
  if (triage?.besluit) {
    const data = triage.besluit === 'vervolgstappen_veilig_thuis' ? { besluit: triage.besluit, dienst: triage.dienst } : { besluit: triage.besluit };
    push(triage.day, RANK.triage, (d, m) => d.add('TriagebesluitGenomen', triage.day, data as never, m));
  }

  // The wait after the triage: for the dienst (until it starts or the case is closed) or for the transfer.
  const dienst = plan.dienst;
  let waitEnd: Day | undefined;
  if (triage?.besluit === 'vervolgstappen_veilig_thuis') waitEnd = (triage.dienst === 'zicht_op_veiligheid' ? plan.zov?.start : dienst?.start) ?? plan.close?.day;
  else if (triage?.besluit === 'overdracht') waitEnd = plan.transfer?.day ?? plan.close?.day;
  if (triage && waitEnd !== undefined && days.werkdagenBetween(triage.day, waitEnd) > options.contactAfter) {
    let d = days.addWerkdagen(triage.day, Math.max(2, options.contactEvery - 3 + rng.int(0, 4)));
    while (d < waitEnd) {
      const day = d;
      const met = rng.weighted(CONTACT_MET, [3, 4, 2]);
      push(day, RANK.contact, (dr, m) => dr.add('ContactTijdensWachten', day, { met }, m));
      d = days.addWerkdagen(d, Math.max(2, options.contactEvery - 2 + rng.int(0, 4)));
    }
  }
  if (plan.raisedOn !== undefined) push(plan.raisedOn, RANK.prio, (d, m) => d.add('PrioriteitVastgesteld', plan.raisedOn!, { prioriteit: 'hoog' }, m));

  if (dienst?.start !== undefined) {
    push(dienst.start, RANK.start, (d, m) => d.add('DienstGestart', dienst.start!, { dienst: dienst.dienst }, m));
    push(dienst.stop, RANK.stop, (d, m) => d.add('DienstAfgerond', dienst.stop!, { dienst: dienst.dienst }, m));
  }
  if (plan.zov) {
    const zov = plan.zov;
    push(zov.start, RANK.zovStart, (d, m) => d.add('DienstGestart', zov.start, { dienst: 'zicht_op_veiligheid' }, m));
    push(zov.stop, RANK.zovStop, (d, m) => d.add('DienstAfgerond', zov.stop!, { dienst: 'zicht_op_veiligheid' }, m));
  }
  if (plan.transfer) {
    const t = plan.transfer;
    push(t.day, RANK.transfer, (d, m) => d.add('OverdrachtGedaan', t.day, { soort: t.soort, partij: t.partij as never }, m));
  }
  if (plan.monitoring) {
    const mon = plan.monitoring;
    push(mon.m3, RANK.monitoringContact, (d, m) => d.add('MonitoringContactGehad', mon.m3!, { moment: '3_maanden' }, m));
    push(mon.extra, RANK.monitoringContact, (d, m) => d.add('MonitoringContactGehad', mon.extra!, { moment: 'extra' }, m));
    push(mon.done, RANK.monitoringContact, (d, m) => d.add('MonitoringContactGehad', mon.done, { moment: '12_maanden' }, m));
    push(mon.done, RANK.monitoringDone, (d, m) => d.add('MonitoringAfgerond', mon.done, {}, m));
  }
  if (plan.close) {
    const c = plan.close;
    push(c.day, RANK.close, (d, m) => d.add('ZaakAfgesloten', c.day, { reden: c.reden }, m));
  }

  steps.sort((a, b) => a.day - b.day || a.rank - b.rank);
  for (const s of steps) {
    if (s.day < plan.day) throw new Error(`${plan.caseId}: a step before the melding`);
    // The crisis team works at any hour on the day of the melding; everyone else in office hours.
    const mode: TimeMode = plan.crisis && s.day === plan.day ? 'any' : days.isWerkdag(s.day) ? 'office' : 'daytime';
    s.add(draft, mode);
  }
  return draft;
}

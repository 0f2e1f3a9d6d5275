import type { Day, DayIndex } from '../day-index';
import type { MeldingPlan } from '../melding-plan';
import type { Rng } from '../prng';

/** A published stock: how many onderzoeken waited (decided, not started) at the end of a day. */
export interface QueueCount {
  day: Day;
  waiting: number;
}

/**
 * VTIJ 2015: the onderzoeken that "could not be started immediately" [002:6136-6138], first come
 * first served, so that exactly the published number waits at each quarter end (30, 22, 17, 45, 33:
 * the summer growth and the autumn catch-up with extra staff [002:6122-6130]). Crisis onderzoeken
 * start the day they are decided and never wait [002:2411-2419].
 */
export function planVtijQueue2015(meldingen: MeldingPlan[], counts: readonly QueueCount[], days: DayIndex, rng: Rng): void {
  const onderzoek = meldingen.filter((m) => m.triage?.besluit === 'vervolgstappen_veilig_thuis');
  for (const m of onderzoek) m.dienst = { dienst: 'onderzoek' };
  for (const m of onderzoek.filter((x) => x.crisis)) m.dienst!.start = m.triage!.day;
  const queue = onderzoek.filter((m) => !m.crisis).sort((a, b) => a.triage!.day - b.triage!.day || a.wall - b.wall);
  const sorted = [...counts].sort((a, b) => a.day - b.day);
  let startedBefore = 0;
  let previousDay: Day | undefined;
  for (const { day, waiting } of sorted) {
    const decided = queue.filter((m) => m.triage!.day <= day).length;
    const startedBy = decided - waiting;
    if (startedBy < startedBefore) throw new Error(`VTIJ queue ${days.label(day)}: ${decided} decided, ${waiting} waiting, but ${startedBefore} already started`);
    const members = queue.slice(startedBefore, startedBy);
    const from = previousDay === undefined ? Math.min(...members.map((m) => m.triage!.day)) : previousDay + 1;
    const slots = days.werkdagenIn(from, day);
    members.forEach((m, j) => {
      const slot = slots[Math.min(slots.length - 1, Math.floor(((j + rng.next()) * slots.length) / members.length))];
      const earliest = days.addWerkdagen(m.triage!.day, 2);
      const start = Math.max(slot, earliest);
      if (start > day) throw new Error(`VTIJ queue: ${m.caseId} decided ${days.label(m.triage!.day)} cannot start by ${days.label(day)}`);
      m.dienst!.start = days.werkdagOnOrAfter(start) <= day ? days.werkdagOnOrAfter(start) : days.werkdagOnOrBefore(day);
    });
    startedBefore = startedBy;
    previousDay = day;
  }
  // after the last count the list is worked off at about one a werkdag
  let next = days.werkdagOnOrAfter((previousDay ?? 0) + 1);
  for (const m of queue.slice(startedBefore)) {
    const earliest = days.addWerkdagen(m.triage!.day, 2 + rng.int(0, 5));
    m.dienst!.start = Math.max(next, earliest);
    next = days.addWerkdagen(next, rng.chance(0.3) ? 2 : 1);
  }
}

/**
 * The broader list of the press (onderzoeken plus meldingen not yet transferred to the local
 * field, "60 zaken", seed-facts §3 W1): at `day`, exactly `waiting` overdracht decisions not yet
 * carried out, by moving single transfers over that day.
 */
export function fitTransferBacklog(meldingen: MeldingPlan[], day: Day, waiting: number, days: DayIndex, rng: Rng): void {
  const decided = meldingen.filter((m) => m.triage?.besluit === 'overdracht' && m.triage.day <= day && m.transfer);
  const isWaiting = (m: MeldingPlan) => m.transfer!.day > day;
  let count = decided.filter(isWaiting).length;
  for (const m of rng.shuffle(decided)) {
    if (count === waiting) break;
    if (count > waiting && isWaiting(m) && m.triage!.day < day - 3) {
      m.transfer!.day = days.werkdagOnOrBefore(day - rng.int(0, 2));
      if (m.transfer!.day < m.triage!.day) m.transfer!.day = m.triage!.day;
      count--;
    } else if (count < waiting && !isWaiting(m) && m.triage!.day >= day - 25) {
      m.transfer!.day = days.addWerkdagen(day, rng.int(1, 8));
      count++;
    }
  }
  if (count !== waiting) throw new Error(`VTIJ transfer backlog ${days.label(day)}: ${count}, target ${waiting}`);
}

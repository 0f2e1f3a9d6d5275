import type { CaseEvent } from './case-event';
import type { QualityIssue } from './derived';

/** Event ids are UUIDs: the same id in upper and lower case is one id (the store refuses a second copy of either). */
const idKey = (id: unknown) => String(id).toLowerCase();

/**
 * Drops every retracted event and the retractions themselves: indicators then read as if the
 * retracted event had never been sent. A retraction whose target is not (yet) there, or that
 * targets another retraction, is kept out and reported.
 */
export function applyRetractions(events: readonly CaseEvent[]): { kept: CaseEvent[]; issues: QualityIssue[] } {
  const byId = new Map(events.map((e) => [idKey(e.id), e]));
  const retracted = new Set<string>();
  const issues: QualityIssue[] = [];
  for (const e of events) {
    if (e.type !== 'RegistratieIngetrokken') continue;
    const target = byId.get(idKey(e.data.eventId));
    if (!target) issues.push({ kind: 'intrekking_van_onbekend_event', eventId: e.id });
    else if (target.type === 'RegistratieIngetrokken') issues.push({ kind: 'intrekking_van_intrekking', eventId: e.id });
    else retracted.add(target.id);
  }
  return { kept: events.filter((e) => e.type !== 'RegistratieIngetrokken' && !retracted.has(e.id)), issues };
}

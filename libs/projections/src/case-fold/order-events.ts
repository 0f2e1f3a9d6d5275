import type { CaseEvent } from './case-event';

/**
 * Lifecycle order of the types, to order events of one instant the same way whatever order they
 * arrived in (a registration system often stamps several steps with one time).
 */
const TYPE_ORDER = [
  'AdviesvraagOntvangen',
  'AdviesvraagAfgerond',
  'MeldingOntvangen',
  'PrioriteitVastgesteld',
  'VeiligheidsbeoordelingAfgerond',
  'EersteContactGelegd',
  'TriagebesluitGenomen',
  'ContactTijdensWachten',
  'DienstGestart',
  'DienstAfgerond',
  'OverdrachtGedaan',
  'TijdelijkHuisverbodOpgelegd',
  'MonitoringContactGehad',
  'MonitoringAfgerond',
  'TermijnOverschreden',
  'ZaakAfgesloten',
  'RegistratieIngetrokken',
];
const rank = new Map(TYPE_ORDER.map((t, i) => [t, i]));

export function instantOf(e: CaseEvent): number {
  return Date.parse(e.occurredAt);
}

/** Events in business-time order; ties by lifecycle step, then id: independent of arrival order. */
export function orderEvents(events: readonly CaseEvent[]): CaseEvent[] {
  return [...events].sort((a, b) => instantOf(a) - instantOf(b) || (rank.get(a.type) ?? 99) - (rank.get(b.type) ?? 99) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}

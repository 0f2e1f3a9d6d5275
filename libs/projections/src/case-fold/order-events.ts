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
  // Each event's instant and rank once, not once per comparison.
  const keyed = events.map((e) => ({ e, at: instantOf(e), rank: rank.get(e.type) ?? 99 }));
  keyed.sort((a, b) => a.at - b.at || a.rank - b.rank || (a.e.id < b.e.id ? -1 : a.e.id > b.e.id ? 1 : 0));
  return keyed.map((k) => k.e);
}

import { randomUUID } from 'node:crypto';
import type { VtEvent } from '../../libs/events/src';

/** Valid catalogue events for tests: pseudonymous ids, dates and categories only. */
export function melding(caseId: string, occurredAt = '2024-03-04T10:00:00+01:00', overrides: Partial<VtEvent> = {}): VtEvent {
  return {
    id: randomUUID(),
    type: 'MeldingOntvangen',
    organisation: 'VTIJ',
    caseId,
    occurredAt,
    data: { gemeente: 'GM0193', melder: { soort: 'beroepsmatig', groep: 'justitie_en_veiligheid' }, aard: ['partnergeweld'], crisis: false },
    ...overrides,
  } as VtEvent;
}

export function triage(caseId: string, occurredAt = '2024-03-08T10:00:00+01:00', organisation = 'VTIJ'): VtEvent {
  return { id: randomUUID(), type: 'TriagebesluitGenomen', organisation, caseId, occurredAt, data: { besluit: 'vervolgstappen_veilig_thuis', dienst: 'onderzoek' } };
}

export function eersteContact(caseId: string, occurredAt = '2024-03-05T10:00:00+01:00', organisation = 'VTIJ'): VtEvent {
  return { id: randomUUID(), type: 'EersteContactGelegd', organisation, caseId, occurredAt, data: {} };
}

/** A plain JSON object (not typed) for validation tests: a valid MeldingOntvangen to break. */
export function rawMelding(): Record<string, any> {
  return JSON.parse(JSON.stringify(melding('VTIJ-1001')));
}

import { DateTime } from 'luxon';
import { ZONE } from '../../calendar/src';
import type { VtEventOf } from '../../events/src';
import type { TermAlert } from './alert-schedule';

/**
 * The `TermijnOverschreden` event of an overdue alert. Every field is derived from the case, the
 * term and its deadline (the id too), so every replica builds the very same event and the store
 * keeps one: a second append is a duplicate, not a conflict. It occurs at the instant the term
 * passed (the start of the day after the deadline), so it counts in that day's period.
 */
export function termijnOverschredenEvent(alert: TermAlert): VtEventOf<'TermijnOverschreden'> {
  if (alert.kind !== 'overdue' || !alert.eventId) throw new Error(`alert ${alert.fingerprint}: only an overdue alert has a TermijnOverschreden event`);
  return {
    id: alert.eventId,
    type: 'TermijnOverschreden',
    organisation: alert.organisation,
    caseId: alert.caseId,
    occurredAt: DateTime.fromMillis(alert.dueAt, { zone: ZONE }).toISO({ suppressMilliseconds: true })!,
    data: { termijn: alert.termijn as VtEventOf<'TermijnOverschreden'>['data']['termijn'], deadline: alert.deadline },
  };
}

import { createHash } from 'node:crypto';
import { nameBasedUuid } from '../../events/src/name-based-uuid';

/** The namespace of the ids vt-monitor derives for its own events (a fixed, random-looking UUID). */
export const ALERT_NAMESPACE = '9d3c5e2a-6f41-4b8e-a7d0-3c1f5b9e2d64';

/**
 * The id of the `TermijnOverschreden` event of one case and term (events.md: "its id is derived
 * from case and term, so it is written once however many replicas try"). A case has one legal
 * clock per term (a dienst's `vanaf_triage`), so organisation, case and term name it.
 */
export function termijnOverschredenEventId(organisation: string, caseId: string, termijn: string): string {
  return nameBasedUuid(ALERT_NAMESPACE, `TermijnOverschreden/${organisation}/${caseId}/${termijn}`);
}

/**
 * An alert's fingerprint as Alertmanager shows it (16 hex digits), from its labels: the same
 * labels always give the same fingerprint, so receivers (and our delivery log) can deduplicate.
 */
export function alertFingerprint(labels: Readonly<Record<string, string>>): string {
  const canonical = Object.keys(labels)
    .sort()
    .map((k) => `${k}=${labels[k]}`)
    .join('\u0000');
  return createHash('sha256').update(canonical, 'utf8').digest('hex').slice(0, 16);
}

import { createHash } from 'node:crypto';
import type { VtEvent } from './event-catalogue';

/** JSON with object keys sorted at every level, so that equal bodies give equal text. */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

/**
 * The idempotency fingerprint of an event: the same `id` with the same fingerprint is a duplicate,
 * with another fingerprint a conflict. `occurredAt` is compared as the instant it denotes, so
 * `…T10:00:00+01:00` and `…T09:00:00Z` are the same fact.
 */
export function eventFingerprint(event: VtEvent): string {
  const cached = fingerprints.get(event);
  if (cached !== undefined) return cached;
  const body = { type: event.type, organisation: event.organisation, caseId: event.caseId, occurredAt: new Date(event.occurredAt).toISOString(), data: event.data };
  const print = createHash('sha256').update(canonicalJson(body)).digest('hex');
  fingerprints.set(event, print);
  return print;
}

// Import checks a file before it writes it: both passes share the fingerprint of each event object.
// Events are treated as immutable once validated.
const fingerprints = new WeakMap<object, string>();

import { jsonEvent, type EventData, type ResolvedEvent } from '@kurrent/kurrentdb-client';
import { eventFingerprint, type VtEvent } from '../../../events/src';
import type { RecordedEvent } from '../event-store.port';
import { toPositionToken } from './position';

/** What a case event holds in KurrentDB besides its id and type (the event's JSON `data`). */
export interface CaseEventBody {
  organisation: string;
  caseId: string;
  occurredAt: string;
  data: Record<string, unknown>;
}

/**
 * The event's JSON metadata. Values are strings only: the multi-stream appends of KurrentDB 25.1+
 * (`multiStreamAppend`, `appendRecords`) accept nothing else, and store them as properties that
 * come back as metadata keys (next to their own `$schema.*` keys).
 */
export interface CaseEventMetadata {
  fingerprint: string;
}

/** The client's recorded event, narrowed to what this store reads. */
export type ClientRecordedEvent = NonNullable<ResolvedEvent['event']>;

/** The event as KurrentDB stores it: id = the event's id (a uuid), type = its catalogue type. */
export function toEventData(event: VtEvent, fingerprint = eventFingerprint(event)): EventData {
  const body: CaseEventBody = { organisation: event.organisation, caseId: event.caseId, occurredAt: event.occurredAt, data: event.data };
  const metadata: CaseEventMetadata = { fingerprint };
  return jsonEvent({ id: event.id, type: event.type, data: { ...body }, metadata: { ...metadata } });
}

function isObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value) && !(value instanceof Uint8Array);
}

/** The body of a case event, or undefined when the record is not one (system event, foreign writer). */
export function caseEventBody(event: ClientRecordedEvent): CaseEventBody | undefined {
  if (!event.isJson || event.type.startsWith('$')) return undefined;
  const d = event.data as unknown;
  if (!isObject(d) || typeof d.organisation !== 'string' || typeof d.caseId !== 'string' || typeof d.occurredAt !== 'string' || !isObject(d.data)) return undefined;
  return { organisation: d.organisation, caseId: d.caseId, occurredAt: d.occurredAt, data: d.data };
}

/** The idempotency fingerprint of a stored case event: from its metadata, else computed from its body. */
export function storedFingerprint(event: ClientRecordedEvent, body: CaseEventBody): string {
  const meta = event.metadata as unknown;
  if (isObject(meta) && typeof meta.fingerprint === 'string') return meta.fingerprint;
  return eventFingerprint({ id: event.id, type: event.type, ...body } as VtEvent);
}

/**
 * The port's view of a stored case event. `position` is the event's own place in $all (readAll
 * returns what comes strictly after a position, so a subscriber checkpoints on the last event it
 * handled). Servers before 22.6 leave `position` out of stream reads; the commit position of the
 * resolved event stands in then.
 */
export function toRecordedEvent(resolved: ResolvedEvent): RecordedEvent | undefined {
  const event = resolved.event;
  if (!event) return undefined;
  const body = caseEventBody(event);
  if (!body) return undefined;
  const position = event.position ?? (resolved.commitPosition !== undefined ? { commit: resolved.commitPosition, prepare: resolved.commitPosition } : undefined);
  return {
    id: event.id,
    type: event.type as VtEvent['type'],
    organisation: body.organisation,
    caseId: body.caseId,
    occurredAt: body.occurredAt,
    data: body.data,
    recordedAt: event.created.toISOString(),
    streamVersion: Number(event.revision),
    position: position ? toPositionToken(position) : '0-0',
  };
}

import { eventFingerprint, type VtEvent } from '../../../events/src';
import { IdempotencyConflictError, WrongExpectedVersionError } from '../errors';
import type { ExpectedVersion } from '../event-store.port';
import { streamIdOf } from '../stream-id';
import { hashEventId } from './hash-event-id';
import type { SqlExecutor } from './sql-client';

export interface AppendOutcome {
  appended: number;
  duplicateIndexes: number[];
  /** Version of each touched stream's last event after the append. */
  versions: Map<string, number>;
}

/**
 * Sorts events into new ones, duplicates (same id and body already stored, erased, or earlier in
 * the same batch) and conflicts (same id, other body). Reads only.
 */
export async function classifyEvents(db: SqlExecutor, events: VtEvent[]): Promise<{ toInsert: number[]; duplicateIndexes: number[]; conflicts: { index: number; id: string }[]; prints: string[] }> {
  const prints = events.map(eventFingerprint);
  const duplicateIndexes: number[] = [];
  const conflicts: { index: number; id: string }[] = [];
  const fresh: number[] = [];
  const firstById = new Map<string, number>();
  events.forEach((e, i) => {
    const first = firstById.get(e.id);
    if (first === undefined) {
      firstById.set(e.id, i);
      fresh.push(i);
    } else if (prints[first] === prints[i]) duplicateIndexes.push(i);
    else conflicts.push({ index: i, id: e.id });
  });

  const ids = fresh.map((i) => events[i].id);
  const stored = new Map<string, string>();
  if (ids.length > 0) {
    const rows = await db.query<{ id: string; fingerprint: string }>(
      'SELECT event_id::text AS id, fingerprint FROM vt_events WHERE event_id = ANY($1::uuid[])',
      [ids],
    );
    for (const r of rows) stored.set(r.id, r.fingerprint);
    const erased = await db.query<{ id_hash: string }>('SELECT id_hash FROM vt_erased_event_ids WHERE id_hash = ANY($1::text[])', [ids.map(hashEventId)]);
    const erasedHashes = new Set(erased.map((r) => r.id_hash));
    for (const id of ids) if (erasedHashes.has(hashEventId(id))) stored.set(id, 'erased');
  }
  const toInsert: number[] = [];
  for (const i of fresh) {
    const known = stored.get(events[i].id.toLowerCase()) ?? stored.get(events[i].id);
    if (known === undefined) toInsert.push(i);
    else if (known === prints[i] || known === 'erased') duplicateIndexes.push(i);
    else conflicts.push({ index: i, id: events[i].id });
  }
  duplicateIndexes.sort((a, b) => a - b);
  conflicts.sort((a, b) => a.index - b.index);
  return { toInsert, duplicateIndexes, conflicts, prints };
}

/**
 * Appends events of any number of case streams inside the caller's transaction. Ids already stored
 * (or erased) with the same body are duplicates; with another body the whole call fails. Streams
 * are locked in sorted order, so concurrent batches cannot deadlock on them.
 */
export async function appendEvents(
  tx: SqlExecutor,
  events: VtEvent[],
  expected?: { streamId: string; expectedVersion: ExpectedVersion },
): Promise<AppendOutcome> {
  const { toInsert, duplicateIndexes, conflicts, prints } = await classifyEvents(tx, events);
  if (conflicts.length > 0) throw new IdempotencyConflictError(conflicts);

  const streamIds = [...new Set(toInsert.map((i) => streamIdOf(events[i].organisation, events[i].caseId)))].sort();
  if (expected && !streamIds.includes(expected.streamId)) streamIds.push(expected.streamId);
  const versions = new Map<string, number>();
  if (streamIds.length > 0) {
    const locked = await tx.query<{ stream_id: string; version: number }>(
      `INSERT INTO vt_streams (stream_id, version)
         SELECT s, -1 FROM unnest($1::text[]) AS s ORDER BY s
       ON CONFLICT (stream_id) DO UPDATE SET version = vt_streams.version
       RETURNING stream_id, version`,
      [streamIds],
    );
    for (const r of locked) versions.set(r.stream_id, r.version);
  }
  if (expected && expected.expectedVersion !== 'any') {
    const actual = versions.get(expected.streamId) ?? -1;
    const want = expected.expectedVersion === 'no_stream' ? -1 : expected.expectedVersion;
    if (toInsert.length > 0 && actual !== want) throw new WrongExpectedVersionError(expected.streamId, String(expected.expectedVersion), actual);
  }
  if (toInsert.length === 0) return { appended: 0, duplicateIndexes, versions };

  const cols: unknown[][] = [[], [], [], [], [], [], [], [], []];
  for (const i of toInsert) {
    const e = events[i];
    const streamId = streamIdOf(e.organisation, e.caseId);
    const version = (versions.get(streamId) ?? -1) + 1;
    versions.set(streamId, version);
    const body = { id: e.id, type: e.type, organisation: e.organisation, caseId: e.caseId, occurredAt: e.occurredAt, data: e.data };
    [e.id, streamId, version, e.organisation, e.caseId, e.type, e.occurredAt, JSON.stringify(body), prints[i]].forEach((v, c) => cols[c].push(v));
  }
  await tx.query(
    `INSERT INTO vt_events (event_id, stream_id, stream_version, organisation, case_id, type, occurred_at, body, fingerprint)
     SELECT * FROM unnest($1::uuid[], $2::text[], $3::int[], $4::text[], $5::text[], $6::text[], $7::timestamptz[], $8::jsonb[], $9::text[])`,
    cols,
  );
  const touched = [...new Set(toInsert.map((i) => streamIdOf(events[i].organisation, events[i].caseId)))];
  await tx.query(
    `UPDATE vt_streams AS s SET version = v.version
       FROM unnest($1::text[], $2::int[]) AS v(stream_id, version) WHERE s.stream_id = v.stream_id`,
    [touched, touched.map((s) => versions.get(s))],
  );
  return { appended: toInsert.length, duplicateIndexes, versions };
}

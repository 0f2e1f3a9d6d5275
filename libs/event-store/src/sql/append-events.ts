import { eventFingerprint, type VtEvent } from '../../../events/src';
import { IdempotencyConflictError, WrongExpectedVersionError } from '../errors';
import type { ExpectedVersion } from '../event-store.port';
import { streamIdOf } from '../stream-id';
import { lockAsAppender } from './append-horizon';
import { hashEventId, isCopyOfErased } from './hash-event-id';
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
    // UUIDs: upper and lower case are the same id (the stored ones are compared in lower case too).
    const key = e.id.toLowerCase();
    const first = firstById.get(key);
    if (first === undefined) {
      firstById.set(key, i);
      fresh.push(i);
    } else if (prints[first] === prints[i]) duplicateIndexes.push(i);
    else conflicts.push({ index: i, id: e.id });
  });

  const ids = fresh.map((i) => events[i].id);
  const stored = new Map<string, string>();
  if (ids.length > 0) {
    // One round trip: stored ids with their fingerprints, and hashes of erased ids.
    const hashes = ids.map(hashEventId);
    const rows = await db.query<{ id: string; fingerprint: string | null; copy_hash: string | null; erased: boolean }>(
      `SELECT event_id::text AS id, fingerprint, NULL::text AS copy_hash, false AS erased FROM vt_events WHERE event_id = ANY($1::uuid[])
       UNION ALL
       SELECT id_hash AS id, NULL AS fingerprint, copy_hash, true AS erased FROM vt_erased_event_ids WHERE id_hash = ANY($2::text[])`,
      [ids, hashes],
    );
    // Erased ids, by hash, with the hash of the body they had (null: erased before it was kept).
    const erased = new Map<string, string | null>();
    for (const r of rows) {
      if (r.erased) erased.set(r.id, r.copy_hash);
      else stored.set(r.id, r.fingerprint!);
    }
    if (erased.size > 0) {
      fresh.forEach((i, k) => {
        if (!erased.has(hashes[k])) return;
        stored.set(events[i].id.toLowerCase(), isCopyOfErased(erased.get(hashes[k])!, events[i].id, prints[i]) ? 'erased' : 'erased with another body');
      });
    }
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
  // Before this transaction's first write gives it an id: readers hold back behind appenders only.
  await lockAsAppender(tx);
  const { toInsert, duplicateIndexes, conflicts, prints } = await classifyEvents(tx, events);
  if (conflicts.length > 0) throw new IdempotencyConflictError(conflicts);

  // Lock each touched stream (sorted, so concurrent batches cannot deadlock) and reserve its next
  // versions in one statement: the row's new version minus the events added is where we start.
  const added = new Map<string, number>();
  for (const i of toInsert) {
    const id = streamIdOf(events[i].organisation, events[i].caseId);
    added.set(id, (added.get(id) ?? 0) + 1);
  }
  if (expected && !added.has(expected.streamId)) added.set(expected.streamId, 0);
  const streamIds = [...added.keys()].sort();
  const versions = new Map<string, number>();
  if (streamIds.length > 0) {
    const locked = await tx.query<{ stream_id: string; version: number }>(
      `INSERT INTO vt_streams AS s (stream_id, version)
         SELECT v.stream_id, v.added - 1 FROM unnest($1::text[], $2::int[]) AS v(stream_id, added) ORDER BY v.stream_id
       ON CONFLICT (stream_id) DO UPDATE SET version = s.version + EXCLUDED.version + 1
       RETURNING stream_id, version`,
      [streamIds, streamIds.map((id) => added.get(id))],
    );
    for (const r of locked) versions.set(r.stream_id, r.version - (added.get(r.stream_id) ?? 0));
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
  return { appended: toInsert.length, duplicateIndexes, versions };
}

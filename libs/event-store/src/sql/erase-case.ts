import { streamIdOf } from '../stream-id';
import { hashErasedCopy, hashEventId } from './hash-event-id';
import type { SqlExecutor } from './sql-client';

/**
 * Removes every event of one case (Wmo 2015 art. 5.3.4) inside the caller's transaction. What
 * stays: a row in vt_erasures (organisation, time, count; no case id) and the hashes of the erased
 * event ids, so that a re-sent copy of the old events is not stored again.
 */
export async function eraseCase(tx: SqlExecutor, organisation: string, caseId: string): Promise<{ eventsErased: number }> {
  const streamId = streamIdOf(organisation, caseId);
  const gone = await tx.query<{ id: string; fingerprint: string }>('DELETE FROM vt_events WHERE stream_id = $1 RETURNING event_id::text AS id, fingerprint', [streamId]);
  await tx.query('DELETE FROM vt_streams WHERE stream_id = $1', [streamId]);
  if (gone.length > 0) {
    await tx.query('INSERT INTO vt_erased_event_ids (id_hash, copy_hash) SELECT * FROM unnest($1::text[], $2::text[]) ON CONFLICT DO NOTHING', [
      gone.map((r) => hashEventId(r.id)),
      gone.map((r) => hashErasedCopy(r.id, r.fingerprint)),
    ]);
  }
  await tx.query('INSERT INTO vt_erasures (organisation, events_erased) VALUES ($1, $2)', [organisation, gone.length]);
  return { eventsErased: gone.length };
}

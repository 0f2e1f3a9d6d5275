import { jsonEvent } from '@kurrent/kurrentdb-client';
import { MAX_WRITE_ATTEMPTS, type KurrentContext } from './context';
import { guard, isRevisionConflict, isStreamNotFound } from './kurrent-errors';
import { readCaseStream } from './read-case-stream';

export const CASE_ERASED = 'CaseErased';

/**
 * The last event of an erased case stream. KurrentDB's scavenge never removes a stream's last event
 * (its server's scavenge calculator keeps it, and its documentation says so "especially when dealing
 * with streams containing sensitive data"): without this, the case's last event, with its data,
 * would stay on disk and in $all for good. The marker holds nothing (`{}`), so that is what stays.
 */
export const STREAM_ERASED = 'StreamErased';

/**
 * Removes every event of one case (Wmo 2015 art. 5.3.4), in four steps:
 *
 * 1. the sha256 hashes of the case's event ids go to `vt-erased-ids` (so a re-sent copy of an old
 *    event counts as a duplicate, and readAll skips the events until they are scavenged);
 * 2. an empty `StreamErased` marker is appended to the case stream, expecting the revision just
 *    read (an event appended in between makes the server refuse, and the erasure starts over with
 *    it included), so that the event a scavenge keeps is the marker;
 * 3. the case stream is soft-deleted (`deleteStream`), expecting the marker's revision;
 * 4. a `CaseErased` event { organisation, erasedAt, eventsErased } goes to `vt-erasures`, without
 *    the case id.
 *
 * Soft delete, not tombstone: a tombstoned stream can never be written again, and a new case under
 * the same id must be able to start. KurrentDB keeps the deleted events on disk until a scavenge
 * removes them (they stay visible in $all until then; this store hides them); operators must run a
 * scavenge after erasures for the data to be gone for good. The stream's name (with the case id)
 * lives on in its `$$` metadata stream, which records the deletion, and in the marker.
 *
 * KurrentDB cannot do the steps in one transaction. A failure after step 1 leaves the events
 * hidden from readAll but still readable per stream; after step 2 the marker too (it is no case
 * event: every read skips it); after step 3 the erasure is unrecorded. Running the erasure again
 * completes it (the second record then counts 0 events if step 3 was done).
 */
export function eraseCase(ctx: KurrentContext, organisation: string, caseId: string): Promise<{ eventsErased: number }> {
  const stream = ctx.names.caseStream(organisation, caseId);
  return guard(async () => {
    for (let attempt = 1; ; attempt++) {
      const state = await readCaseStream(ctx.client, stream, { requiresLeader: true });
      const records = state.events.map((r) => r.event).filter((e) => e !== undefined);
      const ids = records.filter((e) => e.type !== STREAM_ERASED).map((e) => e.id);
      if (state.lastRevision !== undefined) {
        // Each id with its body's fingerprint (as the store keeps it); an event that is no case event has none.
        await ctx.erased.record(ids.map((id) => ({ id, fingerprint: state.fingerprints.get(id.toLowerCase()) ?? '' })));
        try {
          // An erasure that stopped after its marker finds it last already.
          let last = state.lastRevision;
          if (records[records.length - 1]?.type !== STREAM_ERASED) {
            const marked = await ctx.client.appendToStream(stream, jsonEvent({ type: STREAM_ERASED, data: {} }), { streamState: last, requiresLeader: true });
            last = marked.nextExpectedRevision;
          }
          await ctx.client.deleteStream(stream, { expectedRevision: last, requiresLeader: true });
        } catch (err) {
          if (isRevisionConflict(err) && attempt < MAX_WRITE_ATTEMPTS) continue;
          if (!isStreamNotFound(err)) throw err;
        }
      }
      await ctx.client.appendToStream(
        ctx.names.erasures,
        jsonEvent({ type: CASE_ERASED, data: { organisation, erasedAt: new Date().toISOString(), eventsErased: ids.length } }),
        { requiresLeader: true },
      );
      ctx.notifyAppended();
      return { eventsErased: ids.length };
    }
  });
}

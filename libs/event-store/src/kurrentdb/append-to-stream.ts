import { NO_STREAM, type AppendResult as ClientAppendResult } from '@kurrent/kurrentdb-client';
import { eventFingerprint, type VtEvent } from '../../../events/src';
import { WrongExpectedVersionError } from '../errors';
import type { AppendResult, ExpectedVersion } from '../event-store.port';
import { streamIdOf } from '../stream-id';
import { MAX_WRITE_ATTEMPTS, type KurrentContext } from './context';
import { guard, isRevisionConflict } from './kurrent-errors';
import { planAppend } from './plan-append';
import { readCaseStream } from './read-case-stream';
import { toEventData } from './recorded-event';

/**
 * Appends events of one case in one atomic KurrentDB append. Ids already in the stream (or erased)
 * are sorted out first, as in the SQL store; the caller's `expectedVersion` is checked against the
 * stream as read, and the append itself expects exactly that revision, so a writer that slipped in
 * between makes the server refuse it and the whole check runs again. An append whose events are all
 * duplicates succeeds whatever it expected.
 */
export async function appendToStream(
  ctx: KurrentContext,
  organisation: string,
  caseId: string,
  events: VtEvent[],
  expectedVersion: ExpectedVersion = 'any',
): Promise<AppendResult> {
  const foreign = events.find((e) => e.organisation !== organisation || e.caseId !== caseId);
  if (foreign) throw new Error(`event ${foreign.id} belongs to ${foreign.organisation}/${foreign.caseId}, not to ${organisation}/${caseId}`);
  const stream = ctx.names.caseStream(organisation, caseId);
  const prints = events.map(eventFingerprint);
  const ids = events.map((e) => e.id);

  return guard(async () => {
    for (let attempt = 1; ; attempt++) {
      await ctx.erased.refresh();
      const state = await readCaseStream(ctx.client, stream, { requiresLeader: true });
      const plan = planAppend(ids, prints, (i) => {
        const erased = ctx.erased.knownAs(ids[i], prints[i]);
        if (erased) return erased;
        const fingerprint = state.fingerprints.get(ids[i].toLowerCase());
        return fingerprint === undefined ? undefined : { fingerprint };
      });
      const actual = state.lastRevision === undefined ? -1 : Number(state.lastRevision);
      if (plan.toWrite.length === 0) return { appended: 0, duplicates: plan.duplicateIndexes.length, nextExpectedVersion: actual };
      if (expectedVersion !== 'any') {
        const want = expectedVersion === 'no_stream' ? -1 : expectedVersion;
        if (actual !== want) throw new WrongExpectedVersionError(streamIdOf(organisation, caseId), String(expectedVersion), actual);
      }
      let result: ClientAppendResult;
      try {
        result = await ctx.client.appendToStream(
          stream,
          plan.toWrite.map((i) => toEventData(events[i], prints[i])),
          { streamState: state.lastRevision ?? NO_STREAM, requiresLeader: true },
        );
      } catch (err) {
        if (isRevisionConflict(err)) {
          if (attempt < MAX_WRITE_ATTEMPTS) continue;
          const current = (err as { actualState?: unknown }).actualState;
          throw new WrongExpectedVersionError(streamIdOf(organisation, caseId), String(expectedVersion), typeof current === 'bigint' ? Number(current) : -1);
        }
        throw err;
      }
      // With `throwOnAppendFailure=false` in the connection string the client reports a conflict this way.
      if (!result.success) {
        if (attempt < MAX_WRITE_ATTEMPTS) continue;
        throw new WrongExpectedVersionError(streamIdOf(organisation, caseId), String(expectedVersion), Number(result.nextExpectedRevision));
      }
      ctx.notifyAppended();
      return { appended: plan.toWrite.length, duplicates: plan.duplicateIndexes.length, nextExpectedVersion: Number(result.nextExpectedRevision) };
    }
  });
}

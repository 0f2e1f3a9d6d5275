import { eventFingerprint, type VtEvent } from '../../../events/src';
import type { IdempotencyCheck } from '../event-store.port';
import type { KurrentContext } from './context';
import { guard } from './kurrent-errors';
import { classifyIds } from './plan-append';
import { readCaseStreams } from './read-case-stream';

/**
 * Reads only: which events of a batch are already stored or erased (duplicates) and which reuse an
 * id with another body (conflicts), by the same rules as appendBatch. Like appendBatch, it finds a
 * stored id only in the case stream the event names (KurrentDB has no index by event id).
 */
export function checkIdempotency(ctx: KurrentContext, events: VtEvent[]): Promise<IdempotencyCheck> {
  if (events.length === 0) return Promise.resolve({ duplicateIndexes: [], conflicts: [] });
  const ids = events.map((e) => e.id);
  const prints = events.map(eventFingerprint);
  const streams = events.map((e) => ctx.names.caseStream(e.organisation, e.caseId));
  return guard(async () => {
    await ctx.erased.refresh();
    const states = await readCaseStreams(ctx.client, streams);
    const { duplicateIndexes, conflicts } = classifyIds(ids, prints, (i) => {
      const erased = ctx.erased.knownAs(ids[i], prints[i]);
      if (erased) return erased;
      const fingerprint = states.get(streams[i])?.fingerprints.get(ids[i].toLowerCase());
      return fingerprint === undefined ? undefined : { fingerprint };
    });
    return { duplicateIndexes, conflicts };
  });
}

import { FORWARDS, START as CLIENT_START, streamNameFilter, type ReadPosition } from '@kurrent/kurrentdb-client';
import { START, type Position, type ReadAllPage, type RecordedEvent } from '../event-store.port';
import type { KurrentContext } from './context';
import { guard } from './kurrent-errors';
import { compareLogPositions, parsePositionToken, type LogPosition } from './position';
import { toRecordedEvent } from './recorded-event';

export const DEFAULT_READ_ALL_LIMIT = 1000;

/**
 * Case events after `from` in $all order, at most `limit`.
 *
 * The read is filtered on the server to streams starting with the case prefix (which leaves out
 * system streams, `$$…` metadata streams and other namespaces); what is not a case event of this
 * store is dropped here too. Reading $all from a position includes the event at that position,
 * so events at or before `from` are skipped: a page holds only events strictly after `from`.
 *
 * Events of erased cases are skipped as well. A soft-deleted stream hides its events from stream
 * reads at once, but $all keeps returning them until the next scavenge; their ids are in the
 * erased-id set, which is refreshed before the read. When skipped events make a read come back
 * short, the next chunk is read, so a page is only shorter than `limit` at the end of $all.
 *
 * $all is the server's log in commit order, so no event can later appear before a position that
 * was already read: `next` never passes an event that is still to come.
 */
export function readAll(ctx: KurrentContext, from: Position = START, limit = DEFAULT_READ_ALL_LIMIT): Promise<ReadAllPage> {
  const start = parsePositionToken(from);
  if (!Number.isInteger(limit) || limit < 1) throw new Error(`limit must be a positive integer, not ${limit}`);
  return guard(async () => {
    await ctx.erased.refresh();
    const events: RecordedEvent[] = [];
    let after: LogPosition | undefined = start === 'start' ? undefined : start;
    let cursor: ReadPosition = start === 'start' ? CLIENT_START : start;
    const filter = streamNameFilter({ prefixes: [ctx.names.casePrefix] });
    for (;;) {
      // One more than wanted: the first may be the event at `cursor` itself.
      const want = limit - events.length + 1;
      let got = 0;
      let last: LogPosition | undefined;
      for await (const resolved of ctx.client.readAll({ fromPosition: cursor, direction: FORWARDS, maxCount: want, resolveLinkTos: false, filter })) {
        got++;
        const event = resolved.event;
        if (!event) continue;
        const position: LogPosition = event.position;
        last = position;
        if (after && compareLogPositions(position, after) <= 0) continue;
        if (!ctx.names.isCaseStream(event.streamId) || ctx.erased.has(event.id)) continue;
        const recorded = toRecordedEvent(resolved);
        if (!recorded) continue;
        events.push(recorded);
        if (events.length >= limit) break;
      }
      if (events.length >= limit || got < want || !last) break;
      after = last;
      cursor = last;
    }
    return { events, next: events.length > 0 ? events[events.length - 1].position : from };
  });
}

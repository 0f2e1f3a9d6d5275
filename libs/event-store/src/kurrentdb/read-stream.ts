import type { RecordedEvent } from '../event-store.port';
import type { KurrentContext } from './context';
import { guard } from './kurrent-errors';
import { readCaseStream } from './read-case-stream';
import { toRecordedEvent } from './recorded-event';

/** The events of one case in stream order; [] for a case never written or erased. */
export function readStream(ctx: KurrentContext, organisation: string, caseId: string): Promise<RecordedEvent[]> {
  return guard(async () => {
    const state = await readCaseStream(ctx.client, ctx.names.caseStream(organisation, caseId));
    const out: RecordedEvent[] = [];
    for (const resolved of state.events) {
      const event = toRecordedEvent(resolved);
      if (event) out.push(event);
    }
    return out;
  });
}

import { FORWARDS } from '@kurrent/kurrentdb-client';
import type { Erasure } from '../event-store.port';
import type { KurrentContext } from './context';
import { CASE_ERASED } from './erase-case';
import { guard, isStreamNotFound } from './kurrent-errors';

/** Every erasure so far, oldest first, from the `vt-erasures` stream. */
export function listErasures(ctx: KurrentContext): Promise<Erasure[]> {
  return guard(async () => {
    const out: Erasure[] = [];
    try {
      for await (const resolved of ctx.client.readStream(ctx.names.erasures, { direction: FORWARDS })) {
        const event = resolved.event;
        if (!event || event.type !== CASE_ERASED || !event.isJson) continue;
        const d = event.data as { organisation?: unknown; erasedAt?: unknown; eventsErased?: unknown };
        if (typeof d.organisation !== 'string' || typeof d.eventsErased !== 'number') continue;
        const erasedAt = typeof d.erasedAt === 'string' ? new Date(d.erasedAt) : event.created;
        out.push({ organisation: d.organisation, erasedAt: erasedAt.toISOString(), eventsErased: d.eventsErased });
      }
    } catch (err) {
      if (!isStreamNotFound(err)) throw err;
    }
    return out;
  });
}

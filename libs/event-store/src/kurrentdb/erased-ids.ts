import { FORWARDS, jsonEvent, type KurrentDBClient } from '@kurrent/kurrentdb-client';
import { hashEventId } from '../sql/hash-event-id';
import { isStreamNotFound } from './kurrent-errors';

export const EVENT_IDS_ERASED = 'EventIdsErased';

/**
 * The hashes of erased event ids, read from the `vt-erased-ids` stream and kept in memory (one
 * 64-character hash per erased event; erasures are rare). `refresh` reads only what was added
 * since the last refresh, so calling it before every write and every readAll page is cheap.
 *
 * The set does two jobs: a re-sent copy of an erased event counts as a duplicate (as in the SQL
 * store), and readAll skips erased events that KurrentDB still returns from $all until the next
 * scavenge (a soft-deleted stream hides its events from stream reads at once, not from $all).
 */
export class ErasedIds {
  private readonly hashes = new Set<string>();
  private nextRevision = 0n;
  private refreshing?: Promise<void>;

  constructor(private readonly client: KurrentDBClient, private readonly stream: string) {}

  get size(): number {
    return this.hashes.size;
  }

  has(eventId: string): boolean {
    return this.hashes.size > 0 && this.hashes.has(hashEventId(eventId));
  }

  /** Catches up with `vt-erased-ids`; concurrent callers share one read. */
  refresh(): Promise<void> {
    this.refreshing ??= this.readNew().finally(() => {
      this.refreshing = undefined;
    });
    return this.refreshing;
  }

  /** Records the hashes of the events about to be erased (before they are deleted). */
  async record(eventIds: string[]): Promise<void> {
    if (eventIds.length === 0) return;
    const hashes = [...new Set(eventIds.map(hashEventId))];
    await this.client.appendToStream(this.stream, jsonEvent({ type: EVENT_IDS_ERASED, data: { hashes } }));
    for (const h of hashes) this.hashes.add(h);
  }

  private async readNew(): Promise<void> {
    try {
      for await (const resolved of this.client.readStream(this.stream, { direction: FORWARDS, fromRevision: this.nextRevision, requiresLeader: true })) {
        const event = resolved.event;
        if (!event) continue;
        this.nextRevision = event.revision + 1n;
        const hashes = event.isJson ? (event.data as { hashes?: unknown }).hashes : undefined;
        if (Array.isArray(hashes)) for (const h of hashes) if (typeof h === 'string') this.hashes.add(h);
      }
    } catch (err) {
      if (isStreamNotFound(err)) return;
      throw err;
    }
  }
}

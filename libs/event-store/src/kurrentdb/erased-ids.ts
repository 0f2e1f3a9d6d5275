import { FORWARDS, jsonEvent, type KurrentDBClient } from '@kurrent/kurrentdb-client';
import { hashErasedCopy, hashEventId, isCopyOfErased } from '../sql/hash-event-id';
import type { KnownId } from './plan-append';
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
  /** Hash of each erased id, with the hash of its body (`hashErasedCopy`; null when erased before it was kept). */
  private readonly hashes = new Map<string, string | null>();
  private nextRevision = 0n;
  private refreshing?: Promise<void>;

  constructor(private readonly client: KurrentDBClient, private readonly stream: string) {}

  get size(): number {
    return this.hashes.size;
  }

  has(eventId: string): boolean {
    return this.hashes.size > 0 && this.hashes.has(hashEventId(eventId));
  }

  /**
   * What an erasure left of this id, for the idempotency check: 'erased' for a copy of the erased
   * event (a duplicate: it must not bring the case back), a fingerprint no event has for the id
   * with another body (a conflict), nothing for an id never erased.
   */
  knownAs(eventId: string, fingerprint: string): KnownId {
    if (this.hashes.size === 0) return undefined;
    const hash = hashEventId(eventId);
    if (!this.hashes.has(hash)) return undefined;
    return isCopyOfErased(this.hashes.get(hash)!, eventId, fingerprint) ? 'erased' : { fingerprint: 'erased with another body' };
  }

  /** Catches up with `vt-erased-ids`; concurrent callers share one read. */
  refresh(): Promise<void> {
    this.refreshing ??= this.readNew().finally(() => {
      this.refreshing = undefined;
    });
    return this.refreshing;
  }

  /** Records the hashes of the events about to be erased (before they are deleted): of each id, and of each id with its body. */
  async record(events: { id: string; fingerprint: string }[]): Promise<void> {
    if (events.length === 0) return;
    const hashes = events.map((e) => hashEventId(e.id));
    const copies = events.map((e) => hashErasedCopy(e.id, e.fingerprint));
    await this.client.appendToStream(this.stream, jsonEvent({ type: EVENT_IDS_ERASED, data: { hashes, copies } }));
    hashes.forEach((h, i) => this.hashes.set(h, copies[i]));
  }

  private async readNew(): Promise<void> {
    try {
      for await (const resolved of this.client.readStream(this.stream, { direction: FORWARDS, fromRevision: this.nextRevision, requiresLeader: true })) {
        const event = resolved.event;
        if (!event) continue;
        this.nextRevision = event.revision + 1n;
        const data = event.isJson ? (event.data as { hashes?: unknown; copies?: unknown }) : undefined;
        const copies = Array.isArray(data?.copies) ? data.copies : [];
        if (Array.isArray(data?.hashes)) data.hashes.forEach((h, i) => typeof h === 'string' && this.hashes.set(h, typeof copies[i] === 'string' ? copies[i] : null));
      }
    } catch (err) {
      if (isStreamNotFound(err)) return;
      throw err;
    }
  }
}

import { FORWARDS, type KurrentDBClient, type ResolvedEvent } from '@kurrent/kurrentdb-client';
import { isStreamNotFound, isStreamTombstoned } from './kurrent-errors';
import { caseEventBody, storedFingerprint } from './recorded-event';

/** A case stream as a writer sees it just before appending. */
export interface CaseStreamState {
  stream: string;
  events: ResolvedEvent[];
  /**
   * Revision of the stream's last event; undefined when the stream has no readable events (never
   * written, or soft-deleted by an erasure: KurrentDB then accepts `NO_STREAM` and continues the
   * revisions where the deleted stream left off).
   */
  lastRevision?: bigint;
  /** Fingerprint of every case event in the stream, by lower-cased event id. */
  fingerprints: Map<string, string>;
}

/**
 * Reads one whole case stream (case streams are small: tens of events). `requiresLeader` for the
 * reads that decide a write, so that a follower lagging behind cannot hide an event just written.
 */
export async function readCaseStream(client: KurrentDBClient, stream: string, options: { requiresLeader?: boolean } = {}): Promise<CaseStreamState> {
  const state: CaseStreamState = { stream, events: [], fingerprints: new Map() };
  try {
    for await (const resolved of client.readStream(stream, { direction: FORWARDS, requiresLeader: options.requiresLeader ?? false })) {
      const event = resolved.event;
      if (!event) continue;
      state.events.push(resolved);
      state.lastRevision = event.revision;
      const body = caseEventBody(event);
      if (body) state.fingerprints.set(event.id.toLowerCase(), storedFingerprint(event, body));
    }
  } catch (err) {
    if (isStreamNotFound(err) || isStreamTombstoned(err)) return { stream, events: [], fingerprints: new Map() };
    throw err;
  }
  return state;
}

/** Reads several case streams, a few at a time. */
export async function readCaseStreams(client: KurrentDBClient, streams: string[], options: { requiresLeader?: boolean; concurrency?: number } = {}): Promise<Map<string, CaseStreamState>> {
  const out = new Map<string, CaseStreamState>();
  const queue = [...new Set(streams)];
  const workers = Array.from({ length: Math.min(options.concurrency ?? 16, queue.length) }, async () => {
    for (let stream = queue.shift(); stream !== undefined; stream = queue.shift()) {
      out.set(stream, await readCaseStream(client, stream, options));
    }
  });
  await Promise.all(workers);
  return out;
}

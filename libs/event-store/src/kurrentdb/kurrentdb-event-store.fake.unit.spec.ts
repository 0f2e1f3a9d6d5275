import { EventEmitter } from 'node:events';
import type { AllStreamSubscription, EventData, KurrentDBClient } from '@kurrent/kurrentdb-client';
import { eersteContact, melding, triage } from '../../../../test/support/event-factory';
import { StoreUnavailableError } from '../errors';
import { describeEventStoreContract } from '../event-store.contract';
import { isUnavailable } from './kurrent-errors';
import { KurrentDbEventStore } from './kurrentdb-event-store';

/**
 * An in-memory stand-in for the KurrentDB client, for running the store's logic where no server
 * can run. It copies the server behaviour the store relies on, as the client's .d.ts files and the
 * server's commit check describe it: revisions per stream; `NO_STREAM` accepted on a soft-deleted
 * stream, which then continues its revisions; soft-deleted streams read as "not found" while $all
 * still returns their events (until a scavenge); a scavenge keeps a deleted stream's last event;
 * reads of $all include the event at `fromPosition`; the multi-stream appends compare stream names
 * ignoring case; errors carry the client's `type` strings. Where the server's source was read to
 * settle a point (KurrentDB v25.1.0 and v26.1.0), the comment names the place. It is no proof that the real server agrees: the int
 * spec (KURRENTDB_URL) is.
 */
interface Rec {
  streamId: string;
  id: string;
  type: string;
  revision: bigint;
  created: Date;
  data: unknown;
  metadata: unknown;
  isJson: true;
  position: { commit: bigint; prepare: bigint };
}

interface FakeStream {
  events: Rec[];
  last: bigint;
  softDeleted: boolean;
  truncateBefore: bigint;
}

class FakeError extends Error {
  constructor(readonly type: string, message: string, extra: Record<string, unknown> = {}) {
    super(message);
    Object.assign(this, extra);
  }
}

type StreamState = 'any' | 'no_stream' | 'stream_exists' | bigint;

class FakeServer {
  readonly streams = new Map<string, FakeStream>();
  readonly log: Rec[] = [];
  readonly appended = new EventEmitter();
  private nextPosition = 1_000n;
  down = false;
  /** Runs once before the next write of a case stream (to let "another writer" slip in). */
  beforeWrite?: (stream: string) => void;

  constructor(readonly features: { appendRecords: boolean; multiStreamAppend: boolean; refusesNoStreamOnDeleted?: boolean }) {
    this.appended.setMaxListeners(0);
  }

  stream(name: string): FakeStream {
    let s = this.streams.get(name);
    if (!s) this.streams.set(name, (s = { events: [], last: -1n, softDeleted: false, truncateBefore: 0n }));
    return s;
  }

  /** The commit check of the server's IndexWriter, reduced to what matters here. */
  accepts(s: FakeStream, state: StreamState): boolean {
    if (state === 'any') return true;
    if (state === 'no_stream') return s.last === -1n || s.softDeleted;
    if (state === 'stream_exists') return s.last >= 0n && !s.softDeleted;
    return s.last === state;
  }

  actual(s: FakeStream): 'no_stream' | bigint {
    return s.last === -1n ? 'no_stream' : s.last;
  }

  write(streamName: string, event: EventData, extraMetadata: Record<string, string> = {}): Rec {
    const s = this.stream(streamName);
    const revision = s.last + 1n;
    if (s.softDeleted) {
      s.softDeleted = false;
      s.truncateBefore = revision;
    }
    this.nextPosition += 37n;
    const rec: Rec = {
      streamId: streamName,
      id: event.id,
      type: event.type,
      revision,
      created: new Date(),
      data: JSON.parse(JSON.stringify(event.data)),
      metadata: event.metadata === undefined ? undefined : { ...JSON.parse(JSON.stringify(event.metadata)), ...extraMetadata },
      isJson: true,
      position: { commit: this.nextPosition, prepare: this.nextPosition },
    };
    s.events.push(rec);
    s.last = revision;
    this.log.push(rec);
    setImmediate(() => this.appended.emit('record', rec));
    return rec;
  }

  hook(streamName: string): void {
    const hook = this.beforeWrite;
    if (hook && !streamName.includes('vt-erase')) {
      this.beforeWrite = undefined;
      hook(streamName);
    }
  }

  /**
   * What a scavenge removes: the events before a stream's truncation point ($tb) and every event of
   * a soft-deleted stream, except the stream's last event, which the scavenger never removes (its
   * Calculator.cs: "the discard points will never discard the last event from the stream").
   */
  scavenge(): void {
    const gone = new Set<Rec>();
    for (const s of this.streams.values()) {
      const last = s.events[s.events.length - 1];
      for (const e of s.events) if ((s.softDeleted || e.revision < s.truncateBefore) && e !== last) gone.add(e);
      s.events = s.events.filter((e) => !gone.has(e));
    }
    const kept = this.log.filter((e) => !gone.has(e));
    this.log.length = 0;
    this.log.push(...kept);
  }

  /** The multi-stream appends' view of a name: the first spelling in the request, ignoring case (StreamsService.cs). */
  static sameIgnoringCase(names: string[]): Map<string, string> {
    const first = new Map<string, string>();
    const spelling = new Map<string, string>();
    for (const n of names) {
      if (!first.has(n.toLowerCase())) first.set(n.toLowerCase(), n);
      spelling.set(n, first.get(n.toLowerCase())!);
    }
    return spelling;
  }

  checkUp(): void {
    if (this.down) throw Object.assign(new Error('14 UNAVAILABLE: No connection established. Last error: connect ECONNREFUSED'), { code: 14 });
  }
}

function fakeClient(server: FakeServer): KurrentDBClient {
  const client = {
    async *readStream(name: string, options: { direction?: string; fromRevision?: 'start' | 'end' | bigint; maxCount?: number | bigint } = {}) {
      if (server.down) throw new FakeError('unavailable', 'UnavailableError');
      const s = server.streams.get(name);
      const visible = s && !s.softDeleted ? s.events.filter((e) => e.revision >= s.truncateBefore) : [];
      if (visible.length === 0) throw new FakeError('stream-not-found', `${name} not found`);
      let events = options.direction === 'backwards' ? [...visible].reverse() : visible;
      if (typeof options.fromRevision === 'bigint') {
        const from = options.fromRevision;
        events = events.filter((e) => (options.direction === 'backwards' ? e.revision <= from : e.revision >= from));
      }
      for (const e of events.slice(0, Number(options.maxCount ?? Number.MAX_SAFE_INTEGER))) yield { event: e, commitPosition: e.position.commit };
    },

    async *readAll(options: { fromPosition?: 'start' | 'end' | { commit: bigint; prepare: bigint }; maxCount?: number | bigint; filter?: { prefixes?: string[] } } = {}) {
      if (server.down) throw new FakeError('unavailable', 'UnavailableError');
      const from = options.fromPosition;
      let n = 0;
      for (const e of [...server.log]) {
        if (typeof from === 'object' && (e.position.commit < from.commit || (e.position.commit === from.commit && e.position.prepare < from.prepare))) continue;
        if (options.filter?.prefixes && !options.filter.prefixes.some((p) => e.streamId.startsWith(p))) continue;
        if (n++ >= Number(options.maxCount ?? Number.MAX_SAFE_INTEGER)) return;
        yield { event: e, commitPosition: e.position.commit };
      }
    },

    async appendToStream(name: string, events: EventData | EventData[], options: { streamState?: StreamState } = {}) {
      server.checkUp();
      server.hook(name);
      const s = server.stream(name);
      const state = options.streamState ?? 'any';
      if (!server.accepts(s, state)) {
        throw new FakeError('wrong-expected-version', `wrong expected version on ${name}`, { streamName: name, expectedState: state, actualState: server.actual(s) });
      }
      let last: Rec | undefined;
      for (const e of Array.isArray(events) ? events : [events]) last = server.write(name, e);
      return { success: true, nextExpectedRevision: s.last, position: last?.position };
    },

    async appendRecords(records: { streamName: string; record: EventData }[], checks: { streamName: string; expectedState: StreamState }[] = []) {
      server.checkUp();
      if (!server.features.appendRecords) throw new FakeError('unsupported', 'appendRecords needs 26.1');
      for (const r of records) server.hook(r.streamName);
      // 26.1 indexes the request's streams ignoring case (StreamsService.cs:199): a record of a
      // second spelling goes into the first spelling's stream.
      const spelling = FakeServer.sameIgnoringCase(records.map((r) => r.streamName));
      // A soft-deleted stream's actual state is "-5n" (the client's types); NO_STREAM is accepted on
      // it, as for single-stream appends (IndexWriter.cs:283,293 at v26.1.0).
      // `refusesNoStreamOnDeleted`: a server that would not (the store must survive either reading).
      const violations = checks
        .filter((c) => (server.features.refusesNoStreamOnDeleted && server.stream(c.streamName).softDeleted) || !server.accepts(server.stream(c.streamName), c.expectedState))
        .map((c, checkIndex) => {
          const s = server.stream(c.streamName);
          return { checkIndex, streamName: c.streamName, expectedState: c.expectedState, actualState: s.softDeleted ? -5n : server.actual(s) };
        });
      if (violations.length > 0) throw new FakeError('append-consistency-violation', 'consistency violation', { violations });
      for (const r of records) server.write(spelling.get(r.streamName)!, r.record, { '$schema.format': 'Json', '$schema.name': r.record.type });
      return { position: 0n, responses: [] };
    },

    async multiStreamAppend(requests: { streamName: string; events: EventData[]; expectedState: StreamState }[]) {
      server.checkUp();
      if (!server.features.multiStreamAppend) throw new FakeError('unsupported', 'multiStreamAppend needs 25.1');
      for (const r of requests) server.hook(r.streamName);
      const names = requests.map((r) => r.streamName);
      if (new Set(names).size !== names.length) throw new Error('fake: a stream appears twice in one multiStreamAppend');
      // 25.1 refuses a second spelling of a stream in one session (StreamAlreadyInAppendSession,
      // StreamsService.cs:172-175), which the client reports as a timeout.
      if (new Set(FakeServer.sameIgnoringCase(names).values()).size !== names.length) throw new FakeError('timeout', 'TimeoutError');
      for (const r of requests) {
        const s = server.stream(r.streamName);
        if (!server.accepts(s, r.expectedState)) {
          throw new FakeError('wrong-expected-version', 'revision conflict', { streamName: r.streamName, expectedState: r.expectedState, actualState: server.actual(s) });
        }
      }
      for (const r of requests) for (const e of r.events) server.write(r.streamName, e, { '$schema.format': 'Json', '$schema.name': e.type });
      return { position: 0n, responses: [] };
    },

    async deleteStream(name: string, options: { expectedRevision?: StreamState } = {}) {
      server.checkUp();
      const s = server.streams.get(name);
      if (!s || s.last === -1n) throw new FakeError('stream-not-found', `${name} not found`);
      if (!server.accepts(s, options.expectedRevision ?? 'any')) {
        throw new FakeError('wrong-expected-version', 'delete: wrong expected version', { streamName: name, actualState: server.actual(s) });
      }
      s.softDeleted = true;
      // Soft delete writes stream metadata ($tb) to the `$$` stream: a system event in $all.
      server.write(`$$${name}`, { id: crypto.randomUUID(), contentType: 'application/json', type: '$metadata', data: { $tb: '9223372036854775807' }, metadata: undefined });
      return {};
    },

    subscribeToAll(options: { filter?: { prefixes?: string[] } } = {}): AllStreamSubscription {
      const sub = new EventEmitter() as EventEmitter & { unsubscribe(): Promise<void> };
      const onRecord = (rec: Rec) => {
        if (!options.filter?.prefixes || options.filter.prefixes.some((p) => rec.streamId.startsWith(p))) sub.emit('data', { event: rec });
      };
      server.appended.on('record', onRecord);
      sub.unsubscribe = async () => void server.appended.off('record', onRecord);
      return sub as unknown as AllStreamSubscription;
    },

    async dispose() {},
  };
  return client as unknown as KurrentDBClient;
}

let nsCounter = 0;
function openFake(server: FakeServer): KurrentDbEventStore {
  return KurrentDbEventStore.fromClient(fakeClient(server), { namespace: `t${++nsCounter}-` });
}

describe('KurrentDbEventStore on a fake KurrentDB client', () => {
  describeEventStoreContract('kurrentdb (fake, appendRecords)', async () => openFake(new FakeServer({ appendRecords: true, multiStreamAppend: true })));
  describeEventStoreContract('kurrentdb (fake, multiStreamAppend only)', async () => openFake(new FakeServer({ appendRecords: false, multiStreamAppend: true })));
  describeEventStoreContract('kurrentdb (fake, single-stream appends only)', async () => openFake(new FakeServer({ appendRecords: false, multiStreamAppend: false })));

  it('stores an event only once when another writer slips in between read and write', async () => {
    const server = new FakeServer({ appendRecords: true, multiStreamAppend: true });
    const store = openFake(server);
    const streamA = `t${nsCounter}-vt-case-VTIJ-A`;
    const a = melding('A');
    const b = melding('B');
    // Another writer stores `a` itself; our write is refused, re-read, and `a` becomes a duplicate.
    server.beforeWrite = () => void server.write(streamA, toData(a), {});
    expect(await store.appendBatch([a, b])).toEqual({ appended: 1, duplicates: 1, duplicateIndexes: [0] });
    expect((await store.readStream('VTIJ', 'A')).map((e) => e.id)).toEqual([a.id]);
    expect((await store.readStream('VTIJ', 'B')).map((e) => e.id)).toEqual([b.id]);
    await store.close();
  });

  it('counts events it wrote itself before a lost race as appended, not as duplicates (per-stream writes)', async () => {
    const server = new FakeServer({ appendRecords: false, multiStreamAppend: false });
    const store = openFake(server);
    const ns = `t${nsCounter}-`;
    const batch = [melding('P'), melding('Q'), eersteContact('P')];
    let writes = 0;
    const intrude = (stream: string) => {
      writes++;
      if (stream === `${ns}vt-case-VTIJ-Q`) server.write(stream, toData(melding('Q', '2024-01-01T00:00:00Z')), {});
      else server.beforeWrite = intrude;
    };
    server.beforeWrite = intrude;
    expect(await store.appendBatch(batch)).toEqual({ appended: 3, duplicates: 0, duplicateIndexes: [] });
    expect(writes).toBe(2);
    expect((await store.readStream('VTIJ', 'P')).map((e) => e.id)).toEqual([batch[0].id, batch[2].id]);
    expect(await store.readStream('VTIJ', 'Q')).toHaveLength(2);
    await store.close();
  });

  it('keeps the batch order in $all when it has to write stream by stream', async () => {
    const server = new FakeServer({ appendRecords: false, multiStreamAppend: true });
    const store = openFake(server);
    const batch = [melding('A'), melding('B'), eersteContact('A'), triage('B')];
    await store.appendBatch(batch);
    expect((await store.readAll()).events.map((e) => e.id)).toEqual(batch.map((e) => e.id));
    await store.close();
  });

  it('continues the revisions of an erased case that starts again, with no_stream accepted', async () => {
    const store = openFake(new FakeServer({ appendRecords: true, multiStreamAppend: true }));
    await store.appendToStream('VTIJ', 'Z', [melding('Z'), eersteContact('Z')], { expectedVersion: 'no_stream' });
    await store.eraseCase('VTIJ', 'Z');
    const again = await store.appendToStream('VTIJ', 'Z', [melding('Z')], { expectedVersion: 'no_stream' });
    // Revisions 0 and 1 were the case's events, 2 the erasure's marker.
    expect(again).toEqual({ appended: 1, duplicates: 0, nextExpectedVersion: 3 });
    expect((await store.readStream('VTIJ', 'Z')).map((e) => e.streamVersion)).toEqual([3]);
    await store.close();
  });

  it('writes a batch that starts an erased case again stream by stream when appendRecords refuses the deleted stream', async () => {
    const store = openFake(new FakeServer({ appendRecords: true, multiStreamAppend: true, refusesNoStreamOnDeleted: true }));
    await store.appendBatch([melding('R'), eersteContact('R')]);
    await store.eraseCase('VTIJ', 'R');
    const batch = [melding('R', '2024-05-01T09:00:00+02:00'), melding('S')];
    expect(await store.appendBatch(batch)).toEqual({ appended: 2, duplicates: 0, duplicateIndexes: [] });
    expect((await store.readStream('VTIJ', 'R')).map((e) => e.id)).toEqual([batch[0].id]);
    expect((await store.readStream('VTIJ', 'S')).map((e) => e.id)).toEqual([batch[1].id]);
    await store.close();
  });

  it('leaves nothing of an erased case in the log after a scavenge but an empty marker (the scavenge keeps a stream\'s last event)', async () => {
    const server = new FakeServer({ appendRecords: true, multiStreamAppend: true });
    const store = openFake(server);
    const stream = `t${nsCounter}-vt-case-VTIJ-E`;
    await store.appendBatch([melding('E'), eersteContact('E'), melding('F')]);
    expect(await store.eraseCase('VTIJ', 'E')).toEqual({ eventsErased: 2 });
    server.scavenge();
    const left = server.log.filter((r) => r.streamId === stream);
    expect(left.map((r) => [r.type, r.data])).toEqual([['StreamErased', {}]]);
    // No event anywhere in the log holds the case's data any more.
    expect(server.log.filter((r) => JSON.stringify(r.data).includes('"caseId":"E"'))).toEqual([]);
    expect((await store.readAll()).events.map((e) => e.caseId)).toEqual(['F']);
    expect(await store.readStream('VTIJ', 'E')).toEqual([]);
    await store.close();
  });

  it('completes an erasure that stopped after its marker, without a second marker', async () => {
    const server = new FakeServer({ appendRecords: true, multiStreamAppend: true });
    const store = openFake(server);
    const stream = `t${nsCounter}-vt-case-VTIJ-G`;
    await store.appendBatch([melding('G'), eersteContact('G')]);
    server.write(stream, { id: crypto.randomUUID(), contentType: 'application/json', type: 'StreamErased', data: {}, metadata: undefined });
    // The marker is no case event: the case reads as before.
    expect((await store.readStream('VTIJ', 'G')).map((e) => e.type)).toEqual(['MeldingOntvangen', 'EersteContactGelegd']);
    expect(await store.eraseCase('VTIJ', 'G')).toEqual({ eventsErased: 2 });
    expect(server.streams.get(stream)!.events.map((r) => r.type)).toEqual(['MeldingOntvangen', 'EersteContactGelegd', 'StreamErased']);
    expect(server.streams.get(stream)!.softDeleted).toBe(true);
    await store.close();
  });

  it.each([
    ['appendRecords (26.1: one stream for both spellings)', { appendRecords: true, multiStreamAppend: true }],
    ['multiStreamAppend (25.1: refuses the second spelling)', { appendRecords: false, multiStreamAppend: true }],
  ])('keeps case ids that differ only in case apart in one batch, with %s', async (_, features) => {
    const store = openFake(new FakeServer(features));
    // Grouped by case, so that multiStreamAppend would take it.
    const batch = [melding('abc'), eersteContact('abc'), melding('ABC')];
    expect(await store.appendBatch(batch)).toEqual({ appended: 3, duplicates: 0, duplicateIndexes: [] });
    expect((await store.readStream('VTIJ', 'abc')).map((e) => e.id)).toEqual([batch[0].id, batch[1].id]);
    expect((await store.readStream('VTIJ', 'ABC')).map((e) => e.id)).toEqual([batch[2].id]);
    expect(await store.appendBatch(batch)).toEqual({ appended: 0, duplicates: 3, duplicateIndexes: [0, 1, 2] });
    await store.close();
  });

  it('reports an unreachable server as StoreUnavailableError', async () => {
    const server = new FakeServer({ appendRecords: true, multiStreamAppend: true });
    const store = openFake(server);
    server.down = true;
    await expect(store.ping()).rejects.toBeInstanceOf(StoreUnavailableError);
    await expect(store.readAll()).rejects.toBeInstanceOf(StoreUnavailableError);
    await expect(store.appendBatch([melding('U')])).rejects.toBeInstanceOf(StoreUnavailableError);
    await store.close();
  });
});

describe('isUnavailable', () => {
  it("takes the native bridge's reports of a server lost on a live connection for unreachable", () => {
    // As the client's convertBridgeError gives them: UnknownError with the Rust client's message.
    for (const message of ['Server-side error: status: Internal, message: "h2 protocol error"', 'Deadline exceeded', 'Connection is closed.']) {
      expect([message, isUnavailable(Object.assign(new Error(message), { type: 'unknown' }))]).toEqual([message, true]);
    }
    expect(isUnavailable(Object.assign(new Error('Stream "x" not found'), { type: 'stream-not-found' }))).toBe(false);
  });
});

function toData(e: ReturnType<typeof melding>): EventData {
  return {
    id: e.id,
    contentType: 'application/json',
    type: e.type,
    data: { organisation: e.organisation, caseId: e.caseId, occurredAt: e.occurredAt, data: e.data },
    metadata: undefined,
  } as EventData;
}

import { eersteContact, melding, triage } from '../../../test/support/event-factory';
import { IdempotencyConflictError, WrongExpectedVersionError } from './errors';
import { START, type EventStore, type RecordedEvent } from './event-store.port';
import { CatchUpSubscription } from './subscribe-to-all';

async function readEverything(store: EventStore, pageSize = 1000): Promise<RecordedEvent[]> {
  const all: RecordedEvent[] = [];
  let from = START;
  for (;;) {
    const page = await store.readAll({ from, limit: pageSize });
    all.push(...page.events);
    if (page.events.length < pageSize) return all;
    from = page.next;
  }
}

/**
 * The behaviour every backend of the event-store port must show. Each backend's int spec runs it
 * with a function that opens a fresh, empty store.
 */
export function describeEventStoreContract(name: string, open: () => Promise<EventStore>): void {
  describe(`event store contract: ${name}`, () => {
    let store: EventStore;
    beforeEach(async () => {
      store = await open();
    });
    afterEach(async () => {
      await store.close();
    });

    it('appends to a new case stream and reads it back in order with versions from 0', async () => {
      const events = [melding('C-1'), eersteContact('C-1'), triage('C-1')];
      const result = await store.appendToStream('VTIJ', 'C-1', events, { expectedVersion: 'no_stream' });
      expect(result).toEqual({ appended: 3, duplicates: 0, nextExpectedVersion: 2 });
      const read = await store.readStream('VTIJ', 'C-1');
      expect(read.map((e) => e.id)).toEqual(events.map((e) => e.id));
      expect(read.map((e) => e.streamVersion)).toEqual([0, 1, 2]);
      expect(read[0].data).toEqual(events[0].data);
      expect(read[0].occurredAt).toBe(events[0].occurredAt);
      expect(Number.isNaN(Date.parse(read[0].recordedAt))).toBe(false);
    });

    it('refuses an append whose expected version is stale, and writes nothing', async () => {
      await store.appendToStream('VTIJ', 'C-2', [melding('C-2')], { expectedVersion: 'no_stream' });
      await store.appendToStream('VTIJ', 'C-2', [eersteContact('C-2')], { expectedVersion: 0 });
      await expect(store.appendToStream('VTIJ', 'C-2', [triage('C-2')], { expectedVersion: 0 })).rejects.toBeInstanceOf(WrongExpectedVersionError);
      await expect(store.appendToStream('VTIJ', 'C-2', [triage('C-2')], { expectedVersion: 'no_stream' })).rejects.toBeInstanceOf(WrongExpectedVersionError);
      expect(await store.readStream('VTIJ', 'C-2')).toHaveLength(2);
    });

    it('stores an event sent twice once, and reports the second as a duplicate', async () => {
      const e = melding('C-3');
      await store.appendToStream('VTIJ', 'C-3', [e], { expectedVersion: 'no_stream' });
      // A retry of the same request, with the expectation it had then, still succeeds.
      const again = await store.appendToStream('VTIJ', 'C-3', [e], { expectedVersion: 'no_stream' });
      expect(again).toEqual({ appended: 0, duplicates: 1, nextExpectedVersion: 0 });
      const batch = await store.appendBatch([e, e]);
      expect(batch).toEqual({ appended: 0, duplicates: 2, duplicateIndexes: [0, 1] });
      expect(await store.readStream('VTIJ', 'C-3')).toHaveLength(1);
    });

    it('takes an id in upper case as the same id as in lower case (a UUID), in one batch and across batches', async () => {
      const e = { ...melding('C-9'), id: '0000000a-0000-4000-8000-00000000abcd' };
      const upper = { ...e, id: e.id.toUpperCase() };
      expect(await store.appendBatch([upper, e])).toEqual({ appended: 1, duplicates: 1, duplicateIndexes: [1] });
      expect(await store.appendBatch([e])).toMatchObject({ appended: 0, duplicates: 1 });
      expect(await store.readStream('VTIJ', 'C-9')).toHaveLength(1);
      // Another body under the id in the other case is a reuse, not a new event.
      await expect(store.appendBatch([{ ...upper, data: { ...e.data, crisis: true } } as typeof e])).rejects.toBeInstanceOf(IdempotencyConflictError);
    });

    it('takes the same instant written with another offset as the same event', async () => {
      const e = melding('C-4', '2024-03-04T10:00:00+01:00');
      await store.appendBatch([e]);
      const result = await store.appendBatch([{ ...e, occurredAt: '2024-03-04T09:00:00Z' }]);
      expect(result.duplicates).toBe(1);
    });

    it('refuses a reused id with another body, and writes nothing of that batch', async () => {
      const e = melding('C-5');
      await store.appendBatch([e]);
      const fresh = melding('C-6');
      const reused = { ...e, data: { ...e.data, crisis: true } } as typeof e;
      const err = await store.appendBatch([fresh, reused]).catch((x) => x);
      expect(err).toBeInstanceOf(IdempotencyConflictError);
      expect((err as IdempotencyConflictError).conflicts).toEqual([{ index: 1, id: e.id }]);
      expect(await store.readStream('VTIJ', 'C-6')).toHaveLength(0);
      // Within one batch, too.
      const twin = melding('C-7');
      await expect(store.appendBatch([twin, { ...twin, caseId: 'C-8' }])).rejects.toBeInstanceOf(IdempotencyConflictError);
      expect(await store.readStream('VTIJ', 'C-7')).toHaveLength(0);
    });

    it('appends a batch across case streams and reads all events in one global order', async () => {
      const batch = [melding('A'), melding('B'), eersteContact('A'), melding('C'), triage('B')];
      expect(await store.appendBatch(batch)).toEqual({ appended: 5, duplicates: 0, duplicateIndexes: [] });
      const second = [triage('A'), melding('D')];
      await store.appendBatch(second);
      const all = await readEverything(store, 2);
      expect(all.map((e) => e.id)).toEqual([...batch, ...second].map((e) => e.id));
      for (let i = 1; i < all.length; i++) expect(store.comparePositions(all[i - 1].position, all[i].position)).toBeLessThan(0);
      expect((await store.readStream('VTIJ', 'A')).map((e) => e.streamVersion)).toEqual([0, 1, 2]);
      // Reading from any event's position continues right after it.
      const rest = await store.readAll({ from: all[2].position, limit: 100 });
      expect(rest.events.map((e) => e.id)).toEqual(all.slice(3).map((e) => e.id));
      expect((await store.readAll({ from: rest.next })).events).toEqual([]);
    });

    it('keeps case streams of different organisations apart', async () => {
      await store.appendBatch([melding('X-1'), melding('X-1', undefined, { organisation: 'VTNOG', data: { gemeente: 'GM0200', melder: { soort: 'particulier', groep: 'buurtbewoner' }, aard: ['kindermishandeling'], crisis: false } } as never)]);
      expect(await store.readStream('VTIJ', 'X-1')).toHaveLength(1);
      expect(await store.readStream('VTNOG', 'X-1')).toHaveLength(1);
    });

    it('serves a catch-up subscription that then follows live appends, each event once', async () => {
      const first = [melding('S-1'), melding('S-2')];
      await store.appendBatch(first);
      const seen: string[] = [];
      const sub = new CatchUpSubscription(store, { batchSize: 1, pollIntervalMs: 50, handle: async (events) => void seen.push(...events.map((e) => e.id)) }).start();
      await sub.waitUntilCaughtUp();
      expect(seen).toEqual(first.map((e) => e.id));
      const live = [triage('S-1'), melding('S-3')];
      await store.appendBatch(live);
      await store.appendToStream('VTIJ', 'S-2', [eersteContact('S-2')]);
      const deadline = Date.now() + 10_000;
      while (seen.length < 5 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
      await sub.stop();
      expect(seen.slice(2, 4)).toEqual(live.map((e) => e.id));
      expect(seen).toHaveLength(5);
      expect(new Set(seen).size).toBe(5);
    });

    it('resumes a subscription from a checkpoint without repeating or skipping', async () => {
      const events = Array.from({ length: 7 }, (_, i) => melding(`R-${i}`));
      await store.appendBatch(events);
      const all = await readEverything(store);
      const resumed: string[] = [];
      const sub = new CatchUpSubscription(store, { from: all[3].position, pollIntervalMs: 50, handle: async (es) => void resumed.push(...es.map((e) => e.id)) }).start();
      await sub.waitUntilCaughtUp();
      await sub.stop();
      expect(resumed).toEqual(all.slice(4).map((e) => e.id));
    });

    it('erases every event of one case for good and records the erasure without the case id', async () => {
      const keep = melding('K-1');
      const gone = [melding('E-1'), eersteContact('E-1')];
      await store.appendBatch([keep, ...gone]);
      expect(await store.eraseCase('VTIJ', 'E-1')).toEqual({ eventsErased: 2 });
      expect(await store.readStream('VTIJ', 'E-1')).toEqual([]);
      const all = await readEverything(store);
      expect(all.map((e) => e.id)).toEqual([keep.id]);
      const erasures = await store.listErasures();
      expect(erasures).toHaveLength(1);
      expect(erasures[0]).toMatchObject({ organisation: 'VTIJ', eventsErased: 2 });
      expect(JSON.stringify(erasures)).not.toContain('E-1');
      // An old export sent again does not bring the destroyed case back.
      expect(await store.appendBatch(gone)).toMatchObject({ appended: 0, duplicates: 2 });
      expect(await store.readStream('VTIJ', 'E-1')).toEqual([]);
      // But an erased event's id sent with another body is a reuse of the id, refused as any other.
      const reused = { ...gone[0], caseId: 'E-9' };
      const err = await store.appendBatch([reused]).catch((x) => x);
      expect(err).toBeInstanceOf(IdempotencyConflictError);
      expect((err as IdempotencyConflictError).conflicts).toEqual([{ index: 0, id: reused.id }]);
      expect((await store.checkIdempotency([reused])).conflicts).toEqual([{ index: 0, id: reused.id }]);
      await expect(store.appendToStream('VTIJ', 'E-9', [reused], { expectedVersion: 'any' })).rejects.toBeInstanceOf(IdempotencyConflictError);
      expect(await store.readStream('VTIJ', 'E-9')).toEqual([]);
      // A new case under the same id may start again.
      await store.appendBatch([melding('E-1')]);
      expect(await store.readStream('VTIJ', 'E-1')).toHaveLength(1);
    });

    it('starts an erased case again in a batch with other cases', async () => {
      await store.appendBatch([melding('E-2'), eersteContact('E-2')]);
      await store.eraseCase('VTIJ', 'E-2');
      const again = [melding('E-2'), melding('E-3'), eersteContact('E-2')];
      expect(await store.appendBatch(again)).toMatchObject({ appended: 3, duplicates: 0 });
      expect((await store.readStream('VTIJ', 'E-2')).map((e) => e.id)).toEqual([again[0].id, again[2].id]);
      expect(await store.readStream('VTIJ', 'E-3')).toHaveLength(1);
    });

    it('answers a ping', async () => {
      await expect(store.ping()).resolves.toBeUndefined();
    });
  });
}

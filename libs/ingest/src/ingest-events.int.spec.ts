import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createEventStore, StoreUnavailableError, type EventStore } from '../../event-store/src';
import type { VtEvent } from '../../events/src';
import { createTestDatabase, describeWithPostgres } from '../../../test/support/services';
import { ingestEvents, InvalidInputError, PartlyWrittenError } from './ingest-events';
import { validateRecords } from './validate-records';

jest.setTimeout(30_000);

const melding = (caseId: string, id = randomUUID()): VtEvent =>
  ({
    id,
    type: 'MeldingOntvangen',
    organisation: 'VTIJ',
    caseId,
    occurredAt: '2024-03-01T10:00:00+01:00',
    data: { gemeente: 'GM0193', melder: { soort: 'beroepsmatig', groep: 'justitie_en_veiligheid' }, aard: ['partnergeweld'], crisis: false },
  }) as VtEvent;

const batchOf = (events: VtEvent[]) => validateRecords(events.map((raw, index) => ({ index, raw })));

/**
 * A store through which another writer stores `intruder` (the input's id with another body) just
 * before the import's second chunk: between the import's read-only first pass and that chunk.
 */
function withConcurrentWriter(store: EventStore, intruder: VtEvent): EventStore {
  let calls = 0;
  return new Proxy(store, {
    get(target, prop, receiver) {
      if (prop === 'appendBatch')
        return async (events: VtEvent[]) => {
          if (calls++ === 1) await target.appendBatch([intruder]);
          return target.appendBatch(events);
        };
      const value = Reflect.get(target, prop, receiver);
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });
}

describeWithPostgres('ingestEvents with another writer storing one of its ids meanwhile (PostgreSQL)', () => {
  let db: { url: string; drop: () => Promise<void> };
  let store: EventStore;
  beforeEach(async () => {
    db = await createTestDatabase();
    store = await createEventStore(db.url);
  });
  afterEach(async () => {
    await store.close();
    await db.drop();
  });

  const input = () => Array.from({ length: 6 }, (_, i) => melding(`C-${i}`));

  it('says what the chunks before it stored, and writes nothing of its chunk or after', async () => {
    const events = input();
    const intruder = { ...events[3], caseId: 'OTHER-1' } as VtEvent; // id of the 4th event, another body
    const failure = await ingestEvents(withConcurrentWriter(store, intruder), batchOf(events), { chunkSize: 2 }).catch((err: Error) => err);
    expect(failure).toBeInstanceOf(PartlyWrittenError);
    const partly = failure as PartlyWrittenError;
    expect(partly).toBeInstanceOf(InvalidInputError);
    expect({ appended: partly.appended, duplicates: partly.duplicates }).toEqual({ appended: 2, duplicates: 0 });
    expect(partly.problems).toEqual([{ index: 3, field: 'id', message: `event id ${events[3].id} is already stored with another body` }]);
    expect(partly.message).toMatch(/the 2 events appended before it are kept/);
    const stored = await store.readAll({ limit: 100 });
    expect(stored.events.map((e) => e.caseId).sort()).toEqual(['C-0', 'C-1', 'OTHER-1']);
  });

  it('with skipInvalid rejects that event and stores the rest of its chunk and after', async () => {
    const events = input();
    const intruder = { ...events[3], caseId: 'OTHER-1' } as VtEvent;
    const summary = await ingestEvents(withConcurrentWriter(store, intruder), batchOf(events), { chunkSize: 2, skipInvalid: true });
    expect(summary).toEqual({ appended: 5, duplicates: 0, rejected: [{ index: 3, field: 'id', message: `event id ${events[3].id} is already stored with another body` }] });
    const stored = await store.readAll({ limit: 100 });
    expect(stored.events.map((e) => e.caseId).sort()).toEqual(['C-0', 'C-1', 'C-2', 'C-4', 'C-5', 'OTHER-1']);
  });
});

describe('ingestEvents with invalid records (embedded store)', () => {
  let dir: string;
  let store: EventStore;
  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), 'vt-ingest-'));
    store = await createEventStore(`embedded:${dir}`);
  });
  afterEach(async () => {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('lists in one run every problem: invalid records, and ids reused with another body in the input or in the store; writes nothing', async () => {
    const stored = melding('S-1');
    await store.appendBatch([stored]);
    const a = melding('A-1');
    const { caseId: _caseId, ...noCase } = melding('B-1');
    const records = [a, noCase, { ...a, occurredAt: '2024-03-02T10:00:00+01:00' }, { ...stored, caseId: 'S-2' }];
    const failure = await ingestEvents(store, validateRecords(records.map((raw, index) => ({ index, raw })))).catch((err: Error) => err);
    expect(failure).toBeInstanceOf(InvalidInputError);
    expect((failure as InvalidInputError).problems.map((p) => [p.index, p.field, p.message])).toEqual([
      [1, 'caseId', expect.any(String)],
      [2, 'id', `event id ${a.id} appears earlier in the input with another body`],
      [3, 'id', `event id ${stored.id} is already stored with another body`],
    ]);
    expect((await store.readAll({ limit: 100 })).events.map((e) => e.caseId)).toEqual(['S-1']);
  });

  it('still lists the invalid records when the store cannot be reached for the reused ids', async () => {
    const { caseId: _caseId, ...noCase } = melding('B-1');
    const unreachable = new Proxy(store, {
      get(target, prop, receiver) {
        if (prop === 'checkIdempotency') return async () => Promise.reject(new StoreUnavailableError('the database could not be reached'));
        const value = Reflect.get(target, prop, receiver);
        return typeof value === 'function' ? value.bind(target) : value;
      },
    });
    const failure = await ingestEvents(unreachable, validateRecords([melding('A-1'), noCase].map((raw, index) => ({ index, raw })))).catch((err: Error) => err);
    expect(failure).toBeInstanceOf(InvalidInputError);
    expect((failure as InvalidInputError).problems.map((p) => [p.index, p.field])).toEqual([[1, 'caseId']]);
  });
});

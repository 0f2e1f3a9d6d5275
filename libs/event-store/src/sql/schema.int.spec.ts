import { Client } from 'pg';
import { createTestDatabase, describeWithPostgres } from '../../../../test/support/services';
import { createEventStore } from '../create-event-store';
import { START } from '../event-store.port';
import { melding } from '../../../../test/support/event-factory';

/** Resolves with what `promise` gave, or 'still waiting' after `ms`. */
const within = <T>(promise: Promise<T>, ms: number): Promise<T | 'still waiting'> =>
  Promise.race([promise, new Promise<'still waiting'>((resolve) => setTimeout(() => resolve('still waiting'), ms))]);

describeWithPostgres('the event log schema (PostgreSQL)', () => {
  it('is created once when several processes open an empty database at the same moment', async () => {
    const db = await createTestDatabase();
    try {
      const stores = await Promise.all(Array.from({ length: 6 }, () => createEventStore(db.url)));
      await stores[0].appendBatch([melding('S-1')]);
      expect((await stores[5].readAll({ from: START })).events.map((e) => e.caseId)).toEqual(['S-1']);
      await Promise.all(stores.map((s) => s.close()));
    } finally {
      await db.drop();
    }
  });

  it('once there, is not locked again by a process that starts while another appends (it waited for the append, or deadlocked with it)', async () => {
    const db = await createTestDatabase();
    const first = await createEventStore(db.url);
    const writer = new Client({ connectionString: db.url });
    await writer.connect();
    try {
      // An append under way elsewhere: its transaction holds the log's tables as an INSERT does.
      await writer.query('BEGIN');
      await writer.query('LOCK TABLE vt_events, vt_streams IN ROW EXCLUSIVE MODE');
      await writer.query('SELECT count(*) FROM vt_erased_event_ids');
      const second = createEventStore(db.url);
      const opened = await within(second, 3_000);
      await writer.query('COMMIT');
      expect(opened).not.toBe('still waiting');
      await (await second).close();
    } finally {
      await writer.end();
      await first.close();
      await db.drop();
    }
  });
});

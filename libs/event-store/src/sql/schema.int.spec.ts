import { createTestDatabase, describeWithPostgres } from '../../../../test/support/services';
import { createEventStore } from '../create-event-store';
import { START } from '../event-store.port';
import { melding } from '../../../../test/support/event-factory';

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
});

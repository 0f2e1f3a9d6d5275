import { Client } from 'pg';
import { melding } from '../../../../test/support/event-factory';
import { createTestDatabase, describeWithPostgres, PG_ADMIN_URL } from '../../../../test/support/services';
import { createEventStore } from '../create-event-store';
import { START } from '../event-store.port';
import { CatchUpSubscription } from '../subscribe-to-all';

describeWithPostgres('reads behind an older transaction still in flight (PostgreSQL)', () => {
  it('holds newer events back as pending, and the subscription is not caught up until they are read', async () => {
    const db = await createTestDatabase();
    const store = await createEventStore(db.url);
    // A transaction with an xid, in another database of the cluster: the snapshot xmin is cluster-wide.
    const blocker = new Client({ connectionString: PG_ADMIN_URL });
    await blocker.connect();
    try {
      await blocker.query('BEGIN');
      await blocker.query('SELECT pg_current_xact_id()');
      await store.appendBatch([melding('P-1')]);
      const held = await store.readAll({ from: START });
      expect(held).toEqual({ events: [], next: START, pending: true });

      const seen: string[] = [];
      const sub = new CatchUpSubscription(store, { pollIntervalMs: 50, handle: async (events) => void seen.push(...events.map((e) => e.caseId)) }).start();
      await new Promise((r) => setTimeout(r, 300));
      expect(sub.caughtUp).toBe(false);
      await blocker.query('ROLLBACK');
      await sub.waitUntilCaughtUp();
      expect(seen).toEqual(['P-1']);
      await sub.stop();
      expect((await store.readAll({ from: START })).pending).toBeUndefined();
    } finally {
      await blocker.end();
      await store.close();
      await db.drop();
    }
  });
});

import { Client } from 'pg';
import { melding } from '../../../../test/support/event-factory';
import { createTestDatabase, describeWithPostgres, PG_ADMIN_URL } from '../../../../test/support/services';
import { createEventStore } from '../create-event-store';
import { START } from '../event-store.port';
import { CatchUpSubscription } from '../subscribe-to-all';
import { lockAsAppender } from './append-horizon';

describeWithPostgres('the read horizon (PostgreSQL)', () => {
  it('holds newer events back as pending behind an append still in flight, and the subscription is not caught up until they are read', async () => {
    const db = await createTestDatabase();
    const store = await createEventStore(db.url);
    // An append that has its id (and the appender lock) but has not committed yet.
    const appender = new Client({ connectionString: db.url });
    await appender.connect();
    try {
      await appender.query('BEGIN');
      await lockAsAppender({ query: async (sql, params) => (await appender.query(sql, params)).rows });
      await appender.query('SELECT pg_current_xact_id()');
      await store.appendBatch([melding('P-1')]);
      const held = await store.readAll({ from: START });
      expect(held).toEqual({ events: [], next: START, pending: true });

      const seen: string[] = [];
      const sub = new CatchUpSubscription(store, { pollIntervalMs: 50, handle: async (events) => void seen.push(...events.map((e) => e.caseId)) }).start();
      await new Promise((r) => setTimeout(r, 300));
      expect(sub.caughtUp).toBe(false);
      await appender.query('ROLLBACK');
      await sub.waitUntilCaughtUp();
      expect(seen).toEqual(['P-1']);
      await sub.stop();
      expect((await store.readAll({ from: START })).pending).toBeUndefined();
    } finally {
      await appender.end();
      await store.close();
      await db.drop();
    }
  });

  it('is not held back by a long write transaction that appends no events (another database, or a read model page)', async () => {
    const db = await createTestDatabase();
    const store = await createEventStore(db.url);
    const other = new Client({ connectionString: PG_ADMIN_URL });
    const sameDb = new Client({ connectionString: db.url });
    await other.connect();
    await sameDb.connect();
    try {
      await other.query('BEGIN');
      await other.query('SELECT pg_current_xact_id()');
      await sameDb.query('BEGIN');
      await sameDb.query('CREATE TABLE rm_example (n int)');
      await sameDb.query('INSERT INTO rm_example VALUES (1)');
      await store.appendBatch([melding('P-2')]);
      const page = await store.readAll({ from: START });
      expect(page.events.map((e) => e.caseId)).toEqual(['P-2']);
      // Still in order: a second append after the first reads after it.
      await store.appendBatch([melding('P-3')]);
      expect((await store.readAll({ from: page.next })).events.map((e) => e.caseId)).toEqual(['P-3']);
    } finally {
      await other.query('ROLLBACK');
      await sameDb.query('ROLLBACK');
      await other.end();
      await sameDb.end();
      await store.close();
      await db.drop();
    }
  });
});

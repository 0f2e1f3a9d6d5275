import { Client } from 'pg';
import { describeWithPostgres, PG_ADMIN_URL } from '../../../../test/support/services';
import { isServerUnreachable } from '../errors';
import { PgSqlClient } from './pg-sql-client';

describeWithPostgres('PgSqlClient.withTimeLimit (the reports\' reads)', () => {
  it('fails a read still running after the limit as out of reach, and the server cancels the statement', async () => {
    const db = new PgSqlClient(PG_ADMIN_URL);
    const admin = new Client({ connectionString: PG_ADMIN_URL });
    await admin.connect();
    try {
      const reads = db.withTimeLimit(500);
      const started = Date.now();
      const err = await reads.query(`SELECT pg_sleep(20), 'vt-limit-probe' AS tag`).catch((e: unknown) => e);
      expect(Date.now() - started).toBeLessThan(5_000);
      expect(isServerUnreachable(err)).toBe(true);
      expect((err as Error).message).toBe('the database gave no answer within 0.5 s');
      // Nothing of it runs on any more (the client's own timer alone would have left it running for 20 s).
      const running = await admin.query(`SELECT count(*)::int AS n FROM pg_stat_activity WHERE query LIKE '%vt-limit-probe%' AND pid <> pg_backend_pid() AND state = 'active'`);
      expect(running.rows[0].n).toBe(0);
      // The same client's reads go on.
      expect(await reads.query<{ one: number }>('SELECT 1 AS one')).toEqual([{ one: 1 }]);
      // Its other queries have no limit (a rebuild's index builds take minutes).
      expect(await db.query<{ ok: string }>(`SELECT pg_sleep(0.8)::text AS ok`)).toEqual([{ ok: '' }]);
    } finally {
      await admin.end();
      await db.close();
    }
  });
});

describeWithPostgres('PgSqlClient.transaction', () => {
  it('fails as out of reach when its connection is ended between two statements, and the process goes on', async () => {
    const db = new PgSqlClient(PG_ADMIN_URL, 2);
    const admin = new Client({ connectionString: PG_ADMIN_URL });
    await admin.connect();
    // Without a listener on the checked-out connection, its 'error' event would end the process (Jest: the test file fails).
    const uncaught: unknown[] = [];
    const record = (err: unknown) => uncaught.push(err);
    process.on('uncaughtException', record);
    try {
      const outcome = await db
        .transaction(async (tx) => {
          const [{ pid }] = await tx.query<{ pid: number }>('SELECT pg_backend_pid() AS pid');
          // An administrator (or a server restart) ends the session while the transaction is between statements.
          await admin.query('SELECT pg_terminate_backend($1)', [pid]);
          await new Promise((resolve) => setTimeout(resolve, 300));
          await tx.query('SELECT 1');
          return 'committed';
        })
        .catch((err: unknown) => err);
      expect(outcome).toBeInstanceOf(Error);
      expect(isServerUnreachable(outcome)).toBe(true);
      expect(uncaught).toEqual([]);
      // The broken connection was not put back: the next transaction runs.
      expect(await db.transaction(async (tx) => (await tx.query<{ one: number }>('SELECT 1 AS one'))[0].one)).toBe(1);
    } finally {
      process.off('uncaughtException', record);
      await admin.end();
      await db.close();
    }
  });
});

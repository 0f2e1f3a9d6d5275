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

describeWithPostgres('PgSqlClient.listen', () => {
  const waitFor = async (condition: () => boolean, ms: number, poke?: () => Promise<unknown>) => {
    const until = Date.now() + ms;
    while (!condition()) {
      if (Date.now() > until) return false;
      await poke?.();
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    return true;
  };

  it('listens again after its session is ended (a server restart), calls the listener once it is back, and stops for good when told', async () => {
    const db = new PgSqlClient(PG_ADMIN_URL, 2);
    const admin = new Client({ connectionString: PG_ADMIN_URL });
    await admin.connect();
    const channel = `vt_listen_test_${process.pid}`;
    let calls = 0;
    const stop = await db.listen(channel, () => calls++);
    const notify = () => admin.query(`NOTIFY ${channel}`);
    const listening = async () =>
      (await admin.query(`SELECT pid FROM pg_stat_activity WHERE application_name = 'vt-monitor listen' AND datname = current_database() AND query = $1`, [`LISTEN ${channel}`])).rows.map((r) => r.pid as number);
    try {
      await notify();
      expect(await waitFor(() => calls === 1, 5_000)).toBe(true);
      const [first] = await listening();
      expect(first).toBeDefined();

      await admin.query('SELECT pg_terminate_backend($1)', [first]);
      // Back on a new session: the listener is called once for what may have come meanwhile, and
      // notifications arrive again.
      expect(await waitFor(() => calls >= 2, 5_000)).toBe(true);
      const [second] = await listening();
      expect(second).toBeDefined();
      expect(second).not.toBe(first);
      const before = calls;
      await notify();
      expect(await waitFor(() => calls === before + 1, 5_000)).toBe(true);

      await stop();
      let sessions = [second];
      expect(await waitFor(() => sessions.length === 0, 5_000, async () => (sessions = await listening()))).toBe(true);
      const after = calls;
      await notify();
      await new Promise((resolve) => setTimeout(resolve, 700));
      expect(calls).toBe(after);
    } finally {
      await stop();
      await admin.end();
      await db.close();
    }
  });

  it('does not listen again when stopped while its lost session waits to be opened again', async () => {
    // A first retry after 3 s: the test stops the client well inside that wait, whatever the machine's load.
    const db = new PgSqlClient(PG_ADMIN_URL, 2, 3_000);
    const admin = new Client({ connectionString: PG_ADMIN_URL });
    await admin.connect();
    const channel = `vt_listen_stop_${process.pid}`;
    const sessions = async () =>
      (await admin.query(`SELECT pid FROM pg_stat_activity WHERE application_name = 'vt-monitor listen' AND query = $1`, [`LISTEN ${channel}`])).rows.map((r) => r.pid as number);
    let calls = 0;
    const stop = await db.listen(channel, () => calls++);
    try {
      const [pid] = await sessions();
      await admin.query('SELECT pg_terminate_backend($1)', [pid]);
      let left = [pid];
      expect(await waitFor(() => left.length === 0, 2_000, async () => (left = await sessions()))).toBe(true);
      await new Promise((resolve) => setTimeout(resolve, 300)); // the client has seen its session end
      await stop();
      await new Promise((resolve) => setTimeout(resolve, 4_000)); // past the retry it would have made
      expect(await sessions()).toEqual([]);
      expect(calls).toBe(0);
    } finally {
      await admin.end();
      await db.close();
    }
  });
});

import { Client } from 'pg';
import { melding, eersteContact } from '../../../../test/support/event-factory';
import { createTestDatabase, describeWithPostgres } from '../../../../test/support/services';
import { startService, type RunningService } from '../start-service';

/** Manual VACUUMs of one table so far (PostgreSQL's statistics; autovacuum counts apart). */
async function vacuums(client: Client, table: string): Promise<number> {
  // The statistics are sent at the end of each transaction; a new snapshot of them for each read.
  await client.query('SELECT pg_stat_clear_snapshot()');
  const { rows } = await client.query<{ n: string }>(`SELECT vacuum_count AS n FROM pg_stat_user_tables WHERE relname = $1`, [table]);
  return Number(rows[0]?.n ?? 0);
}

async function until<T>(read: () => Promise<T>, done: (value: T) => boolean, ms = 10_000): Promise<T> {
  const end = Date.now() + ms;
  let value = await read();
  while (!done(value) && Date.now() < end) {
    await new Promise((r) => setTimeout(r, 100));
    value = await read();
  }
  return value;
}

describeWithPostgres('DELETE /api/v1/organisations/{org}/cases/{id} on PostgreSQL', () => {
  let service: RunningService;
  let client: Client;
  let drop: () => Promise<void>;
  beforeAll(async () => {
    const db = await createTestDatabase();
    drop = db.drop;
    service = await startService({ port: 0, storeUrl: db.url, logger: false });
    client = new Client({ connectionString: db.url });
    await client.connect();
  });
  afterAll(async () => {
    await client.end();
    await service.close();
    await drop();
  });

  it('answers, then runs a VACUUM of the log and of the read models (the erased rows leave their pages)', async () => {
    const res = await fetch(`${service.url}/api/v1/events`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify([melding('E-1'), eersteContact('E-1'), melding('E-2')]),
    });
    expect(res.status).toBe(200);
    const before = { log: await vacuums(client, 'vt_events'), cases: await vacuums(client, 'rm_cases') };

    const erased = await fetch(`${service.url}/api/v1/organisations/VTIJ/cases/E-1`, { method: 'DELETE' });
    expect(erased.status).toBe(200);
    expect(await erased.json()).toEqual({ organisation: 'VTIJ', eventsErased: 2 });

    expect(await until(() => vacuums(client, 'vt_events'), (n) => n > before.log)).toBeGreaterThan(before.log);
    expect(await until(() => vacuums(client, 'rm_cases'), (n) => n > before.cases)).toBeGreaterThan(before.cases);
    const { rows } = await client.query(`SELECT stream_id, count(*)::int AS n FROM vt_events GROUP BY stream_id ORDER BY stream_id`);
    expect(rows).toEqual([{ stream_id: 'VTIJ:E-2', n: 1 }]);
  });
});

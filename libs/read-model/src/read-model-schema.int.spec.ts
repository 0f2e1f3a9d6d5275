import { randomUUID } from 'node:crypto';
import { Client } from 'pg';
import { createEventStore, SqlEventStore } from '../../event-store/src';
import type { VtEvent } from '../../events/src';
import { createProjectionConfig } from '../../projections/src';
import { createTestDatabase, describeWithPostgres } from '../../../test/support/services';
import { openReadModel } from './read-model';

describeWithPostgres('read model schema (PostgreSQL)', () => {
  it('is created once when several services open an empty database at the same moment', async () => {
    const db = await createTestDatabase();
    const stores = await Promise.all(Array.from({ length: 4 }, () => createEventStore(db.url)));
    try {
      const models = await Promise.all(stores.map((s) => openReadModel(s, createProjectionConfig())));
      const rows = await models[0].db.query<{ name: string }>(`SELECT tablename AS name FROM pg_tables WHERE tablename LIKE 'rm\\_%' ORDER BY 1`);
      expect(rows.map((r) => r.name)).toEqual(['rm_case_facts', 'rm_cases', 'rm_checkpoints', 'rm_quality']);
      await Promise.all(models.map((m) => m.close()));
    } finally {
      await Promise.all(stores.map((s) => s.close()));
      await db.drop();
    }
  });

  it('replaces read models of the earlier layout, and the runner builds them again from the log', async () => {
    const db = await createTestDatabase();
    const store = (await createEventStore(db.url)) as SqlEventStore;
    try {
      const melding = { id: randomUUID(), type: 'MeldingOntvangen', organisation: 'VTIJ', caseId: 'L1', occurredAt: '2024-03-04T09:00:00+01:00', data: { gemeente: 'GM0193', melder: { soort: 'beroepsmatig', groep: 'justitie_en_veiligheid' }, aard: ['partnergeweld'], crisis: false } } as VtEvent;
      await store.appendBatch([melding]);
      // The layout before the folds were stored with the cases, with a checkpoint past the melding.
      await store.sql.query(`CREATE TABLE rm_checkpoints (name text PRIMARY KEY, position text NOT NULL, updated_at timestamptz NOT NULL DEFAULT now());
        CREATE TABLE rm_cases (case_key text NOT NULL, organisation text NOT NULL, first_at timestamptz NOT NULL, last_at timestamptz NOT NULL, closed_at timestamptz, closed_recorded_at timestamptz, retractions boolean NOT NULL);
        CREATE TABLE rm_facts (case_key text NOT NULL, organisation text NOT NULL, key text NOT NULL, date date NOT NULL, gemeente text NOT NULL, dims jsonb NOT NULL, tijdig boolean, days integer);
        CREATE TABLE rm_spans (case_key text NOT NULL);
        CREATE TABLE rm_quality (case_key text NOT NULL, organisation text NOT NULL, case_id text NOT NULL, kind text NOT NULL, event_id text);
        INSERT INTO rm_checkpoints (name, position) VALUES ('indicators', '999999999:1');`);
      const readModel = await openReadModel(store, createProjectionConfig());
      const tables = await store.sql.query<{ name: string }>(`SELECT tablename AS name FROM pg_tables WHERE tablename LIKE 'rm\\_%' ORDER BY 1`);
      expect(tables.map((t) => t.name)).toEqual(['rm_case_facts', 'rm_cases', 'rm_checkpoints', 'rm_quality']);
      const runner = readModel.createRunner();
      await runner.start();
      await runner.waitUntilCaughtUp();
      await runner.stop();
      const march = await readModel.queries.flowReport('VTIJ', '2024-03');
      expect(march.rows.find((r) => r.key === 'meldingen' && Object.keys(r.by).length === 0)?.value).toBe(1);
      await readModel.close();
    } finally {
      await store.close();
      await db.drop();
    }
  });

  it('once there, is not locked again by a service that starts while another writes the read models; an index missing (a rebuild killed before it built them) is made', async () => {
    const db = await createTestDatabase();
    const store = await createEventStore(db.url);
    const first = await openReadModel(store, createProjectionConfig());
    const writer = new Client({ connectionString: db.url });
    await writer.connect();
    try {
      // A page being applied elsewhere: its transaction holds the read models' tables as its writes do.
      await writer.query('BEGIN');
      await writer.query('LOCK TABLE rm_cases, rm_case_facts, rm_quality, rm_checkpoints IN ROW EXCLUSIVE MODE');
      const second = openReadModel(store, createProjectionConfig());
      const opened = await Promise.race([second, new Promise<'still waiting'>((resolve) => setTimeout(() => resolve('still waiting'), 3_000))]);
      await writer.query('COMMIT');
      expect(opened).not.toBe('still waiting');
      await (await second).close();

      await writer.query('DROP INDEX rm_cases_org_open');
      const third = await openReadModel(store, createProjectionConfig());
      expect((await writer.query(`SELECT to_regclass('rm_cases_org_open') IS NOT NULL AS made`)).rows[0].made).toBe(true);
      await third.close();
    } finally {
      await writer.end();
      await first.close();
      await store.close();
      await db.drop();
    }
  });
});

import { createEventStore, SqlEventStore } from '../../event-store/src';
import { createProjectionConfig } from '../../projections/src';
import { melding, triage } from '../../../test/support/event-factory';
import { createTestDatabase, describeWithPostgres } from '../../../test/support/services';
import { openReadModel } from './read-model';

// pgstattuple (PostgreSQL's contrib, in Debian's server package) counts the dead tuples in a table's pages.
describeWithPostgres('after an erasure (PostgreSQL)', () => {
  it('VACUUM takes the erased rows out of the pages of the log and the read models', async () => {
    const db = await createTestDatabase();
    const store = (await createEventStore(db.url)) as SqlEventStore;
    const readModel = await openReadModel(store, createProjectionConfig());
    try {
      await store.appendBatch([melding('E-1'), triage('E-1'), melding('E-2')]);
      const runner = readModel.createRunner();
      await runner.start();
      await runner.waitUntilCaughtUp();
      await runner.stop();
      await store.sql.query('CREATE EXTENSION IF NOT EXISTS pgstattuple');
      const dead = async (table: string) => (await store.sql.query<{ n: number }>(`SELECT dead_tuple_count::int AS n FROM pgstattuple($1)`, [table]))[0].n;

      await store.eraseCase('VTIJ', 'E-1');
      await readModel.eraseCase('VTIJ', 'E-1');
      // Deleted, but still in the pages until a VACUUM.
      expect(await dead('vt_events')).toBeGreaterThanOrEqual(2);
      expect(await dead('rm_cases')).toBeGreaterThanOrEqual(1);

      await readModel.vacuumAfterErasure();
      for (const table of ['vt_events', 'vt_streams', 'rm_cases', 'rm_case_facts', 'rm_quality']) expect([table, await dead(table)]).toEqual([table, 0]);
      expect((await store.readStream('VTIJ', 'E-2')).map((e) => e.type)).toEqual(['MeldingOntvangen']);
    } finally {
      await readModel.close();
      await store.close();
      await db.drop();
    }
  });
});

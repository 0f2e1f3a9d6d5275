import { createEventStore, SqlEventStore } from '../../event-store/src';
import { createProjectionConfig } from '../../projections/src';
import { melding, triage } from '../../../test/support/event-factory';
import { createTestDatabase, describeWithPostgres } from '../../../test/support/services';
import { openReadModel } from './read-model';

// pgstattuple (PostgreSQL's contrib, in Debian's server package) counts the tuples in the pages of a
// table or a B-tree index, live and dead.
describeWithPostgres('after an erasure (PostgreSQL)', () => {
  it('VACUUM takes the erased rows and their index entries out of the pages of the log and the read models', async () => {
    const db = await createTestDatabase();
    const store = (await createEventStore(db.url)) as SqlEventStore;
    const readModel = await openReadModel(store, createProjectionConfig());
    try {
      // Enough cases that one case's rows lie on under 2 % of a table's pages: a plain VACUUM then
      // skips the indexes, and their entries (which hold the case's stream id) stay.
      const others = Array.from({ length: 1500 }, (_, i) => melding(`O-${i}`));
      await store.appendBatch([melding('E-1'), triage('E-1'), ...others]);
      const runner = readModel.createRunner({ bulkFromEvents: 1_000_000 });
      await runner.start();
      await runner.waitUntilCaughtUp();
      await runner.stop();
      await store.sql.query('CREATE EXTENSION IF NOT EXISTS pgstattuple');
      const tuples = async (relation: string) =>
        (await store.sql.query<{ live: number; dead: number }>(`SELECT tuple_count::int AS live, dead_tuple_count::int AS dead FROM pgstattuple($1)`, [relation]))[0];
      const rows = async (table: string) => (await store.sql.query<{ n: number }>(`SELECT count(*)::int AS n FROM ${table}`))[0].n;
      const [pages] = await store.sql.query<{ n: number }>(`SELECT (pg_relation_size('vt_events') / current_setting('block_size')::int)::int AS n`);
      expect(pages.n).toBeGreaterThan(50);

      await store.eraseCase('VTIJ', 'E-1');
      await readModel.eraseCase('VTIJ', 'E-1');
      // Deleted, but still in the pages, index entries included.
      expect((await tuples('vt_events')).dead).toBeGreaterThanOrEqual(2);
      const index = await tuples('vt_events_stream_id_stream_version_key');
      expect(index.live + index.dead).toBeGreaterThan(await rows('vt_events'));

      await readModel.vacuumAfterErasure();
      for (const table of ['vt_events', 'vt_streams', 'rm_cases', 'rm_case_facts', 'rm_quality']) expect([table, (await tuples(table)).dead]).toEqual([table, 0]);
      // Every index entry left is a live row's.
      for (const [index, table] of [
        ['vt_events_stream_id_stream_version_key', 'vt_events'],
        ['vt_streams_pkey', 'vt_streams'],
        ['rm_cases_case', 'rm_cases'],
        ['rm_case_facts_case', 'rm_case_facts'],
      ]) {
        expect([index, await tuples(index)]).toEqual([index, { live: await rows(table), dead: 0 }]);
      }
      expect((await store.readStream('VTIJ', 'O-7')).map((e) => e.type)).toEqual(['MeldingOntvangen']);
    } finally {
      await readModel.close();
      await store.close();
      await db.drop();
    }
  });
});

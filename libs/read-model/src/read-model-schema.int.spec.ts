import { createEventStore } from '../../event-store/src';
import { createProjectionConfig } from '../../projections/src';
import { createTestDatabase, describeWithPostgres } from '../../../test/support/services';
import { openReadModel } from './read-model';

describeWithPostgres('read model schema (PostgreSQL)', () => {
  it('is created once when several services open an empty database at the same moment', async () => {
    const db = await createTestDatabase();
    const stores = await Promise.all(Array.from({ length: 4 }, () => createEventStore(db.url)));
    try {
      const models = await Promise.all(stores.map((s) => openReadModel(s, createProjectionConfig())));
      const rows = await models[0].db.query<{ n: number }>(`SELECT count(*)::int AS n FROM pg_tables WHERE tablename LIKE 'rm\\_%'`);
      expect(rows[0].n).toBeGreaterThanOrEqual(5);
      await Promise.all(models.map((m) => m.close()));
    } finally {
      await Promise.all(stores.map((s) => s.close()));
      await db.drop();
    }
  });
});

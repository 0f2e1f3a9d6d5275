import { createEventStore, type EventStore } from '../../event-store/src';
import { createProjectionConfig } from '../../projections/src';
import { melding } from '../../../test/support/event-factory';
import { createTestDatabase, describeWithPostgres } from '../../../test/support/services';
import { openReadModel, type ReadModel } from './read-model';
import { rebuildReadModels } from './rebuild';

jest.setTimeout(30_000);

// Events the validation now refuses, stored before it did (the store itself does not validate):
// a date in year 10000 in UTC, and year 1. Neither may stop the projections of the other cases.
describeWithPostgres('a case whose events cannot be folded (PostgreSQL)', () => {
  let db: { url: string; drop: () => Promise<void> };
  let store: EventStore;
  let readModel: ReadModel;
  const config = createProjectionConfig();
  beforeEach(async () => {
    db = await createTestDatabase();
    store = await createEventStore(db.url);
    await store.appendBatch([melding('BAD-1', '9999-12-31T23:30:00-01:00'), melding('OK-1', '2024-03-04T10:00:00+01:00'), melding('BAD-2', '0001-01-01T00:00:00+01:00')]);
    readModel = await openReadModel(store, config);
  });
  afterEach(async () => {
    await readModel.close();
    await store.close();
    await db.drop();
  });

  const expectQuarantined = async () => {
    const quality = await readModel.queries.dataQuality('VTIJ');
    expect(quality.kinds).toContainEqual({ kind: 'niet_verwerkbaar', count: 2, caseIds: ['BAD-1', 'BAD-2'] });
    const march = await readModel.queries.flowReport('VTIJ', '2024-03');
    expect(march.rows.find((r) => r.key === 'meldingen' && Object.keys(r.by).length === 0)?.value).toBe(1);
  };

  it('the runner lists it as niet_verwerkbaar and goes on with the others', async () => {
    const runner = readModel.createRunner();
    await runner.start();
    await runner.waitUntilCaughtUp();
    await runner.stop();
    await expectQuarantined();
  });

  it('a rebuild does the same', async () => {
    await rebuildReadModels(store, readModel.db, config);
    await expectQuarantined();
  });
});

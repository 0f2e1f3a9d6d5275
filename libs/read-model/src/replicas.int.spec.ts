import { createEventStore, type EventStore } from '../../event-store/src';
import { createProjectionConfig } from '../../projections/src';
import { melding } from '../../../test/support/event-factory';
import { createTestDatabase, describeWithPostgres } from '../../../test/support/services';
import { openReadModel, type ReadModel } from './read-model';
import type { ProjectionRunner } from './projection-runner';

jest.setTimeout(60_000);

// Two services on one PostgreSQL database: each runs its own projection runner over the same
// read models, and both apply every page. They must count every case once.
describeWithPostgres('two runners on one database (two replicas of serve)', () => {
  let db: { url: string; drop: () => Promise<void> };
  const stores: EventStore[] = [];
  const readModels: ReadModel[] = [];
  const runners: ProjectionRunner[] = [];
  const config = createProjectionConfig();
  beforeEach(async () => {
    db = await createTestDatabase();
    for (let i = 0; i < 2; i++) {
      const store = await createEventStore(db.url);
      const readModel = await openReadModel(store, config);
      stores.push(store);
      readModels.push(readModel);
      runners.push(readModel.createRunner());
    }
  });
  afterEach(async () => {
    for (const r of runners.splice(0)) await r.stop();
    for (const m of readModels.splice(0)) await m.close();
    for (const s of stores.splice(0)) await s.close();
    await db.drop();
  });

  it('apply the same pages one after the other: no case gets two rows, every case counts once', async () => {
    await Promise.all(runners.map((r) => r.start()));
    // Meldingen posted to either replica, one by one, while both runners follow the log.
    const cases = Array.from({ length: 40 }, (_, i) => `REP-${i}`);
    for (const [i, caseId] of cases.entries()) await stores[i % 2].appendBatch([melding(caseId, '2024-03-04T10:00:00+01:00')]);
    await Promise.all(runners.map((r) => r.waitUntilCaughtUp()));
    const doubled = await readModels[0].db.query<{ case_key: string }>('SELECT case_key FROM rm_cases GROUP BY case_key HAVING count(*) > 1');
    expect(doubled).toEqual([]);
    const doubledFacts = await readModels[0].db.query<{ case_key: string }>('SELECT case_key FROM rm_case_facts GROUP BY case_key, month HAVING count(*) > 1');
    expect(doubledFacts).toEqual([]);
    const march = await readModels[1].queries.flowReport('VTIJ', '2024-03');
    expect(march.rows.find((r) => r.key === 'meldingen' && Object.keys(r.by).length === 0)?.value).toBe(cases.length);
    const stock = await readModels[0].queries.stockReport('VTIJ', '2024-03-04T12:00:00+01:00');
    expect(stock.rows.find((r) => r.key === 'wachtlijst' && Object.keys(r.by).length === 0)?.value).toBe(cases.length);
  });

  it('an erasure waits for a page under way in another process, then removes the case', async () => {
    await stores[0].appendBatch([melding('ER-1', '2024-03-04T10:00:00+01:00')]);
    await runners[0].start();
    await runners[0].waitUntilCaughtUp();
    let erased = false;
    let erasing: Promise<void> | undefined;
    // A page under way: the lock pages hold ('vtmo', 4) taken in another transaction.
    await readModels[0].db.transaction(async (tx) => {
      await tx.query('SELECT pg_advisory_xact_lock($1::int, $2::int)', [0x76746d6f, 4]);
      await stores[1].eraseCase('VTIJ', 'ER-1');
      erasing = readModels[1].eraseCase('VTIJ', 'ER-1').then(() => void (erased = true));
      await new Promise((r) => setTimeout(r, 500));
      expect(erased).toBe(false);
    });
    await erasing;
    expect(await readModels[0].db.query("SELECT case_key FROM rm_cases WHERE case_key = 'VTIJ:ER-1'")).toEqual([]);
  });
});

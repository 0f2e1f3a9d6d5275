import { setTimeout as sleep } from 'node:timers/promises';
import { createEventStore, type EventStore } from '../../event-store/src';
import { createProjectionConfig, type ReportRow } from '../../projections/src';
import { melding } from '../../../test/support/event-factory';
import { createTestDatabase, describeWithPostgres } from '../../../test/support/services';
import { markRebuilding, ReadModelsRebuildingError } from './read-complete';
import { FOLD_VERSION } from './fold-version';
import { openReadModel, type ReadModel } from './read-model';
import { withReadModelsToItself } from './read-model-lock';

// Read models on one PostgreSQL database shared by several processes (replicas of `serve`, a
// `vt-monitor rebuild` beside them): a rebuild has them to itself, runners, erasures and other
// rebuilds wait for it (read-model-lock.ts). The tests every backend passes are in read-model.int.spec.ts.

const config = createProjectionConfig();
const value = (rows: ReportRow[], key: string) => rows.find((r) => r.key === key && Object.keys(r.by).length === 0) ?? { key, value: 0 };

const drops: (() => Promise<void>)[] = [];
// DROP DATABASE … WITH (FORCE) can take longer than the default 5 s when the machine is busy.
afterAll(async () => {
  for (const d of drops) await d();
}, 30_000);
describeWithPostgres('PostgreSQL', () => {
  describe('read models shared by several processes', () => {
    let db: { url: string; drop: () => Promise<void> };
    const stores: EventStore[] = [];
    const readModels: ReadModel[] = [];
    /** A store and read models of their own: another process, as far as PostgreSQL can tell. */
    const openProcess = async () => {
      const store = await createEventStore(db.url);
      stores.push(store);
      const readModel = await openReadModel(store, config);
      readModels.push(readModel);
      return { store, readModel };
    };
    beforeEach(async () => {
      db = await createTestDatabase();
      drops.push(db.drop);
    });
    afterEach(async () => {
      for (const r of readModels.splice(0)) await r.close();
      for (const s of stores.splice(0)) await s.close();
    });

    it('rebuilds, with no event to come, read models that a rebuild in another process left half-way, but not while one runs', async () => {
      const a = await openProcess();
      await a.store.appendBatch([melding('K1', '2024-06-01T09:00:00+02:00'), melding('K2', '2024-06-02T09:00:00+02:00')]);
      const runner = a.readModel.createRunner({ watchIntervalMs: 50 });
      const rebuilding = jest.fn();
      runner.on('rebuilding', rebuilding);
      await runner.start();
      await runner.waitUntilCaughtUp();
      const june = async () => value((await a.readModel.queries.flowReport('VTIJ', '2024-06')).rows, 'meldingen').value;
      expect(await june()).toBe(2);
      // Another process rebuilds: it has the read models to itself and has emptied and marked them.
      const b = await openProcess();
      await withReadModelsToItself(b.readModel.db, async () => {
        await b.readModel.db.transaction(async (tx) => {
          await tx.query('TRUNCATE rm_cases, rm_case_facts, rm_quality');
          await markRebuilding(tx);
        });
        await sleep(500); // ten looks: it is running, so the runner leaves it alone
        expect(rebuilding).not.toHaveBeenCalled();
        await expect(june()).rejects.toBeInstanceOf(ReadModelsRebuildingError);
      });
      // It dies there (its lock goes with its session): the runner rebuilds, though no event comes.
      for (let i = 0; i < 100 && rebuilding.mock.calls.length === 0; i++) await sleep(50);
      expect(rebuilding).toHaveBeenCalledTimes(1);
      await runner.waitUntilCaughtUp();
      expect(await june()).toBe(2);
      await runner.stop();
    });

    it('rebuilds, while it follows the log, read models that a process of another release rebuilt with its fold', async () => {
      const a = await openProcess();
      await a.store.appendBatch([melding('V1', '2024-06-01T09:00:00+02:00'), melding('V2', '2024-06-02T09:00:00+02:00')]);
      const runner = a.readModel.createRunner({ watchIntervalMs: 50 });
      const rebuilding = jest.fn();
      runner.on('rebuilding', rebuilding);
      await runner.start();
      await runner.waitUntilCaughtUp();
      // What an older release's rebuild leaves: its rows (one case lost here, as its rule would) and no fold version.
      const b = await openProcess();
      await withReadModelsToItself(b.readModel.db, async () => {
        await b.readModel.db.query(`DELETE FROM rm_case_facts WHERE case_key LIKE '%V1'`);
        await b.readModel.db.query(`DELETE FROM rm_checkpoints WHERE name = 'indicators:fold'`);
        await sleep(300); // while it runs, the runner leaves it alone
        expect(rebuilding).not.toHaveBeenCalled();
      });
      for (let i = 0; i < 100 && rebuilding.mock.calls.length === 0; i++) await sleep(50);
      expect(rebuilding).toHaveBeenCalledTimes(1);
      await runner.waitUntilCaughtUp();
      expect(value((await a.readModel.queries.flowReport('VTIJ', '2024-06')).rows, 'meldingen').value).toBe(2);
      expect(await a.readModel.db.query(`SELECT position FROM rm_checkpoints WHERE name = 'indicators:fold'`)).toEqual([{ position: FOLD_VERSION }]);
      await runner.stop();
    });

    it('lets one of two runners that start at once rebuild, and counts nothing twice', async () => {
      const a = await openProcess();
      const b = await openProcess();
      const events = Array.from({ length: 8 }, (_, i) => melding(`P${i}`, `2024-02-0${i + 1}T09:00:00+01:00`));
      await a.store.appendBatch(events);
      const runners = [a.readModel.createRunner({ bulkFromEvents: 5 }), b.readModel.createRunner({ bulkFromEvents: 5 })];
      const results: unknown[] = [];
      for (const r of runners) r.on('rebuilt', (x) => results.push(x ?? 'skipped'));
      await Promise.all(runners.map((r) => r.start()));
      await Promise.all(runners.map((r) => r.waitUntilCaughtUp()));
      await Promise.all(runners.map((r) => r.stop()));
      expect(results).toHaveLength(2);
      expect(results).toContainEqual({ events: 8, cases: 8 });
      expect(results).toContain('skipped');
      expect(await a.readModel.db.query(`SELECT count(*)::int AS n, count(DISTINCT case_key)::int AS keys FROM rm_cases`)).toEqual([{ n: 8, keys: 8 }]);
      expect(value((await b.readModel.queries.flowReport('VTIJ', '2024-02')).rows, 'meldingen').value).toBe(8);
    });

    it('holds back an erasure while a rebuild has the read models, so the rebuild cannot write the case again', async () => {
      const a = await openProcess();
      const b = await openProcess();
      await a.store.appendBatch([melding('X1', '2024-03-01T09:00:00+01:00'), melding('X2', '2024-03-02T09:00:00+01:00')]);
      const runner = a.readModel.createRunner();
      await runner.start();
      await runner.waitUntilCaughtUp();
      await runner.stop();
      let release!: () => void;
      const rebuild = withReadModelsToItself(b.readModel.db, () => new Promise<void>((r) => (release = r)));
      await new Promise((r) => setTimeout(r, 200));
      let erased = false;
      const erasure = a.readModel.eraseCase('VTIJ', 'X1').then(() => (erased = true));
      await new Promise((r) => setTimeout(r, 700));
      expect(erased).toBe(false);
      release();
      await rebuild;
      await erasure;
      expect(await a.readModel.db.query(`SELECT case_id FROM rm_cases ORDER BY case_id`)).toEqual([{ case_id: 'X2' }]);
    });

    it('survives losing the connection that holds the lock while the rebuild goes on', async () => {
      const a = await openProcess();
      const killed = await withReadModelsToItself(a.readModel.db, async () => {
        const rows = await a.readModel.db.query<{ ok: boolean }>(
          `SELECT pg_terminate_backend(pid) AS ok FROM pg_locks WHERE locktype = 'advisory' AND objid = 3 AND granted AND database = (SELECT oid FROM pg_database WHERE datname = current_database())`,
        );
        await new Promise((r) => setTimeout(r, 300));
        return rows.map((r) => r.ok);
      });
      expect(killed).toEqual([true]);
      // The pool is still usable, and the lock is free.
      expect(await withReadModelsToItself(a.readModel.db, async () => 'again')).toBe('again');
    });

    it('holds back the pages of a running runner while a rebuild has the read models, then applies them', async () => {
      const a = await openProcess();
      const b = await openProcess();
      await a.store.appendBatch([melding('H1', '2024-03-01T09:00:00+01:00')]);
      const runner = a.readModel.createRunner();
      await runner.start();
      await runner.waitUntilCaughtUp();
      let release!: () => void;
      const held = new Promise<void>((r) => (release = r));
      const rebuild = withReadModelsToItself(b.readModel.db, () => held);
      await new Promise((r) => setTimeout(r, 200));
      await a.store.appendBatch([melding('H2', '2024-03-02T09:00:00+01:00')]);
      await new Promise((r) => setTimeout(r, 1000));
      // The runner has read the new page, but waits to write it.
      expect(value((await a.readModel.queries.flowReport('VTIJ', '2024-03')).rows, 'meldingen').value).toBe(1);
      release();
      await rebuild;
      await runner.waitUntilCaughtUp();
      await runner.stop();
      expect(value((await a.readModel.queries.flowReport('VTIJ', '2024-03')).rows, 'meldingen').value).toBe(2);
    });
  });
});

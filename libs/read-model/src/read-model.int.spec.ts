import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createEventStore, type EventStore } from '../../event-store/src';
import type { VtEvent } from '../../events/src';
import { createProjectionConfig, type FlowReport, type ReportRow } from '../../projections/src';
import { ReadModelsRebuildingError } from './read-complete';
import { FOLD_VERSION } from './fold-version';
import { IndicatorQueries } from './indicator-queries';
import { createTestDatabase, describeWithPostgres } from '../../../test/support/services';
import { openReadModel, type ReadModel } from './read-model';
import { rebuildReadModels } from './rebuild';

const config = createProjectionConfig();
const MELDER = { soort: 'beroepsmatig', groep: 'justitie_en_veiligheid' };
const ev = (caseId: string, type: string, occurredAt: string, data: Record<string, unknown> = {}): VtEvent =>
  ({ id: randomUUID(), type, organisation: 'VTIJ', caseId, occurredAt, data }) as VtEvent;
const melding = (caseId: string, at: string, gemeente = 'GM0193') => ev(caseId, 'MeldingOntvangen', at, { gemeente, melder: MELDER, aard: ['partnergeweld'], crisis: false });
const value = (rows: ReportRow[], key: string, by: Record<string, string> = {}) =>
  rows.find((r) => r.key === key && JSON.stringify(r.by) === JSON.stringify(by)) ?? { key, by, value: 0 };

/** Events, the read models through the real runner, and the reports of indicators.md over them. */
function describeReadModel(name: string, open: () => Promise<EventStore>) {
  describe(`read models on ${name}`, () => {
    let store: EventStore;
    let readModel: ReadModel;
    const catchUp = async () => {
      const runner = readModel.createRunner();
      await runner.start();
      await runner.waitUntilCaughtUp();
      await runner.stop();
    };
    beforeEach(async () => {
      store = await open();
      readModel = await openReadModel(store, config);
    });
    afterEach(async () => {
      await readModel.close();
      await store.close();
    });

    it('counts flows per period and stocks at an instant, with terms in werkdagen', async () => {
      // Thursday before Easter 2024: the 5 werkdagen run to Monday 8 April.
      await store.appendBatch([
        melding('A', '2024-03-28T10:00:00+01:00'),
        ev('A', 'TriagebesluitGenomen', '2024-04-08T16:00:00+02:00', { besluit: 'vervolgstappen_veilig_thuis', dienst: 'onderzoek' }),
        melding('B', '2024-04-02T10:00:00+02:00', 'GM0150'),
      ]);
      await catchUp();
      const q2 = await readModel.queries.flowReport('VTIJ', '2024-Q2');
      expect(value(q2.rows, 'meldingen').value).toBe(1);
      expect(value(q2.rows, 'tijdig_pct', { termijn: 'triage' })).toMatchObject({ value: 100, numerator: 1, denominator: 1 });
      const q1 = await readModel.queries.flowReport('VTIJ', '2024-Q1');
      expect(value(q1.rows, 'meldingen', { gemeente: 'GM0193' }).value).toBe(1);
      const at = await readModel.queries.stockReport('VTIJ', '2024-04-10');
      expect(value(at.rows, 'wachtlijst', { fase: 'dienst', dienst: 'onderzoek' }).value).toBe(1);
      // B waits for triage since Tue 2 April: deadline Tue 9 April; on the 10th it is over term.
      expect(value(at.rows, 'wachtlijst_over_termijn', { fase: 'triage' }).value).toBe(1);
      const gemeente = await readModel.queries.stockReport('VTIJ', '2024-04-10', { gemeente: 'GM0150' });
      expect(value(gemeente.rows, 'wachtlijst').value).toBe(1);
    });

    it('gives the same answer for late, out-of-order events, and forgets retracted ones everywhere', async () => {
      const start = ev('C', 'DienstGestart', '2024-05-06T09:00:00+02:00', { dienst: 'voorwaarden_en_vervolg' });
      await store.appendBatch([start]); // arrives before its melding
      await catchUp();
      await store.appendBatch([
        ev('C', 'TriagebesluitGenomen', '2024-05-02T09:00:00+02:00', { besluit: 'vervolgstappen_veilig_thuis', dienst: 'voorwaarden_en_vervolg' }),
        melding('C', '2024-04-29T09:00:00+02:00'),
      ]);
      await catchUp();
      let may = await readModel.queries.flowReport('VTIJ', '2024-05');
      expect(value(may.rows, 'diensten_gestart', { dienst: 'voorwaarden_en_vervolg' }).value).toBe(1);
      expect((await readModel.queries.dataQuality('VTIJ')).kinds).toEqual([]);
      let at = await readModel.queries.stockReport('VTIJ', '2024-05-10');
      expect(value(at.rows, 'open_diensten', { dienst: 'voorwaarden_en_vervolg' }).value).toBe(1);

      await store.appendBatch([ev('C', 'RegistratieIngetrokken', '2024-05-07T09:00:00+02:00', { eventId: start.id, reden: 'registratiefout' })]);
      await catchUp();
      may = await readModel.queries.flowReport('VTIJ', '2024-05');
      expect(value(may.rows, 'diensten_gestart').value).toBe(0);
      at = await readModel.queries.stockReport('VTIJ', '2024-05-10');
      expect(value(at.rows, 'open_diensten').value).toBe(0);
      expect(value(at.rows, 'wachtlijst', { fase: 'dienst', dienst: 'voorwaarden_en_vervolg' }).value).toBe(1);
    });

    it('answers as of a past record time from the events recorded by then', async () => {
      await store.appendBatch([melding('D', '2024-06-03T09:00:00+02:00')]);
      const before = new Date().toISOString();
      await new Promise((r) => setTimeout(r, 20));
      await store.appendBatch([ev('D', 'TriagebesluitGenomen', '2024-06-04T09:00:00+02:00', { besluit: 'overdracht' })]);
      await catchUp();
      const now = await readModel.queries.stockReport('VTIJ', '2024-06-05');
      const then = await readModel.queries.stockReport('VTIJ', '2024-06-05', { asOf: before });
      expect(value(now.rows, 'wachtlijst', { fase: 'overdracht' }).value).toBe(1);
      expect(value(then.rows, 'wachtlijst', { fase: 'triage' }).value).toBe(1);
      expect(value(then.rows, 'wachtlijst', { fase: 'overdracht' }).value).toBe(0);
      const flowsThen = await readModel.queries.flowReport('VTIJ', '2024-06', { asOf: before });
      expect(value(flowsThen.rows, 'triagebesluiten').value).toBe(0);
      expect(flowsThen.asOf).toBe(before);
      // Without asOf, the as-of path and the stored read models agree.
      const future = new Date(Date.now() + 60_000).toISOString();
      expect((await readModel.queries.flowReport('VTIJ', '2024-06', { asOf: future })).rows).toEqual((await readModel.queries.flowReport('VTIJ', '2024-06')).rows);
    });

    it('keeps counting a case closed later as open as of a time before its closure was recorded', async () => {
      await store.appendBatch([melding('G', '2024-08-01T09:00:00+02:00')]);
      const before = new Date().toISOString();
      await new Promise((r) => setTimeout(r, 20));
      // The closure happened on 2 August but was recorded only now.
      await store.appendBatch([ev('G', 'ZaakAfgesloten', '2024-08-02T09:00:00+02:00', { reden: 'afgerond' })]);
      await catchUp();
      expect(value((await readModel.queries.stockReport('VTIJ', '2024-08-05')).rows, 'wachtlijst').value).toBe(0);
      const then = await readModel.queries.stockReport('VTIJ', '2024-08-05', { asOf: before });
      expect(value(then.rows, 'wachtlijst', { fase: 'triage' }).value).toBe(1);
    });

    it('rebuilds to the rows the runner built, with pages that cut through cases', async () => {
      const events: VtEvent[] = [];
      for (let i = 0; i < 7; i++) {
        const id = `R${i}`;
        events.push(melding(id, `2024-09-0${i + 1}T09:00:00+02:00`, i % 2 ? 'GM0150' : 'GM0193'));
        events.push(ev(id, 'TriagebesluitGenomen', `2024-09-1${i}T09:00:00+02:00`, { besluit: 'vervolgstappen_veilig_thuis', dienst: 'onderzoek' }));
        if (i % 3 === 0) events.push(ev(id, 'DienstGestart', `2024-10-0${i + 1}T09:00:00+02:00`, { dienst: 'onderzoek' }));
      }
      // One long case: more events than a page.
      for (let d = 1; d <= 9; d++) events.push(ev('R0', 'ContactTijdensWachten', `2024-09-2${d}T09:00:00+02:00`));
      // Closed cases, one of which gets events recorded after its closure (a late stop, a retraction).
      events.push(ev('R1', 'ZaakAfgesloten', '2024-10-20T09:00:00+02:00', { reden: 'afgerond' }));
      events.push(ev('R2', 'ZaakAfgesloten', '2024-10-21T09:00:00+02:00', { reden: 'afgerond' }));
      await store.appendBatch(events);
      await catchUp();
      const late = [
        ev('R1', 'EersteContactGelegd', '2024-09-03T09:00:00+02:00'),
        ev('R1', 'RegistratieIngetrokken', '2024-10-22T09:00:00+02:00', { eventId: events[4].id, reden: 'registratiefout' }),
      ];
      await store.appendBatch(late);
      events.push(...late);
      await catchUp();
      const reports = async () => [
        (await readModel.queries.flowReport('VTIJ', '2024-Q3')).rows,
        (await readModel.queries.flowReport('VTIJ', '2024-Q4')).rows,
        (await readModel.queries.stockReport('VTIJ', '2024-09-30')).rows,
        (await readModel.queries.stockReport('VTIJ', '2024-10-15')).rows,
      ];
      const incremental = await reports();
      expect(value(incremental[0], 'meldingen').value).toBe(7);
      const progress: string[] = [];
      const threads = new Set<number | undefined>();
      const rebuilt = await rebuildReadModels(store, readModel.db, config, { pageSize: 4, workers: 1, onProgress: (p) => (progress.push(p.phase), p.phase === 'fold' && threads.add(p.workers)) });
      expect(rebuilt).toEqual({ events: events.length, cases: 7 });
      expect(progress).toContain('index');
      // R1's late events are folded in again from its stream, after the indexes are built: a
      // refold deletes a case's rows by its key, which without them scans the whole table.
      expect(progress).toContain('refold');
      expect(progress.lastIndexOf('index')).toBeLessThan(progress.indexOf('refold'));
      expect([...threads]).toEqual([1]);
      expect(await reports()).toEqual(incremental);
      // Worker threads, each folding its share of the cases (PostgreSQL; PGlite folds on this thread).
      if (name === 'PostgreSQL') {
        // The 7 cases really are split: no share of 3 holds them all.
        const shares = await readModel.db.query<{ n: string }>(`SELECT count(DISTINCT stream_id)::text AS n FROM vt_events GROUP BY (hashtext(stream_id) & 2147483647) % 3`);
        expect(shares.length).toBeGreaterThan(1);
        expect(Math.max(...shares.map((s) => Number(s.n)))).toBeLessThan(7);
      }
      threads.clear();
      expect(await rebuildReadModels(store, readModel.db, config, { pageSize: 3, workers: 3, onProgress: (p) => p.phase === 'fold' && threads.add(p.workers) })).toEqual({ events: events.length, cases: 7 });
      expect([...threads]).toEqual([name === 'PostgreSQL' ? 3 : 1]);
      expect(await reports()).toEqual(incremental);
      // The log is read where it is: no copy of it in the read models.
      expect(await readModel.db.query(`SELECT to_regclass('rm_case_events') AS t`)).toEqual([{ t: null }]);
      // And the runner, resuming from the rebuild's checkpoint, adds nothing twice.
      await catchUp();
      expect(await reports()).toEqual(incremental);
      // With room for only 3 open events in memory, cases are folded before their closure and
      // again when more of their events come: the same rows.
      // And with room for 2 held-back fact rows, months are written as the allowance runs out.
      expect(await rebuildReadModels(store, readModel.db, config, { pageSize: 5, maxOpenEvents: 3, maxPendingFacts: 2, workers: 1 })).toEqual({ events: events.length, cases: 7 });
      expect(await reports()).toEqual(incremental);
      // The same in two threads (the allowances are shared between them).
      expect(await rebuildReadModels(store, readModel.db, config, { pageSize: 5, maxOpenEvents: 6, maxPendingFacts: 4, workers: 2 })).toEqual({ events: events.length, cases: 7 });
      expect(await reports()).toEqual(incremental);
    });

    it('gives no figures while a rebuild has the read models: every query says they are being rebuilt', async () => {
      const events: VtEvent[] = [];
      for (let i = 0; i < 6; i++) {
        events.push(melding(`W${i}`, `2024-09-0${i + 1}T09:00:00+02:00`));
        events.push(ev(`W${i}`, 'TriagebesluitGenomen', `2024-09-1${i}T09:00:00+02:00`, { besluit: 'vervolgstappen_veilig_thuis', dienst: 'onderzoek' }));
      }
      events.push(ev('W9', 'DienstAfgerond', '2024-09-20T09:00:00+02:00', { dienst: 'onderzoek' })); // an oddity, for the data-quality view
      await store.appendBatch(events);
      await catchUp();
      const queries = () => [
        readModel.queries.flowReport('VTIJ', '2024-Q3'),
        readModel.queries.stockReport('VTIJ', '2024-09-30'),
        readModel.queries.stockReport('VTIJ', '2024-09-30', { asOf: '2030-01-01' }),
        readModel.queries.overTermijnCases('VTIJ', '2024-09-30T12:00:00+02:00'),
        readModel.queries.dataQuality('VTIJ'),
      ];
      const before = await Promise.all(queries());
      expect(value((before[0] as FlowReport).rows, 'meldingen').value).toBe(6);
      // Asked while the rebuild folds (the tables then hold part of the cases, or none).
      const during: Promise<PromiseSettledResult<unknown>[]>[] = [];
      await rebuildReadModels(store, readModel.db, config, { pageSize: 2, workers: 1, onProgress: (p) => void (p.phase === 'fold' && p.done > 0 && during.length === 0 && during.push(Promise.allSettled(queries()))) });
      const answers = await during[0];
      expect(answers).toHaveLength(5);
      for (const a of answers) expect(a).toMatchObject({ status: 'rejected', reason: expect.any(ReadModelsRebuildingError) });
      expect(await Promise.all(queries())).toEqual(before);
    });

    it('reads again when a rebuild began and ended while it read, and never answers from what it read half-way', async () => {
      await store.appendBatch([melding('G1', '2024-05-01T09:00:00+02:00'), melding('G2', '2024-05-02T09:00:00+02:00', 'GM0150')]);
      await catchUp();
      const before = await readModel.queries.flowReport('VTIJ', '2024-05');
      expect(value(before.rows, 'meldingen').value).toBe(2);
      // The first read of the month's facts finds the tables emptied (as a rebuild empties them),
      // and a whole rebuild runs before the report goes on: the figures it read are none.
      const db = readModel.db;
      let interfered = 0;
      const interfering = new Proxy(db, {
        get(target, name, receiver) {
          if (name !== 'query') return Reflect.get(target, name, receiver);
          return async (sql: string, params?: unknown[]) => {
            if (interfered > 0 || !sql.includes('FROM rm_case_facts')) return target.query(sql, params);
            interfered++;
            await target.transaction((tx) => tx.query('DELETE FROM rm_case_facts'));
            const rows = await target.query(sql, params);
            await rebuildReadModels(store, target, config, { workers: 1 });
            return rows;
          };
        },
      });
      expect(await new IndicatorQueries(interfering, config).flowReport('VTIJ', '2024-05')).toEqual(before);
      expect(interfered).toBe(1);
    });

    it('starts in bulk when nothing is applied yet and the log is long enough, then follows the log', async () => {
      const events: VtEvent[] = [];
      for (let i = 0; i < 6; i++) {
        events.push(melding(`S${i}`, `2024-05-0${i + 1}T09:00:00+02:00`, i % 2 ? 'GM0150' : 'GM0193'));
        events.push(ev(`S${i}`, 'TriagebesluitGenomen', `2024-05-1${i}T09:00:00+02:00`, { besluit: 'vervolgstappen_veilig_thuis', dienst: 'onderzoek' }));
        if (i % 2 === 0) events.push(ev(`S${i}`, 'ZaakAfgesloten', `2024-06-0${i + 1}T09:00:00+02:00`, { reden: 'afgerond' }));
      }
      await store.appendBatch(events);
      await catchUp();
      const reports = async () => [(await readModel.queries.flowReport('VTIJ', '2024-Q2')).rows, (await readModel.queries.stockReport('VTIJ', '2024-05-20')).rows];
      const incremental = await reports();
      // As on a first start: empty read models, no checkpoint.
      await readModel.db.query('TRUNCATE rm_cases, rm_case_facts, rm_quality, rm_checkpoints');
      const runner = readModel.createRunner({ bulkFromEvents: 10 });
      const seen: unknown[] = [];
      runner.on('rebuilt', (r) => seen.push(r));
      runner.on('applied', (page: unknown[]) => seen.push(page.length));
      await runner.start();
      expect(runner.caughtUp).toBe(false);
      await runner.waitUntilCaughtUp();
      // One rebuild, no page applied one by one.
      expect(seen).toEqual([{ events: events.length, cases: 6 }]);
      expect(await reports()).toEqual(incremental);
      // Then it follows the log from the rebuild's checkpoint.
      await store.appendBatch([melding('S9', '2024-05-20T08:00:00+02:00')]);
      await runner.waitUntilCaughtUp();
      await runner.stop();
      expect(seen).toEqual([{ events: events.length, cases: 6 }, 1]);
      expect(value((await readModel.queries.flowReport('VTIJ', '2024-Q2')).rows, 'meldingen').value).toBe(Number(value(incremental[0], 'meldingen').value) + 1);
      // A runner that finds the read models applied does not rebuild.
      const again = readModel.createRunner({ bulkFromEvents: 1 });
      const rebuilt = jest.fn();
      again.on('rebuilt', rebuilt);
      await again.start();
      await again.waitUntilCaughtUp();
      await again.stop();
      expect(rebuilt).not.toHaveBeenCalled();
    });

    it('rebuilds read models that a rebuild left half-way, at a start and under a runner that follows the log', async () => {
      await store.appendBatch([melding('U1', '2024-04-01T09:00:00+02:00'), melding('U2', '2024-04-02T09:00:00+02:00')]);
      await catchUp();
      const april = async () => value((await readModel.queries.flowReport('VTIJ', '2024-04')).rows, 'meldingen').value;
      expect(await april()).toBe(2);
      // What a rebuild that was killed after its first writes leaves behind.
      const dieHalfWay = async () => {
        await readModel.db.query(`DELETE FROM rm_cases WHERE case_key LIKE '%U1'`);
        await readModel.db.query(`DELETE FROM rm_case_facts WHERE case_key LIKE '%U1'`);
        await readModel.db.query(`UPDATE rm_checkpoints SET position = 'rebuilding' WHERE name = 'indicators'`);
      };
      await dieHalfWay();
      // A start (the log is far below bulkFromEvents) rebuilds first.
      const rebuilt = jest.fn();
      const runner = readModel.createRunner();
      runner.on('rebuilt', rebuilt);
      await runner.start();
      await runner.waitUntilCaughtUp();
      expect(rebuilt).toHaveBeenCalledTimes(1);
      expect(await april()).toBe(2);
      // A runner that follows the log finds it at its next page: it rebuilds instead of applying.
      await dieHalfWay();
      await store.appendBatch([melding('U3', '2024-04-03T09:00:00+02:00')]);
      await runner.waitUntilCaughtUp();
      await runner.stop();
      expect(rebuilt).toHaveBeenCalledTimes(2);
      expect(await april()).toBe(3);
      expect(await readModel.db.query(`SELECT position <> 'rebuilding' AS done FROM rm_checkpoints WHERE name = 'indicators'`)).toEqual([{ done: true }]);
    });

    it('rebuilds read models folded by another release when it opens them, and gives no figures until then', async () => {
      await store.appendBatch([melding('F1', '2024-04-01T09:00:00+02:00'), melding('F2', '2024-04-02T09:00:00+02:00')]);
      await catchUp();
      const version = () => readModel.db.query<{ position: string }>(`SELECT position FROM rm_checkpoints WHERE name = 'indicators:fold'`);
      expect(await version()).toEqual([{ position: FOLD_VERSION }]);
      // What an earlier release left: its rows (one case's lost here, as a rule put right would change them) under its own fold.
      await readModel.db.query(`DELETE FROM rm_case_facts WHERE case_key LIKE '%F1'`);
      await readModel.db.query(`UPDATE rm_checkpoints SET position = 'an earlier fold' WHERE name = 'indicators:fold'`);
      const april = async (rm: ReadModel) => value((await rm.queries.flowReport('VTIJ', '2024-04')).rows, 'meldingen').value;
      expect(await april(readModel)).toBe(1);

      const reopened = await openReadModel(store, config);
      try {
        await expect(reopened.queries.flowReport('VTIJ', '2024-04')).rejects.toBeInstanceOf(ReadModelsRebuildingError);
        const rebuilt = jest.fn();
        const runner = reopened.createRunner();
        runner.on('rebuilt', rebuilt);
        await runner.start();
        await runner.waitUntilCaughtUp();
        await runner.stop();
        expect(rebuilt).toHaveBeenCalledTimes(1);
        expect(await april(reopened)).toBe(2);
        expect(await version()).toEqual([{ position: FOLD_VERSION }]);
        // Opened again with the same fold: nothing to do.
        const again = await openReadModel(store, config);
        expect(await april(again)).toBe(2);
        await again.close();
      } finally {
        await reopened.close();
      }
    });

    it('reports the building of every index, ending at all of them (a progress bar ended at 0 of 8)', async () => {
      await store.appendBatch([melding('P-1', '2024-03-01T09:00:00+01:00')]);
      const indexes: { done: number; total?: number }[] = [];
      await rebuildReadModels(store, readModel.db, config, { workers: 1, onProgress: (p) => void (p.phase === 'index' && indexes.push({ done: p.done, total: p.total })) });
      expect(indexes.length).toBeGreaterThan(1);
      expect(indexes[0]).toEqual({ done: 0, total: indexes[0].total });
      expect(indexes[indexes.length - 1]).toEqual({ done: indexes[0].total, total: indexes[0].total });
    });

    it('drops an erased case from every read model, and rebuilds to the same rows', async () => {
      await store.appendBatch([melding('E', '2024-07-01T09:00:00+02:00'), melding('F', '2024-07-02T09:00:00+02:00')]);
      await catchUp();
      await store.eraseCase('VTIJ', 'E');
      await readModel.eraseCase('VTIJ', 'E');
      const july = await readModel.queries.flowReport('VTIJ', '2024-07');
      expect(value(july.rows, 'meldingen').value).toBe(1);
      const rebuilt = await rebuildReadModels(store, readModel.db, config);
      expect(rebuilt).toMatchObject({ cases: 1 });
      expect((await readModel.queries.flowReport('VTIJ', '2024-07')).rows).toEqual(july.rows);
    });
  });
}

const dirs: string[] = [];
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));
describeReadModel('the embedded store', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'vt-rm-'));
  dirs.push(dir);
  return createEventStore(`embedded:${dir}`);
});

const drops: (() => Promise<void>)[] = [];
// DROP DATABASE … WITH (FORCE) can take longer than the default 5 s when the machine is busy.
afterAll(async () => {
  for (const d of drops) await d();
}, 30_000);
describeWithPostgres('PostgreSQL', () => {
  describeReadModel('PostgreSQL', async () => {
    const db = await createTestDatabase();
    drops.push(db.drop);
    return createEventStore(db.url);
  });
});

import { randomUUID } from 'node:crypto';
import { createEventStore, type EventStore } from '../../event-store/src';
import type { VtEvent } from '../../events/src';
import { createProjectionConfig } from '../../projections/src';
import { createTestDatabase, describeWithPostgres } from '../../../test/support/services';
import { legalClockOf, legalClocksWithDeadlines } from './deadline-queries';
import { openReadModel, type ReadModel } from './read-model';

const MELDER = { soort: 'beroepsmatig', groep: 'justitie_en_veiligheid' };
const ev = (caseId: string, type: string, occurredAt: string, data: Record<string, unknown> = {}): VtEvent =>
  ({ id: randomUUID(), type, organisation: 'VTIJ', caseId, occurredAt, data }) as VtEvent;
const melding = (caseId: string, at: string) => ev(caseId, 'MeldingOntvangen', at, { gemeente: 'GM0193', melder: MELDER, aard: ['partnergeweld'], crisis: false });

// On PostgreSQL (PGlite runs the same SQL, and the term-alert tests run on PostgreSQL too).
describeWithPostgres('deadline queries (term alerts)', () => {
  let db: { url: string; drop: () => Promise<void> };
  let store: EventStore;
  let readModel: ReadModel;
  beforeAll(async () => {
    db = await createTestDatabase();
    store = await createEventStore(db.url);
    readModel = await openReadModel(store, createProjectionConfig());
    await store.appendBatch([
      // A: melding Fri 1 March 2024; triage on Tue 5 March sends it to onderzoek (10 weken from then).
      melding('A', '2024-03-01T10:00:00+01:00'),
      ev('A', 'TriagebesluitGenomen', '2024-03-05T10:00:00+01:00', { besluit: 'vervolgstappen_veilig_thuis', dienst: 'onderzoek' }),
      // B: closed the next day: every clock stopped.
      melding('B', '2024-03-04T10:00:00+01:00'),
      ev('B', 'ZaakAfgesloten', '2024-03-05T10:00:00+01:00', { reden: 'geen_vervolg' }),
      // C: an old case still open, its deadlines long before the range.
      melding('C', '2023-01-02T10:00:00+01:00'),
      // D: sent to onderzoek on Tue 4 June 2024 (deadline 13 Aug), then to voorwaarden_en_vervolg
      // (the onderzoek clock ends without a stop), then to onderzoek again on 10 June (deadline 19 Aug).
      melding('D', '2024-06-03T10:00:00+02:00'),
      ev('D', 'TriagebesluitGenomen', '2024-06-04T10:00:00+02:00', { besluit: 'vervolgstappen_veilig_thuis', dienst: 'onderzoek' }),
      ev('D', 'TriagebesluitGenomen', '2024-06-06T10:00:00+02:00', { besluit: 'vervolgstappen_veilig_thuis', dienst: 'voorwaarden_en_vervolg' }),
      ev('D', 'TriagebesluitGenomen', '2024-06-10T10:00:00+02:00', { besluit: 'vervolgstappen_veilig_thuis', dienst: 'onderzoek' }),
    ]);
    const runner = readModel.createRunner();
    await runner.start();
    await runner.waitUntilCaughtUp();
    await runner.stop();
  });
  afterAll(async () => {
    await readModel.close();
    await store.close();
    await db.drop();
  });

  it('lists the legal clocks with a deadline in range that still ran after an instant, across organisations', async () => {
    const clocks = await legalClocksWithDeadlines(readModel.db, { deadlineFrom: '2024-03-01', deadlineTo: '2024-06-01', runningAfter: '2024-03-06T00:00:00+01:00' });
    // A's triage clock stopped on 5 March; B's clocks ended with the closure; onderzoek's vanaf_melding clock is not a legal term.
    expect(clocks.map((c) => [c.caseId, c.termijn, c.deadline, c.to])).toEqual([
      ['A', 'veiligheidsbeoordeling', '2024-03-08', null],
      ['A', 'eerste_contact', '2024-03-11', null],
      ['A', 'onderzoek', '2024-05-14', null],
    ]);
    expect(clocks[0]).toMatchObject({ organisation: 'VTIJ', from: Date.parse('2024-03-01T10:00:00+01:00') });
  });

  it('includes a clock stopped after `runningAfter` (a late stop), not one stopped before', async () => {
    const clocks = await legalClocksWithDeadlines(readModel.db, { deadlineFrom: '2024-03-01', deadlineTo: '2024-03-31', runningAfter: '2024-03-05T09:00:00+01:00' });
    expect(clocks.filter((c) => c.caseId === 'B').map((c) => c.termijn).sort()).toEqual(['eerste_contact', 'triage', 'veiligheidsbeoordeling']);
    expect(clocks.find((c) => c.caseId === 'A' && c.termijn === 'triage')?.to).toBe(Date.parse('2024-03-05T10:00:00+01:00'));
  });

  it('reads one case and term: the legal clock, stopped or not, or null', async () => {
    expect(await legalClockOf(readModel.db, 'VTIJ', 'A', 'triage')).toEqual({
      organisation: 'VTIJ',
      caseId: 'A',
      termijn: 'triage',
      deadline: '2024-03-08',
      from: Date.parse('2024-03-01T10:00:00+01:00'),
      to: Date.parse('2024-03-05T10:00:00+01:00'),
    });
    expect(await legalClockOf(readModel.db, 'VTIJ', 'A', 'onderzoek')).toMatchObject({ deadline: '2024-05-14', to: null });
    expect(await legalClockOf(readModel.db, 'VTIJ', 'A', 'voorwaarden_en_vervolg')).toBeNull();
    expect(await legalClockOf(readModel.db, 'VTNOG', 'A', 'triage')).toBeNull();
  });

  it('of a dienst sent to twice: the clock of the deadline asked for, else the latest (an alert planned for the second one stands)', async () => {
    expect(await legalClockOf(readModel.db, 'VTIJ', 'D', 'onderzoek')).toMatchObject({ deadline: '2024-08-19', from: Date.parse('2024-06-10T10:00:00+02:00'), to: null });
    expect(await legalClockOf(readModel.db, 'VTIJ', 'D', 'onderzoek', '2024-08-19')).toMatchObject({ deadline: '2024-08-19', to: null });
    expect(await legalClockOf(readModel.db, 'VTIJ', 'D', 'onderzoek', '2024-08-13')).toMatchObject({ deadline: '2024-08-13', to: Date.parse('2024-06-06T10:00:00+02:00') });
  });
});

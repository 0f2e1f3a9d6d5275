import { randomUUID } from 'node:crypto';
import { createEventStore, type EventStore } from '../../event-store/src';
import type { VtEvent } from '../../events/src';
import { createProjectionConfig, type ReportRow } from '../../projections/src';
import { createTestDatabase, describeWithPostgres } from '../../../test/support/services';
import { foldSettingsOf, ReadModelSettingsError } from './fold-version';
import { openReadModel, type ReadModel } from './read-model';
import { rebuildReadModels } from './rebuild';

const MELDER = { soort: 'beroepsmatig', groep: 'justitie_en_veiligheid' };
const ev = (caseId: string, type: string, occurredAt: string, data: Record<string, unknown> = {}): VtEvent =>
  ({ id: randomUUID(), type, organisation: 'VTIJ', caseId, occurredAt, data }) as VtEvent;

// VTIJ's triage in 3 werkdagen instead of 5: a triage on the 4th werkdag is late.
const threeDays = createProjectionConfig({ organisations: { VTIJ: { terms: { triage: { length: 3, unit: 'werkdagen' } } } } });
const defaults = createProjectionConfig();
const tijdigTriage = (rows: ReportRow[]) => rows.find((r) => r.key === 'tijdig_pct' && JSON.stringify(r.by) === JSON.stringify({ termijn: 'triage' }));

describe('foldSettingsOf', () => {
  it('is "default" for no settings, and for the default terms or norms spelt out', () => {
    expect(foldSettingsOf(defaults)).toBe('default');
    expect(foldSettingsOf(createProjectionConfig({ organisations: { VTIJ: { terms: { triage: { length: 5, unit: 'werkdagen', normPct: 95 } } } } }))).toBe('default');
  });

  it('changes with a term length or a decree day, not with the order they are written in', () => {
    expect(foldSettingsOf(threeDays)).toMatch(/^sha256:[0-9a-f]{16}$/);
    const a = createProjectionConfig({ extraDecreeDays: ['2029-05-11', '2030-05-31'], organisations: { VTIJ: {}, VTNOG: { terms: { onderzoek: { length: 8, unit: 'weken' } } } } });
    const b = createProjectionConfig({ extraDecreeDays: ['2030-05-31', '2029-05-11', '2029-05-11'], organisations: { VTNOG: { terms: { onderzoek: { length: 8, unit: 'weken' } } } } });
    expect(foldSettingsOf(a)).toBe(foldSettingsOf(b));
    expect(foldSettingsOf(a)).not.toBe(foldSettingsOf(createProjectionConfig({ extraDecreeDays: ['2029-05-11'] })));
  });

  it('leaves out what changes no deadline: a decree day on a weekend or a holiday, weken written as dagen', () => {
    // Sat 9 March 2024; Eerste Kerstdag 2024; 10 May 2024 is built in.
    expect(foldSettingsOf(createProjectionConfig({ extraDecreeDays: ['2024-03-09', '2024-12-25', '2024-05-10'] }))).toBe('default');
    expect(foldSettingsOf(createProjectionConfig({ organisations: { VTIJ: { terms: { onderzoek: { length: 70, unit: 'dagen' } } } } }))).toBe('default');
  });
});

describeWithPostgres('read models folded with other settings (VT_CONFIG)', () => {
  let db: { url: string; drop: () => Promise<void> };
  let store: EventStore;
  const opened: ReadModel[] = [];
  const open = async (config = defaults, otherSettings = false) => {
    const readModel = await openReadModel(store, config, { otherSettings });
    opened.push(readModel);
    return readModel;
  };

  beforeAll(async () => {
    db = await createTestDatabase();
    store = await createEventStore(db.url);
    // Melding Mon 4 March 2024; triage Thu 7 March: 3 werkdagen later (tijdig in 5, and just in 3).
    // Triage of B on Fri 8 March: the 4th werkdag (tijdig in 5, late in 3).
    await store.appendBatch([
      ev('A', 'MeldingOntvangen', '2024-03-04T10:00:00+01:00', { gemeente: 'GM0193', melder: MELDER, aard: ['partnergeweld'], crisis: false }),
      ev('A', 'TriagebesluitGenomen', '2024-03-07T10:00:00+01:00', { besluit: 'geen_vervolgstappen' }),
      ev('B', 'MeldingOntvangen', '2024-03-04T10:00:00+01:00', { gemeente: 'GM0193', melder: MELDER, aard: ['partnergeweld'], crisis: false }),
      ev('B', 'TriagebesluitGenomen', '2024-03-08T10:00:00+01:00', { besluit: 'geen_vervolgstappen' }),
    ]);
  });
  afterAll(async () => {
    for (const r of opened) await r.close();
    await store.close();
    await db.drop();
  });

  it('records the settings of a rebuild; another process with other settings is refused, a rebuild with them is not', async () => {
    const first = await open(threeDays);
    await rebuildReadModels(store, first.db, threeDays);
    expect(tijdigTriage((await first.queries.flowReport('VTIJ', '2024-03')).rows)).toMatchObject({ numerator: 1, denominator: 2 });

    // A report without the VT_CONFIG the read models were built with: refused, naming the way out.
    const refused = await open(defaults).catch((err: unknown) => err);
    expect(refused).toBeInstanceOf(ReadModelSettingsError);
    expect((refused as Error).message).toMatch(/other term settings \(sha256:[0-9a-f]{16}\) than this process has \(default\).*vt-monitor rebuild/);

    // `vt-monitor rebuild` opens them anyway and folds them with its own settings; then the defaults are accepted.
    const rebuilding = await open(defaults, true);
    await rebuildReadModels(store, rebuilding.db, defaults);
    const after = await open(defaults);
    expect(tijdigTriage((await after.queries.flowReport('VTIJ', '2024-03')).rows)).toMatchObject({ numerator: 2, denominator: 2 });
    await expect(open(threeDays)).rejects.toBeInstanceOf(ReadModelSettingsError);
  });

  it('refuses a report of a process whose settings the read models no longer have, from the moment another process rebuilt them', async () => {
    const mine = await open(defaults);
    await rebuildReadModels(store, mine.db, defaults);
    expect(tijdigTriage((await mine.queries.flowReport('VTIJ', '2024-03')).rows)).toMatchObject({ numerator: 2, denominator: 2 });
    const other = await open(threeDays, true);
    await rebuildReadModels(store, other.db, threeDays);
    // No runner needed to notice: the report's own check of the read models' state.
    await expect(mine.queries.flowReport('VTIJ', '2024-03')).rejects.toBeInstanceOf(ReadModelSettingsError);
    await expect(mine.queries.stockReport('VTIJ', '2024-03-31')).rejects.toBeInstanceOf(ReadModelSettingsError);
    await expect(mine.queries.dataQuality('VTIJ')).rejects.toBeInstanceOf(ReadModelSettingsError);
    expect(tijdigTriage((await other.queries.flowReport('VTIJ', '2024-03')).rows)).toMatchObject({ numerator: 1, denominator: 2 });
    // Back to the defaults for the tests after this one.
    await rebuildReadModels(store, mine.db, defaults);
  });

  it('stops a running runner whose settings the read models no longer have (rebuilt by another process), and says why', async () => {
    const mine = await open(defaults);
    const runner = mine.createRunner({ watchIntervalMs: 50 });
    const stopped = new Promise<string>((resolve) => runner.on('error-state', (message: string, err: unknown) => err instanceof ReadModelSettingsError && resolve(message)));
    await runner.start();
    await runner.waitUntilCaughtUp();
    const other = await open(threeDays, true);
    await rebuildReadModels(store, other.db, threeDays);
    expect(await stopped).toMatch(/other term settings/);
    expect(runner.error).toMatch(/other term settings/);
    expect(runner.halted).toMatch(/other term settings/);
    await runner.stop();
  });
});

describeWithPostgres('read models of other settings: empty ones, and a page that waited for another process\'s rebuild', () => {
  let db: { url: string; drop: () => Promise<void> };
  let store: EventStore;
  const opened: ReadModel[] = [];
  const open = async (config = defaults) => {
    const readModel = await openReadModel(store, config);
    opened.push(readModel);
    return readModel;
  };
  const melding = (caseId: string) => ev(caseId, 'MeldingOntvangen', '2024-03-04T10:00:00+01:00', { gemeente: 'GM0193', melder: MELDER, aard: ['partnergeweld'], crisis: false });
  const triage = (caseId: string, day: string) => ev(caseId, 'TriagebesluitGenomen', `2024-03-${day}T10:00:00+01:00`, { besluit: 'geen_vervolgstappen' });

  beforeAll(async () => {
    db = await createTestDatabase();
    store = await createEventStore(db.url);
  });
  afterAll(async () => {
    for (const r of opened) await r.close();
    await store.close();
    await db.drop();
  });

  it('takes the settings of the first process that folds into empty read models, not of one that only opened them', async () => {
    await open(defaults); // records 'default' beside the empty read models (a `seed` of nothing new, say)
    const first = await open(threeDays);
    await store.appendBatch([melding('A'), triage('A', '07')]);
    const runner = first.createRunner({ watchIntervalMs: 60_000 });
    await runner.start();
    await runner.waitUntilCaughtUp();
    await runner.stop();
    await expect(open(defaults)).rejects.toBeInstanceOf(ReadModelSettingsError);
  });

  it('refuses a page that waited while another process rebuilt them with other settings: the case is not folded with the old ones', async () => {
    // A runner of three-day settings follows; another process rebuilds with the defaults.
    const mine = await open(threeDays);
    const runner = mine.createRunner({ watchIntervalMs: 60_000 }); // the watch stays out of it: only the page's own check
    let said = 0;
    const halted = new Promise<void>((resolve) =>
      runner.on('error-state', (_m: string, err: unknown) => {
        if (err instanceof ReadModelSettingsError) said++;
        resolve();
      }),
    );
    await runner.start();
    await runner.waitUntilCaughtUp();
    const other = await openReadModel(store, defaults, { otherSettings: true });
    opened.push(other);
    await rebuildReadModels(store, other.db, defaults);
    // B: triage on the 4th werkdag: late in 3 werkdagen, tijdig in 5.
    await store.appendBatch([melding('B'), triage('B', '08')]);
    await halted;
    expect(runner.halted).toMatch(/other term settings/);
    // Said once (the page's own error is not reported again by the subscription).
    await new Promise((r) => setTimeout(r, 300));
    expect(said).toBe(1);
    await runner.stop();
    // Followed with the defaults, both are tijdig: B was not folded with three days.
    const after = await open(defaults);
    const catchUp = after.createRunner({ watchIntervalMs: 60_000 });
    await catchUp.start();
    await catchUp.waitUntilCaughtUp();
    await catchUp.stop();
    expect(tijdigTriage((await after.queries.flowReport('VTIJ', '2024-03')).rows)).toMatchObject({ numerator: 2, denominator: 2 });
  });
});

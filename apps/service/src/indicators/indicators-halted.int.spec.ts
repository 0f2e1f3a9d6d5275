import { randomUUID } from 'node:crypto';
import { createEventStore, type EventStore } from '../../../../libs/event-store/src';
import type { VtEvent } from '../../../../libs/events/src';
import { createProjectionConfig } from '../../../../libs/projections/src';
import { openReadModel, rebuildReadModels, type ReadModel } from '../../../../libs/read-model/src';
import { createTestDatabase, describeWithPostgres } from '../../../../test/support/services';
import { startService, type RunningService } from '../start-service';

const melding = (caseId: string): VtEvent =>
  ({
    id: randomUUID(),
    type: 'MeldingOntvangen',
    organisation: 'VTIJ',
    caseId,
    occurredAt: '2024-03-04T10:00:00+01:00',
    data: { gemeente: 'GM0193', melder: { soort: 'particulier', groep: 'buurtbewoner' }, aard: ['partnergeweld'], crisis: false },
  }) as VtEvent;

// On PostgreSQL: the read models of a running service rebuilt by another process with other term settings (VT_CONFIG).
describeWithPostgres('a service whose read models another process rebuilt with other settings', () => {
  let db: { url: string; drop: () => Promise<void> };
  let service: RunningService;
  let other: { store: EventStore; readModel: ReadModel };

  beforeAll(async () => {
    db = await createTestDatabase();
    service = await startService({ port: 0, host: '127.0.0.1', storeUrl: db.url, logger: false });
    await service.store.appendBatch([melding('A')]);
    await service.runner.waitUntilCaughtUp();
  });
  afterAll(async () => {
    await service.close();
    await other?.readModel.close();
    await other?.store.close();
    await db.drop();
  });

  it('stops applying events and answers 503 on /health/ready and the reports, saying why', async () => {
    const store = await createEventStore(db.url);
    const threeDays = createProjectionConfig({ organisations: { VTIJ: { terms: { triage: { length: 3, unit: 'werkdagen' } } } } });
    other = { store, readModel: await openReadModel(store, threeDays, { otherSettings: true }) };
    await rebuildReadModels(store, other.readModel.db, threeDays);
    // From that moment, before the runner's halt: the reports, /health/ready and the gauges give none of those figures.
    expect(await (await fetch(`${service.url}/health/ready`)).json()).toMatchObject({ projections: 'stopped', reason: expect.stringMatching(/other term settings/) });
    expect((await fetch(`${service.url}/api/v1/organisations/VTIJ/indicators?at=2024-03-05`)).status).toBe(503);
    expect(await (await fetch(`${service.url}/metrics`)).text()).not.toMatch(/^vt_wachtlijst_cases\{/m);
    // The next page the runner folds finds the other settings: it stops following the log.
    await service.store.appendBatch([melding('B')]);
    for (let i = 0; i < 100 && service.runner.halted === undefined; i++) await new Promise((r) => setTimeout(r, 100));
    expect(service.runner.halted).toMatch(/other term settings/);
    const ready = await fetch(`${service.url}/health/ready`);
    expect([ready.status, await ready.json()]).toEqual([503, expect.objectContaining({ status: 'not ready', projections: 'stopped', reason: expect.stringMatching(/other term settings/) })]);
    const report = await fetch(`${service.url}/api/v1/organisations/VTIJ/indicators?period=2024-03`);
    expect(report.status).toBe(503);
    expect(await report.json()).toMatchObject({ halted: true, error: expect.stringMatching(/vt-monitor rebuild/) });
    // Prometheus sees it too (alert VtProjectiesGestopt): not caught up, halted.
    const metrics = await (await fetch(`${service.url}/metrics`)).text();
    expect(metrics).toMatch(/^vt_projection_halted 1$/m);
    expect(metrics).toMatch(/^vt_projection_caught_up 0$/m);
  });
});

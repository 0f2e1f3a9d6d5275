import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { createProjectionConfig } from '../../../../libs/projections/src';
import { readCheckpoint, REBUILDING, rebuildReadModels, writeCheckpoint } from '../../../../libs/read-model/src';
import { startService, type RunningService } from '../start-service';

const tmp = mkdtempSync(join(tmpdir(), 'vt-metrics-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

describe('GET /metrics', () => {
  let service: RunningService;
  beforeAll(async () => {
    service = await startService({ port: 0, storeUrl: `embedded:${join(tmp, 'store')}`, logger: false });
    const now = Date.now();
    const at = (daysAgo: number) => new Date(now - daysAgo * 86_400_000).toISOString();
    const events = [
      { id: randomUUID(), type: 'MeldingOntvangen', organisation: 'VTIJ', caseId: 'M-secret-1', occurredAt: at(20), data: { gemeente: 'GM0193', melder: { soort: 'beroepsmatig', groep: 'medisch' }, aard: ['onbekend'], crisis: false } },
      { id: randomUUID(), type: 'MeldingOntvangen', organisation: 'VTIJ', caseId: 'M-secret-2', occurredAt: at(1), data: { gemeente: 'GM0193', melder: { soort: 'beroepsmatig', groep: 'medisch' }, aard: ['onbekend'], crisis: false } },
    ];
    expect((await fetch(`${service.url}/api/v1/events`, { method: 'POST', body: JSON.stringify(events) })).status).toBe(200);
    await service.runner.waitUntilCaughtUp();
  });
  afterAll(() => service.close());

  it('exposes the live waiting list, ingest counts and projection state in Prometheus form, with no case ids', async () => {
    const res = await fetch(`${service.url}/metrics`);
    expect(res.headers.get('content-type')).toContain('text/plain');
    const text = await res.text();
    expect(text).toContain('vt_wachtlijst_cases{organisation="VTIJ",fase="triage",dienst=""} 2');
    // The 20-day-old melding is past its 5 werkdagen; the oldest wait is 20 days.
    expect(text).toContain('vt_wachtlijst_over_termijn_cases{organisation="VTIJ",fase="triage"} 1');
    expect(text).toMatch(/vt_wachtlijst_oldest_wait_seconds\{organisation="VTIJ",fase="triage"\} (1728000|1814400)/);
    // Empty fasen and diensten are 0, not absent ("No data" in Grafana), for an organisation with nothing at all too.
    expect(text).toContain('vt_wachtlijst_cases{organisation="VTIJ",fase="overdracht",dienst=""} 0');
    expect(text).toContain('vt_wachtlijst_cases{organisation="VTIJ",fase="dienst",dienst="onderzoek"} 0');
    expect(text).toContain('vt_wachtlijst_over_termijn_cases{organisation="VTIJ",fase="dienst"} 0');
    expect(text).toContain('vt_open_diensten_cases{organisation="VTIJ",dienst="voorwaarden_en_vervolg"} 0');
    expect(text).toContain('vt_wachtlijst_cases{organisation="VTNOG",fase="triage",dienst=""} 0');
    expect(text).toContain('vt_events_ingested_total{organisation="VTIJ",type="MeldingOntvangen"} 2');
    expect(text).toContain('vt_projection_caught_up 1');
    expect(text).toContain('vt_projection_halted 0');
    expect(text).toContain('process_cpu_seconds_total');
    expect(text).not.toContain('M-secret');
  });

  it('repeats the last complete figures while a rebuild has the read models, and says it is rebuilding', async () => {
    const scrape = async () => {
      await sleep(1100); // past the one-second snapshot of a scrape
      return (await fetch(`${service.url}/metrics`)).text();
    };
    const waiting = 'vt_wachtlijst_cases{organisation="VTIJ",fase="triage",dienst=""} 2';
    expect(await scrape()).toContain(waiting);
    // What a rebuild does first: empty the read models and mark them (here no rebuild refills them).
    const db = service.readModel.db;
    await db.transaction(async (tx) => {
      await tx.query('DELETE FROM rm_cases');
      await writeCheckpoint(tx, REBUILDING);
    });
    const during = await scrape();
    expect(during).toContain(waiting);
    expect(during).toContain('vt_wachtlijst_over_termijn_cases{organisation="VTIJ",fase="triage"} 1');
    expect(during).toContain('vt_read_models_rebuilding 1');
    // A real rebuild puts every row back and its own checkpoint in place of the mark.
    expect(await readCheckpoint(db)).toBe(REBUILDING);
    await rebuildReadModels(service.store, db, createProjectionConfig());
    expect(await readCheckpoint(db)).not.toBe(REBUILDING);
    const after = await scrape();
    expect(after).toContain(waiting);
    expect(after).toContain('vt_read_models_rebuilding 0');
  });
});

import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { VtEvent } from '../../../../libs/events/src';
import { readCheckpoint, REBUILDING, writeCheckpoint } from '../../../../libs/read-model/src';
import { startService, type RunningService } from '../start-service';

const tmp = mkdtempSync(join(tmpdir(), 'vt-ind-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));
const tokensFile = join(tmp, 'tokens.json');
const READ = 'read-vtij-0123456789abcdef';
const INGEST = 'ingest-all-0123456789abcdef';
writeFileSync(
  tokensFile,
  JSON.stringify({
    tokens: [
      { name: 'controller-vtij', token: READ, role: 'read', organisations: ['VTIJ'] },
      { name: 'registratie', token: INGEST, role: 'ingest', organisations: '*' },
    ],
  }),
);

const ev = (caseId: string, type: string, occurredAt: string, data: Record<string, unknown> = {}): VtEvent =>
  ({ id: randomUUID(), type, organisation: 'VTIJ', caseId, occurredAt, data }) as VtEvent;
const melding = (caseId: string, at: string) =>
  ev(caseId, 'MeldingOntvangen', at, { gemeente: 'GM0193', melder: { soort: 'particulier', groep: 'buurtbewoner' }, aard: ['kindermishandeling'], crisis: true });

describe('GET /api/v1/organisations/{org}/…', () => {
  let service: RunningService;
  const get = (path: string, headers: Record<string, string> = {}): Promise<Response & { json(): Promise<any> }> => fetch(`${service.url}${path}`, { headers: { authorization: `Bearer ${READ}`, ...headers } });

  beforeAll(async () => {
    service = await startService({ port: 0, host: '127.0.0.1', storeUrl: `embedded:${join(tmp, 'store')}`, tokensFile, logger: false });
    const events = [
      melding('K-1', '2024-09-02T09:00:00+02:00'),
      ev('K-1', 'TriagebesluitGenomen', '2024-09-03T09:00:00+02:00', { besluit: 'vervolgstappen_veilig_thuis', dienst: 'onderzoek' }),
      melding('K-2', '2024-09-20T09:00:00+02:00'),
      ev('K-3', 'DienstAfgerond', '2024-09-21T09:00:00+02:00', { dienst: 'onderzoek' }),
    ];
    const res = await fetch(`${service.url}/api/v1/events`, { method: 'POST', body: JSON.stringify(events), headers: { authorization: `Bearer ${INGEST}` } });
    expect(res.status).toBe(200);
    await service.runner.waitUntilCaughtUp();
  });
  afterAll(() => service.close());

  it('answers a period report in the output shape of indicators.md', async () => {
    const res = await get('/api/v1/organisations/VTIJ/indicators?period=2024-Q3');
    expect(res.status).toBe(200);
    const body: any = await res.json();
    expect(body).toMatchObject({ organisation: 'VTIJ', period: '2024-Q3', from: '2024-07-01', to: '2024-09-30', asOf: null });
    expect(body.rows).toContainEqual({ key: 'meldingen', by: {}, value: 2 });
    expect(body.rows).toContainEqual({ key: 'crisis_meldingen', by: { gemeente: 'GM0193' }, value: 2 });
    expect(body.rows).toContainEqual({ key: 'tijdig_pct', by: { termijn: 'triage' }, value: 100, numerator: 1, denominator: 1 });
  });

  it('answers CSV for Accept: text/csv, with one column per dimension', async () => {
    const res = await get('/api/v1/organisations/VTIJ/indicators?period=2024-Q3&by=gemeente', { accept: 'text/csv' });
    expect(res.headers.get('content-type')).toContain('text/csv');
    const lines = (await res.text()).trim().split('\n');
    // Every dimension of a flow report has its column, whatever was asked, so files line up.
    expect(lines[0]).toBe('organisation,period,from,to,asOf,filter_gemeente,key,gemeente,soort,groep,aard,kanaal,conclusie,besluit,dienst,partij,termijn,klok,stat,value,numerator,denominator');
    expect(lines).toContain('VTIJ,2024-Q3,2024-07-01,2024-09-30,,,meldingen,GM0193,,,,,,,,,,,,2,,');
  });

  it('answers 400 naming a dimension that does not exist, instead of the totals alone', async () => {
    const res = await get('/api/v1/organisations/VTIJ/indicators?period=2024-Q3&by=gemeente,foo');
    expect(res.status).toBe(400);
    expect(((await res.json()) as { error: string }).error).toMatch(/^by: a name given is no dimension of any report; there are gemeente, /);
    expect((await get('/api/v1/organisations/VTIJ/indicators?at=2024-09-30&by=fase,prioriteit')).status).toBe(200);
    // A value that may be free text is named, not repeated.
    const free = await get('/api/v1/organisations/VTIJ/indicators?period=2024-Q3&by=Jan%20Jansen%20Kerkstraat%201');
    expect(free.status).toBe(400);
    const { error } = (await free.json()) as { error: string };
    expect(error).toMatch(/^by: a name given is no dimension of any report; there are /);
    expect(error).not.toMatch(/Jansen/);
    // So is a path that matches no route (Nest's own answer repeats it).
    const route = await get('/api/v1/organisations/VTIJ/cases/Jan%20Jansen');
    expect(route.status).toBe(404);
    expect(await route.text()).not.toMatch(/Jansen/);
  });

  it('answers a stock report at an instant, and the open cases near or past a term', async () => {
    const stock: any = await (await get('/api/v1/organisations/VTIJ/indicators?at=2024-09-30T12:00:00%2B02:00')).json();
    expect(stock.rows).toContainEqual({ key: 'wachtlijst', by: { fase: 'dienst', dienst: 'onderzoek' }, value: 1 });
    expect(stock.definitions.wachtlijst).toContain('fase');
    // K-2 waits for triage since Fri 20 Sep: 5 werkdagen to Fri 27 Sep, so on 30 Sep it is over term.
    const cases: any = await (await get('/api/v1/organisations/VTIJ/cases?status=over_termijn&at=2024-09-30T12:00:00%2B02:00')).json();
    expect(cases.cases).toContainEqual(expect.objectContaining({ caseId: 'K-2', fase: 'triage', termijn: 'triage', deadline: '2024-09-27', overTermijn: true }));
    // Late in the evening of 30 Sep K-2 has waited 10 calendar days (10.6 days of hours): the list and
    // the report's wachttijd_dagen say the same.
    const late = encodeURIComponent('2024-09-30T23:00:00+02:00');
    const lateCases: any = await (await get(`/api/v1/organisations/VTIJ/cases?status=over_termijn&at=${late}`)).json();
    const lateStock: any = await (await get(`/api/v1/organisations/VTIJ/indicators?at=${late}`)).json();
    expect(lateCases.cases.find((c: { caseId: string }) => c.caseId === 'K-2').dagenWachtend).toBe(10);
    expect(lateStock.rows).toContainEqual({ key: 'wachttijd_dagen', by: { fase: 'triage', stat: 'max' }, value: 10 });
  });

  it('lists lifecycle oddities per kind', async () => {
    const quality: any = await (await get('/api/v1/organisations/VTIJ/data-quality')).json();
    expect(quality.kinds).toContainEqual({ kind: 'dienst_afgerond_zonder_start', count: 1, caseIds: ['K-3'] });
  });

  it('refuses organisations the token does not cover, bad queries and missing tokens', async () => {
    expect((await get('/api/v1/organisations/VTNOG/indicators?period=2024')).status).toBe(403);
    expect((await get('/api/v1/organisations/NOPE/indicators?period=2024')).status).toBe(404);
    // A path segment of nine digits may be a BSN: not repeated (one shaped like a code is).
    const bsn = await get('/api/v1/organisations/123456782/indicators?period=2024');
    expect([bsn.status, await bsn.json()]).toEqual([404, { error: 'unknown organisation' }]);
    expect(await (await get('/api/v1/organisations/NOPE/indicators?period=2024')).json()).toEqual({ error: 'unknown organisation NOPE' });
    expect((await get('/api/v1/organisations/VTIJ/indicators?period=2024-Q5')).status).toBe(400);
    expect((await get('/api/v1/organisations/VTIJ/indicators')).status).toBe(400);
    expect((await fetch(`${service.url}/api/v1/organisations/VTIJ/indicators?period=2024`)).status).toBe(401);
  });

  it('refuses a parameter the route does not take, one given twice, an unknown format and an empty value, naming it', async () => {
    const error = async (path: string) => {
      const res = await get(`/api/v1/organisations/VTIJ${path}`);
      return [res.status, ((await res.json()) as { error: string }).error];
    };
    expect(await error('/indicators?period=2024&format=xml')).toEqual([400, 'format: one of json, ndjson, csv']);
    expect(await error('/indicators?period=2024&period=2025')).toEqual([400, 'period: give it once, as one value']);
    expect(await error('/indicators?period=2024&Jansen=1')).toEqual([400, 'unknown query parameter: a name none of the routes takes; this route takes period, at, asOf, gemeente, by, format']);
    expect(await error('/cases?status=over_termijn&asOf=2024-01-01')).toEqual([400, 'unknown query parameter: asOf; this route takes status, at']);
    expect(await error('/indicators?at=2024-13')).toEqual([400, expect.stringMatching(/^at "2024-13" is not an instant/)]);
    expect(await error('/indicators?period=2024&gemeente=')).toEqual([400, expect.stringMatching(/^gemeente: empty/)]);
    expect(await error('/indicators?period=2024&by=gemeente,,aard')).toEqual([400, expect.stringMatching(/^by: an empty dimension name/)]);
  });

  it('counts a case with no melding under gemeente onbekend, which the filter takes, so the gemeenten add up to the total', async () => {
    const total: any = await (await get('/api/v1/organisations/VTIJ/indicators?period=2024-Q3')).json();
    expect(total.rows).toContainEqual({ key: 'diensten_afgerond', by: { gemeente: 'onbekend' }, value: 1 });
    const onbekend: any = await (await get('/api/v1/organisations/VTIJ/indicators?period=2024-Q3&gemeente=onbekend')).json();
    expect(onbekend).toMatchObject({ gemeente: 'onbekend' });
    expect(onbekend.rows).toContainEqual({ key: 'diensten_afgerond', by: {}, value: 1 });
    expect(onbekend.rows.find((r: { key: string; by: object }) => r.key === 'meldingen' && Object.keys(r.by).length === 0)?.value ?? 0).toBe(0);
  });

  it('states the instant of the cases list as the report does (a date: its last instant)', async () => {
    const cases: any = await (await get('/api/v1/organisations/VTIJ/cases?status=over_termijn&at=2024-09-30')).json();
    expect(cases.at).toBe('2024-09-30T23:59:59.999+02:00');
  });

  it('answers 503 with Retry-After while a rebuild has the read models, and the same figures once it is done', async () => {
    const paths = ['/indicators?period=2024-Q3', '/indicators?at=2024-09-30', '/cases?status=over_termijn&at=2024-09-30T12:00:00%2B02:00', '/data-quality'].map((p) => `/api/v1/organisations/VTIJ${p}`);
    const before = await Promise.all(paths.map(async (p) => (await get(p)).json()));
    // What a rebuild in another process (`vt-monitor rebuild` beside this service) leaves while it runs.
    const db = service.readModel.db;
    const checkpoint = await readCheckpoint(db);
    await db.transaction((tx) => writeCheckpoint(tx, REBUILDING));
    try {
      for (const p of paths) {
        const res = await get(p);
        expect(res.status).toBe(503);
        expect(res.headers.get('retry-after')).toBe('15');
        expect(await res.json()).toEqual({ rebuilding: true, error: expect.stringContaining('being rebuilt') });
      }
      expect((await get(paths[0], { accept: 'text/csv' })).status).toBe(503);
      // Not ready either, from the start: a load balancer sends no reads here meanwhile.
      const ready = await fetch(`${service.url}/health/ready`);
      expect([ready.status, await ready.json()]).toEqual([503, expect.objectContaining({ projections: 'rebuilding' })]);
    } finally {
      await db.transaction((tx) => writeCheckpoint(tx, checkpoint));
    }
    expect(await Promise.all(paths.map(async (p) => (await get(p)).json()))).toEqual(before);
  });

  it('is ready once the projections have caught up', async () => {
    expect((await fetch(`${service.url}/health/ready`)).status).toBe(200);
  });
});

import { Client } from 'pg';
import { createEventStore } from '../../../../libs/event-store/src';
import { melding } from '../../../../test/support/event-factory';
import { createTestDatabase, describeWithPostgres, PG_ADMIN_URL } from '../../../../test/support/services';
import { TcpProxy } from '../../../../test/support/tcp-proxy';
import { PROBE_LIMIT_MS, SNAPSHOT_LIMIT_MS } from '../metrics/vt-metrics';
import { startService, type RunningService } from '../start-service';

jest.setTimeout(60_000);

/** The reports' time limit in this test (READ_TIME_LIMIT_MS, 30 s, in the product). */
const READ_LIMIT_MS = 1_500;
/** pg's wait for a new connection (PgSqlClient's connectionTimeoutMillis). */
const CONNECT_LIMIT_MS = 5_000;

// The service on PostgreSQL through a TCP proxy; cutting the proxy makes the database look gone.
describeWithPostgres('the service while its database is out of reach (PostgreSQL through a proxy)', () => {
  let proxy: TcpProxy;
  let drop: () => Promise<void>;
  let dbName: string;
  let service: RunningService;
  let cut = false;
  beforeAll(async () => {
    const db = await createTestDatabase();
    drop = db.drop;
    dbName = new URL(db.url).pathname.slice(1);
    const store = await createEventStore(db.url);
    await store.appendBatch([melding('D-1')]);
    await store.close();
    const target = new URL(PG_ADMIN_URL);
    proxy = new TcpProxy(target.hostname, Number(target.port || 5432));
    const viaProxy = new URL(db.url);
    viaProxy.port = String(await proxy.start());
    service = await startService({ port: 0, storeUrl: viaProxy.toString(), logger: false, readTimeLimitMs: READ_LIMIT_MS });
    await service.runner.waitUntilCaughtUp();
  });
  afterAll(async () => {
    if (cut) await proxy.restore(); // the test failed half-way: the service must reach its database to close
    await service.close();
    await proxy.cut();
    await drop();
  });

  it('answers reads with 503 and Retry-After (as writes), and /metrics with vt_database_up 0 and no figures', async () => {
    const metricsBefore = await (await fetch(`${service.url}/metrics`)).text();
    expect(metricsBefore).toContain('vt_database_up 1');
    expect(metricsBefore).toMatch(/vt_wachtlijst_cases\{organisation="VTIJ",fase="triage",dienst=""\} 1/);
    expect((await fetch(`${service.url}/api/v1/organisations/VTIJ/indicators?period=2024`)).status).toBe(200);

    await proxy.cut();
    cut = true;
    for (const path of ['/api/v1/organisations/VTIJ/indicators?period=2024', '/api/v1/organisations/VTIJ/indicators?at=2024-06-30', '/api/v1/organisations/VTIJ/cases?status=over_termijn']) {
      const res = await fetch(`${service.url}${path}`);
      expect([path, res.status, res.headers.get('retry-after')]).toEqual([path, 503, '5']);
    }
    await new Promise((r) => setTimeout(r, 1_100)); // the metrics snapshot lives a second
    const scrape = await fetch(`${service.url}/metrics`);
    expect(scrape.status).toBe(200);
    const metrics = await scrape.text();
    expect(metrics).toContain('vt_database_up 0');
    expect(metrics).not.toMatch(/^vt_wachtlijst_cases\{/m);

    await proxy.restore();
    cut = false;
    await new Promise((r) => setTimeout(r, 1_100));
    const back = await (await fetch(`${service.url}/metrics`)).text();
    expect(back).toContain('vt_database_up 1');
    expect((await fetch(`${service.url}/api/v1/organisations/VTIJ/indicators?period=2024`)).status).toBe(200);
  });

  it('answers /metrics within its limit when the database stops answering without a reset, and recovers', async () => {
    await new Promise((r) => setTimeout(r, 1_100));
    proxy.freeze();
    try {
      const started = Date.now();
      // Given up by the test after a while, so that a hanging scrape fails it instead of hanging CI.
      const scrape = await fetch(`${service.url}/metrics`, { signal: AbortSignal.timeout(SNAPSHOT_LIMIT_MS + PROBE_LIMIT_MS + 3_000) });
      const waited = Date.now() - started;
      expect(scrape.status).toBe(200);
      expect(await scrape.text()).toContain('vt_database_up 0');
      expect(waited).toBeLessThan(SNAPSHOT_LIMIT_MS + PROBE_LIMIT_MS + 1_500);
      // And the next scrape too.
      expect(await (await fetch(`${service.url}/metrics`, { signal: AbortSignal.timeout(SNAPSHOT_LIMIT_MS + PROBE_LIMIT_MS + 3_000) })).text()).toContain('vt_database_up 0');
    } finally {
      proxy.thaw();
    }
    await new Promise((r) => setTimeout(r, 1_100));
    expect(await (await fetch(`${service.url}/metrics`)).text()).toContain('vt_database_up 1');
  });

  it('answers a report with 503 within its time limit when the database stops answering without a reset (not after TCP keep-alive, minutes later), and recovers', async () => {
    const report = `${service.url}/api/v1/organisations/VTIJ/indicators?period=2024`;
    expect((await fetch(report)).status).toBe(200); // a pooled connection, idle, that the freeze strands
    proxy.freeze();
    try {
      for (const path of ['/api/v1/organisations/VTIJ/indicators?period=2024', '/api/v1/organisations/VTIJ/cases?status=over_termijn']) {
        const started = Date.now();
        // Given up by the test after a while, so that a hanging request fails it instead of hanging CI.
        const res = await fetch(`${service.url}${path}`, { signal: AbortSignal.timeout(READ_LIMIT_MS + CONNECT_LIMIT_MS + 10_000) });
        const waited = Date.now() - started;
        expect([path, res.status, res.headers.get('retry-after')]).toEqual([path, 503, '5']);
        // At most a stranded connection's time limit, then a new connection's wait (the proxy takes it and answers nothing).
        expect(waited).toBeLessThan(READ_LIMIT_MS + CONNECT_LIMIT_MS + 3_000);
      }
    } finally {
      proxy.thaw();
    }
    expect((await fetch(report)).status).toBe(200);
  });

  it('answers 503 and vt_database_up 0, not 500, when the server refuses connections to its database (ALLOW_CONNECTIONS false: SQLSTATE 55000)', async () => {
    const admin = new Client({ connectionString: PG_ADMIN_URL });
    await admin.connect();
    try {
      await admin.query(`ALTER DATABASE ${dbName} ALLOW_CONNECTIONS false`);
      await admin.query('SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1', [dbName]);
      await new Promise((r) => setTimeout(r, 1_100)); // past the metrics snapshot's second
      // Twice each: the first may meet a pooled connection the server ended, the second a refused new one.
      for (let round = 0; round < 2; round++) {
        const report = await fetch(`${service.url}/api/v1/organisations/VTIJ/indicators?period=2024`);
        const ingest = await fetch(`${service.url}/api/v1/events`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify([melding(`D-${round + 2}`)]) });
        expect([round, report.status, ingest.status]).toEqual([round, 503, 503]);
      }
      const scrape = await fetch(`${service.url}/metrics`);
      expect(scrape.status).toBe(200);
      expect(await scrape.text()).toContain('vt_database_up 0');
    } finally {
      await admin.query(`ALTER DATABASE ${dbName} ALLOW_CONNECTIONS true`);
      await admin.end();
    }
    await new Promise((r) => setTimeout(r, 1_100));
    expect((await fetch(`${service.url}/api/v1/organisations/VTIJ/indicators?period=2024`)).status).toBe(200);
  });
});
